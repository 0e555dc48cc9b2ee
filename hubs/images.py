"""Hub photos and logos: an upload is hostile until proven otherwise.

An upload is accepted only if its content decodes, with Pillow restricted to JPEG, PNG and WebP,
within the size and pixel limits. It is then turned upright (EXIF orientation), converted to
sRGB, and re-encoded at the display sizes: the stored files carry no EXIF, GPS, XMP, ICC profile
or comment, and get a server-chosen name (the model's ``upload_to``); the uploader's file name,
extension and content type are never used.

Choices:
- Animated PNG and WebP are refused (a still taken from an animation surprises people). A
  multi-picture JPEG (MPO, as some phones and 3D cameras write) is a photo with extra pictures:
  the primary picture is used.
- Opaque images become JPEG; images with real transparency become WebP: lossless for flat
  artwork such as logos (at most 1024 colours), lossy with an exact alpha channel otherwise.
- Every failure of Pillow on the upload's bytes is a ``ValidationError``, whatever its class: the
  bytes are the attacker's, so any exception from the parser means "not a usable image".
"""

import contextlib
import io
import logging
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT = "image/jpeg,image/png,image/webp"
# Longest side in pixels; "full" is the largest copy kept (the original is never stored).
SIZES = {"thumb": 320, "card": 800, "full": 1600}

JPEG_OPTIONS = {"quality": 85, "optimize": True, "progressive": True}
WEBP_LOSSLESS = {"lossless": True, "quality": 80, "method": 4}
WEBP_LOSSY = {"quality": 85, "alpha_quality": 100, "method": 4}

MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than %(megabytes)s MB."),
    "too_many_pixels": _("The image is larger than %(megapixels)s megapixels."),
    "svg": _("SVG images are not accepted; upload a JPEG, PNG or WebP."),
    "invalid_image": _("This is not a JPEG, PNG or WebP image."),
    "damaged": _("The image file is damaged or incomplete."),
    "animated": _("Animated images are not accepted; upload a still image."),
}
_PARAMS = {
    "too_large": {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
    "too_many_pixels": {"megapixels": MAX_PIXELS // 1_000_000},
}
_SIXTEEN_BIT_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N"}
_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_SRGB = ImageCms.createProfile("sRGB")

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """A decoded, upright, sRGB image in mode L, RGB or RGBA, with no metadata left in ``info``."""

    image: Image.Image
    source_format: str  # "JPEG", "PNG" or "WEBP": what the upload's content decoded as


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """What a ``HubImageField`` cleans to: files ready to save through an ``ImageField``."""

    renditions: dict[str, ContentFile]  # keys of SIZES; names "thumb.jpg", "card.webp"…
    dimensions: dict[str, tuple[int, int]]  # (width, height) of each rendition
    source_format: str


def image_error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=_PARAMS.get(code))


def image_validate_and_normalise(upload: IO[bytes]) -> DecodedImage:
    """Decode an upload, or raise a ``ValidationError``; nothing is written anywhere."""
    data = _read_limited(upload)
    image = _open(data, name=str(getattr(upload, "name", "") or ""))
    source_format = "JPEG" if image.format == "MPO" else str(image.format)
    _check_pixels(image.size)
    if getattr(image, "is_animated", False) and image.format != "MPO":
        raise image_error("animated")
    _decode(image)
    return DecodedImage(image=_converted(image), source_format=source_format)


def image_renditions(image: Image.Image) -> dict[str, ContentFile]:
    """Encode the display sizes (never upscaled); the format follows the image's transparency."""
    sizes = rendition_sizes(image.size)
    full = _resized(image, sizes["full"])
    fmt, extension, options = _encoding(full)
    return {
        key: ContentFile(_encode(_resized(full, size), fmt, options), name=f"{key}.{extension}")
        for key, size in sizes.items()
    }


def _encoding(image: Image.Image) -> tuple[str, str, dict[str, Any]]:
    if not _has_alpha(image):
        return "JPEG", "jpg", JPEG_OPTIONS
    # Flat artwork (most logos) stays sharp; a transparent photo would be huge if lossless.
    flat = image.getcolors(maxcolors=1024) is not None
    return "WEBP", "webp", WEBP_LOSSLESS if flat else WEBP_LOSSY


def rendition_sizes(size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """(width, height) of each rendition of an image of that size."""
    return {key: _fitted(size, longest) for key, longest in SIZES.items()}


def _fitted(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """The longest side at most ``longest``; never larger than the original."""
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def image_process(upload: IO[bytes]) -> ProcessedImage:
    decoded = image_validate_and_normalise(upload)
    with decoded.image as image:
        return ProcessedImage(
            renditions=image_renditions(image),
            dimensions=rendition_sizes(image.size),
            source_format=decoded.source_format,
        )


def _read_limited(upload: IO[bytes]) -> bytes:
    """Read at most one byte more than the limit: a declared size can lie."""
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > MAX_UPLOAD_BYTES:
        raise image_error("too_large")
    if callable(getattr(upload, "seek", None)):
        upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise image_error("too_large")
    if not data:
        raise image_error("empty")
    return data


def _open(data: bytes, *, name: str) -> Image.Image:
    """Read the header only; Pillow's own bomb check fires here, as an error or as a warning."""
    try:
        return Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise image_error("too_many_pixels") from exc
    except UnidentifiedImageError as exc:
        raise image_error("svg" if _looks_like_svg(data, name) else "invalid_image") from exc
    except Exception as exc:  # any parser failure on hostile bytes
        raise image_error("damaged") from exc


def _looks_like_svg(data: bytes, name: str) -> bool:
    head = data[:4096].lower()
    return b"<svg" in head or name.lower().endswith((".svg", ".svgz"))


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise image_error("too_many_pixels")


def _decode(image: Image.Image) -> None:
    """Decode every pixel now, so truncated or broken data fails here and not later."""
    # A large JPEG is decoded at 1/2, 1/4 or 1/8 scale, still at least the "full" size.
    image.draft(None, (SIZES["full"], SIZES["full"]))
    try:
        image.load()
    except Exception as exc:  # any decoder failure on hostile bytes
        raise image_error("damaged") from exc


def _converted(image: Image.Image) -> Image.Image:
    try:
        return _normalised(_upright(image))
    except Exception as exc:  # odd metadata in a decoded file must not become a server error
        logger.warning("Could not convert an uploaded image", exc_info=True)
        raise image_error("damaged") from exc


def _upright(image: Image.Image) -> Image.Image:
    # Unreadable EXIF: the orientation is unknown, so the image is kept as it is.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)
    return image


def _normalised(image: Image.Image) -> Image.Image:
    """L, RGB or RGBA (only if some pixel is transparent), in sRGB, with an empty ``info``."""
    image = _to_srgb(image)
    if image.mode in _SIXTEEN_BIT_MODES:
        image = image.convert("I").point(lambda value: value / 256).convert("L")
        image.info.pop("transparency", None)  # a 16-bit value, meaningless once scaled
    if _has_alpha(image):
        image = image if image.mode == "RGBA" else image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] == 255:
            image = image.convert("RGB")
    elif image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode == "1" else "RGB")
    image.info = {}
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply the embedded colour profile, so the output needs none (it is not stored)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken or unusual profile: plain conversion later


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A new image of that size, with an empty ``info`` (so nothing can leak into the file)."""
    resized = image.copy() if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
    resized.info = {}
    return resized


def _encode(image: Image.Image, fmt: str, options: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


class HubImageField(forms.FileField):
    """A photo or logo upload; cleans to a ``ProcessedImage`` (or the initial file, if unchanged).

    Django's ``ImageField`` is not used: it runs Pillow's ``verify()`` with every format enabled.
    """

    default_error_messages = {"empty": MESSAGES["empty"]}

    def to_python(self, data: Any) -> ProcessedImage | None:
        upload = super().to_python(data)
        return None if upload is None else image_process(upload)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs
