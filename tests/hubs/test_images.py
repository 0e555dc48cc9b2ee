"""Hub photo and logo uploads: every hostile file is a form error or a clean image."""

import io
import warnings
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from hubs.images import (
    ACCEPT,
    SIZES,
    HubImageField,
    ProcessedImage,
    image_process,
    image_renditions,
    image_validate_and_normalise,
)
from tests.hubs.hostile_files import (
    CORPUS,
    FORBIDDEN_BYTES,
    Case,
    gps_exif,
    jpeg,
    jpeg_with_corrupt_exif,
    noise,
    palette_png_with_transparency,
    png_declaring,
    png_sixteen_bit,
)

MESSAGES_EN = {
    "empty": "The file is empty.",
    "too_large": "The file is larger than 10 MB.",
    "too_many_pixels": "The image is larger than 40 megapixels.",
    "svg": "SVG images are not accepted; upload a JPEG, PNG or WebP.",
    "invalid_image": "This is not a JPEG, PNG or WebP image.",
    "damaged": "The image file is damaged or incomplete.",
    "animated": "Animated images are not accepted; upload a still image.",
}
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment"}


class PhotoForm(forms.Form):
    image = HubImageField()


def upload(case: Case) -> SimpleUploadedFile:
    file = SimpleUploadedFile(case.name, case.content(), "application/octet-stream")
    if case.declared_size is not None:
        file.size = case.declared_size
    return file


def upload_of(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "image/jpeg")


def outcome(case: Case) -> tuple[str, ProcessedImage | None]:
    try:
        return "ok", image_process(upload(case))
    except ValidationError as error:
        return str(error.code), None


def fitted(size: tuple[int, int], longest: int) -> tuple[int, int]:
    scale = min(1.0, longest / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def assert_clean(processed: ProcessedImage, *, upright_size, transparent: bool) -> None:
    """Every rendition: the expected format and size, and no metadata or smuggled bytes."""
    fmt, extension = ("WEBP", "webp") if transparent else ("JPEG", "jpg")
    assert sorted(processed.renditions) == sorted(SIZES)
    for key, content in processed.renditions.items():
        content.seek(0)
        data = content.read()
        assert content.name == f"{key}.{extension}"
        assert processed.dimensions[key] == fitted(upright_size, SIZES[key])
        with Image.open(io.BytesIO(data)) as stored:  # every format: see what it really is
            assert (stored.format, stored.size) == (fmt, processed.dimensions[key])
            assert not stored.getexif()
            assert not METADATA_KEYS & set(stored.info)
            assert ("A" in stored.getbands()) is transparent
            stored.load()
        assert [marker for marker in FORBIDDEN_BYTES if marker in data] == []


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_hostile_corpus_has_at_least_30_files_and_each_has_its_expected_outcome():
    results = [(case, outcome(case)[0]) for case in CORPUS]
    print(f"\n{'case':<40} {'file name':<28} {'expected':<16} outcome")
    for case, result in results:
        print(f"{case.id:<40} {case.name[:28]!r:<28} {case.expect:<16} {result}")
    refused = sum(result != "ok" for _, result in results)
    print(f"{len(results)} files tried: {refused} refused, {len(results) - refused} stored clean")
    assert len(CORPUS) >= 30
    assert len({case.id for case in CORPUS}) == len(CORPUS)
    assert [(case.id, result) for case, result in results] == [
        (case.id, case.expect) for case in CORPUS
    ]


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_each_hostile_upload_is_refused_with_its_code_or_stored_clean(case, settings):
    result, processed = outcome(case)
    assert result == case.expect
    if processed is not None:
        assert_clean(processed, upright_size=case.upright_size, transparent=case.transparent)
    assert media_files(settings) == []


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_hub_image_field_puts_the_error_next_to_the_field(case, settings):
    form = PhotoForm(data={}, files={"image": upload(case)})
    with translation.override("en"):
        valid = form.is_valid()
        errors = list(form.errors.get("image", []))
    if case.expect == "ok":
        assert valid, errors
        assert isinstance(form.cleaned_data["image"], ProcessedImage)
    else:
        assert (valid, errors) == (False, [MESSAGES_EN[case.expect]])
        assert [error.code for error in form.errors.as_data()["image"]] == [case.expect]
    assert media_files(settings) == []


def test_gps_exif_is_in_the_upload_but_not_in_the_stored_copy():
    content = jpeg(exif=gps_exif())
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif().get_ifd(0x8825)[2] == (59.0, 54.0, 41.0)
    processed = image_process(upload_of(content))
    for rendition in processed.renditions.values():
        with Image.open(rendition) as stored:
            assert (dict(stored.getexif()), dict(stored.getexif().get_ifd(0x8825))) == ({}, {})


def test_exif_orientation_6_turns_a_40x20_photo_upright():
    photo = Image.new("RGB", (40, 20), "red")
    photo.paste((0, 0, 255), (20, 0, 40, 20))  # right half blue
    content = io.BytesIO()
    photo.save(content, "JPEG", exif=gps_exif(orientation=6), quality=95)
    upright = image_validate_and_normalise(upload_of(content.getvalue())).image
    assert upright.size == (20, 40)
    # Orientation 6 means "rotate 90° clockwise to view": the left (red) half comes on top.
    top, bottom = upright.getpixel((10, 5)), upright.getpixel((10, 35))
    assert top[0] > 200 > top[2]
    assert bottom[2] > 200 > bottom[0]


def test_a_large_photo_gets_three_sizes_and_the_small_one_is_never_upscaled():
    large = image_process(upload_of(jpeg((6000, 4000), quality=50)))
    small = image_process(upload_of(jpeg((500, 250))))
    # The 6000x4000 JPEG is decoded at half scale (3000x2000), still above the "full" size.
    assert large.dimensions == {"thumb": (320, 213), "card": (800, 533), "full": (1600, 1067)}
    assert small.dimensions == {"thumb": (320, 160), "card": (500, 250), "full": (500, 250)}


def test_decoded_image_has_no_metadata_left_in_info():
    decoded = image_validate_and_normalise(upload_of(jpeg(exif=gps_exif(), comment=b"hello")))
    assert (decoded.image.info, decoded.image.mode, decoded.source_format) == ({}, "RGB", "JPEG")


def test_sixteen_bit_grey_keeps_its_tone():
    decoded = image_validate_and_normalise(upload_of(png_sixteen_bit(0, 1), "deep.png"))
    assert (decoded.image.mode, decoded.image.getpixel((0, 0))) == ("L", 40000 // 256)


def test_cmyk_jpeg_becomes_rgb_with_the_same_colour():
    cmyk = io.BytesIO()
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(cmyk, "JPEG", quality=95)
    decoded = image_validate_and_normalise(upload_of(cmyk.getvalue()))
    red, green, blue = decoded.image.getpixel((4, 4))
    assert decoded.image.mode == "RGB"
    assert red > 240
    assert green < 15
    assert blue < 15


def test_transparent_logo_keeps_its_transparency_as_webp():
    processed = image_process(upload_of(palette_png_with_transparency(), "logo.png"))
    with Image.open(processed.renditions["full"]) as stored:
        assert (stored.format, stored.mode) == ("WEBP", "RGBA")
        # Left half opaque blue, right half the transparent palette entry.
        assert (stored.getpixel((4, 16)), stored.getpixel((24, 16))[3]) == ((0, 0, 255, 255), 0)


def test_transparent_photo_is_lossy_webp_and_a_flat_logo_lossless():
    photo = noise((400, 300), mode="RGBA")
    logo = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (50, 50, 350, 250))
    for image, lossless in ((photo, False), (logo, True)):
        with Image.open(image_renditions(image)["full"]) as stored:
            assert stored.format == "WEBP"
            assert (stored.convert("RGBA").tobytes() == image.tobytes()) is lossless


def test_renditions_of_an_image_carrying_metadata_in_info_carry_none():
    image = Image.new("RGB", (64, 48), "teal")
    image.info.update(exif=gps_exif().tobytes(), comment=b"secret", icc_profile=b"secret")
    for content in image_renditions(image).values():
        data = content.read()
        assert [marker for marker in (*FORBIDDEN_BYTES, b"secret") if marker in data] == []


@pytest.mark.parametrize("action", ["ignore", "error"])
def test_pixel_bomb_is_refused_whatever_the_warning_filters(action):
    """10000x10000 makes Pillow warn (not raise); the limit must hold either way."""
    with warnings.catch_warnings():
        warnings.simplefilter(action)
        with pytest.raises(ValidationError) as caught:
            image_process(upload_of(png_declaring(10_000, 10_000), "bomb.png"))
    assert caught.value.code == "too_many_pixels"


def test_corrupt_exif_is_dropped_when_warnings_are_not_errors():
    """Production does not turn Pillow's "Corrupt EXIF data" warning into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        processed = image_process(upload_of(jpeg_with_corrupt_exif()))
    assert_clean(processed, upright_size=(64, 48), transparent=False)


def test_upload_size_is_checked_by_reading_not_by_trusting_the_declared_size():
    content = jpeg() + bytes(11 * 1024 * 1024)
    lying = upload_of(content)
    lying.size = 100
    with pytest.raises(ValidationError) as caught:
        image_validate_and_normalise(lying)
    assert caught.value.code == "too_large"


def test_error_messages_name_the_limit():
    with translation.override("en"):
        for code, message in MESSAGES_EN.items():
            form = PhotoForm(data={}, files={"image": upload(_case_for(code))})
            assert form.errors["image"] == [message]


def _case_for(code: str) -> Case:
    return next(case for case in CORPUS if case.expect == code)


def test_hub_image_field_offers_only_the_accepted_types():
    html = str(PhotoForm()["image"])
    assert ACCEPT == "image/jpeg,image/png,image/webp"
    assert f'accept="{ACCEPT}"' in html


def test_hub_image_field_keeps_the_initial_file_when_nothing_is_uploaded():
    field = HubImageField(required=False)
    assert (field.clean(None, "logos/old.jpg"), field.clean(None)) == ("logos/old.jpg", None)
