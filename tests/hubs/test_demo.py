"""`manage.py demo` fills Fabrikken completely, so a newcomer sees what a full profile looks like:
drawn, clearly labelled demo pictures processed like uploads, facilities, hours, accessibility
answers and directions in both languages; twice changes nothing; a manager's text stays."""

import re

import pytest
from django.core.management import call_command
from PIL import Image

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
