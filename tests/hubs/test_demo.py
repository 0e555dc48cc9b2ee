"""`manage.py demo` fills Fabrikken completely, so a newcomer sees what a full profile looks like:
drawn, clearly labelled demo pictures processed like uploads, facilities, hours, accessibility
answers and directions in both languages; twice changes nothing; a manager's text stays."""

import re

import pytest
from django.core.management import call_command
from PIL import Image, ImageColor

from hubs.demo import DEMO_PHOTOS, FULL_PROFILE_FACILITIES
from hubs.models import Hub, HubPhoto
from hubs.services import hub_update_profile, seed_reference_data
from tests.factories import HubPhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    return Hub.objects.get(slug="fabrikken")


def test_demo_fills_every_part_of_fabrikkens_profile_in_both_languages(demo):
    for field in ("opening_hours", "visitor_info", "accessibility_notes", "tagline", "description"):
        for language in ("nb", "en"):
            assert getattr(demo, f"{field}_{language}"), f"{field}_{language}"
    assert demo.email.endswith(".example.org")
    assert (demo.capacity, demo.area, demo.phone) == (40, 1200, "+47 12 34 56 78")
    assert [value for _label, value in demo.accessibility_facts] == [True, True, False, False, True]
    assert sorted(demo.facilities.values_list("slug", flat=True)) == sorted(FULL_PROFILE_FACILITIES)
    # What the seed knows from public sources stays.
    assert demo.website == "https://www.fabrikken.org"
    assert "Steen & Strøm" in demo.tagline_nb


def test_demo_pictures_are_drawn_labelled_and_processed_like_uploads(demo, settings):
    photos = list(demo.photos.order_by("order"))
    assert [photo.alt_text for photo in photos] == [alt for alt, *_colours in DEMO_PHOTOS]
    assert all(alt.startswith("Demobilde") and "ikke et foto" in alt for alt, *_ in DEMO_PHOTOS)
    for photo in photos:
        sizes = {}
        for field in ("image", "card", "thumbnail"):
            with Image.open(getattr(photo, field).path) as image:
                sizes[field] = image.size
                assert image.format == "JPEG"
                assert not image.getexif()
        assert sizes == {"image": (1600, 1067), "card": (800, 534), "thumbnail": (320, 213)}
    assert demo.logo.name.startswith("logos/")


def test_demo_profile_page_shows_every_section(demo, client):
    html = client.get("/hubs/fabrikken/").content.decode()
    headings = re.findall(r'<h2 id="[^"]+" class="[^"]*">([^<]+)</h2>', html)
    # Fabrikken hosts network guests in the demo (visits/demo.py): coworkers may book a day.
    assert headings == ["Kontakt", "Slik besøker du oss", "Bilder", "Om oss",
                        "Arrangementer på Fabrikken", "Jobb en dag her med nettverkspasset",
                        "Lokalet", "Tilgjengelighet"]  # fmt: skip
    assert "har ikke fylt ut profilen" not in html
    assert "Ikke oppgitt ennå" not in html
    assert html.count('alt="Demobilde') == 3
    assert 'alt="Logoen til Fabrikken"' in html
    english = client.get("/en/hubs/fabrikken/").content.decode()
    assert "(Demo text.)" in english
    assert "Not yet translated" not in english


def test_demo_twice_adds_no_photo_and_keeps_a_managers_edits(demo, settings):
    hub_update_profile(hub=demo, changes={"opening_hours_nb": "Stengt i juli"}, user=UserFactory())
    files = sorted(p.name for p in (settings.MEDIA_ROOT / "hubs").rglob("*") if p.is_file())
    call_command("demo", verbosity=0)
    demo.refresh_from_db()
    assert demo.opening_hours_nb == "Stengt i juli"
    assert HubPhoto.objects.filter(hub=demo).count() == 3
    assert sorted(p.name for p in (settings.MEDIA_ROOT / "hubs").rglob("*") if p.is_file()) == (
        files
    )


def test_demo_leaves_a_fabrikken_with_photos_of_its_own_alone(settings):
    settings.DEBUG = True
    seed_reference_data()
    fabrikken = Hub.objects.get(slug="fabrikken")
    HubPhotoFactory(hub=fabrikken, alt_text="Eget bilde")
    call_command("demo", verbosity=0)
    assert list(fabrikken.photos.values_list("alt_text", flat=True)) == ["Eget bilde"]


def _inside_centred_crop(box, size, ratio):
    """Whether the box (left, top, right, bottom) survives a centred crop of the picture to the
    ratio (width / height), as `object-fit: cover` makes it."""
    width, height = size
    keep_width, keep_height = min(width, height * ratio), min(height, width / ratio)
    left, top = (width - keep_width) / 2, (height - keep_height) / 2
    return (
        box[0] >= left
        and box[1] >= top
        and box[2] <= left + keep_width
        and box[3] <= top + keep_height
    )


def test_the_drawn_caption_survives_the_crops_of_the_card_and_the_profile(demo):
    """The directory card shows the photo at 2:1 (a square on a phone), the profile's first photo
    at 16:9, the thumbnails at 3:2: the drawn "coworking-demo" stays whole in each."""
    photo = demo.photos.order_by("order").first()
    _alt, _alt_en, background, accent = DEMO_PHOTOS[0]
    with Image.open(photo.image.path) as image:
        picture = image.convert("RGB")
    width, height = picture.size
    # Below the desks' white bars (which end at 74 % of the height) only the caption is drawn.
    band_top = int(height * 0.76)
    below = picture.crop((0, band_top, width, height))
    pixels = below.load()

    def distance(pixel, colour: str) -> int:
        return sum(abs(a - b) for a, b in zip(pixel, ImageColor.getrgb(colour), strict=True))

    # Pixels nearer the accent colour than the background: the caption's letters.
    letters = [
        (x, y + band_top)
        for y in range(below.height)
        for x in range(below.width)
        if distance(pixels[x, y], accent) < distance(pixels[x, y], background)
    ]
    assert len(letters) > 500, "the caption is drawn"
    xs, ys = [x for x, _y in letters], [y for _x, y in letters]
    box = (min(xs), min(ys), max(xs) + 1, max(ys) + 1)
    for ratio in (2, 1, 16 / 9, 3 / 2):
        assert _inside_centred_crop(box, (width, height), ratio), (ratio, box)
