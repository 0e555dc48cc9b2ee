"""A photo's alt text in both languages, like the hub's own texts: English pages show the English
one, or the Norwegian marked lang="nb" on the <img>; the manager and the admin write both."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from hubs.demo import DEMO_PHOTOS
from hubs.models import Hub, HubPhoto
from tests.factories import HubFactory, HubManagerFactory, HubPhotoFactory
from tests.hubs.hostile_files import CORPUS

pytestmark = pytest.mark.django_db


def _img_tags(html: str, alt: str) -> list[str]:
    return re.findall(rf'<img [^>]*alt="{re.escape(alt)}"[^>]*>', html)


def _og_alt(html: str) -> str:
    return re.search(r'<meta property="og:image:alt" content="([^"]*)"', html).group(1)


def test_english_profile_shows_the_english_alt_text(client):
    hub = HubFactory(slug="fabrikken")
    HubPhotoFactory(hub=hub, alt_text_nb="Langbord i et lyst lokale", alt_text_en="A long table")
    english = client.get("/en/hubs/fabrikken/").content.decode()
    [img] = _img_tags(english, "A long table")
    assert "lang=" not in img
    assert "Langbord i et lyst lokale" not in english
    assert _og_alt(english) == "A long table"
    norwegian = client.get("/hubs/fabrikken/").content.decode()
    [img] = _img_tags(norwegian, "Langbord i et lyst lokale")
    assert "lang=" not in img
    assert _og_alt(norwegian) == "Langbord i et lyst lokale"


def test_english_profile_without_an_english_alt_text_shows_the_norwegian_marked_as_such(client):
    hub = HubFactory(slug="fabrikken")
    HubPhotoFactory(hub=hub, alt_text_nb="Langbord i et lyst lokale", alt_text_en="")
    HubPhotoFactory(hub=hub, alt_text_nb="Kjøkkenet", alt_text_en=None)
    html = client.get("/en/hubs/fabrikken/").content.decode()
    for alt in ("Langbord i et lyst lokale", "Kjøkkenet"):
        [img] = _img_tags(html, alt)
        assert 'lang="nb"' in img
    assert _og_alt(html) == "Langbord i et lyst lokale"


@pytest.fixture
def manager_client(client):
    manager = HubManagerFactory(hub__slug="fabrikken")
    client.force_login(manager.user)
    return client, manager.hub


def test_the_managers_forms_offer_and_save_both_languages(manager_client, settings):
    client, hub = manager_client
    page = client.get("/me/hubs/fabrikken/photos/").content.decode()
    assert 'name="alt_text_nb"' in page
    assert 'name="alt_text_en"' in page
    assert "Alternativ tekst (norsk)" in page
    assert "Alternativ tekst (engelsk)" in page
    good = next(case for case in CORPUS if case.expect == "ok")
    response = client.post(
        "/me/hubs/fabrikken/photos/",
        {
            "image": SimpleUploadedFile(good.name, good.build()),
            "alt_text_nb": " Et lyst lokale ",
            "alt_text_en": " A bright room ",
        },
    )
    assert response.status_code == 302
    photo = HubPhoto.objects.get(hub=hub)
    assert (photo.alt_text_nb, photo.alt_text_en) == ("Et lyst lokale", "A bright room")

    # Edited from the English page: each language goes to its own column.
    response = client.post(
        f"/en/me/hubs/fabrikken/photos/{photo.pk}/",
        {
            f"p{photo.pk}-alt_text_nb": "Et lyst lokale med langbord",
            f"p{photo.pk}-alt_text_en": "A bright room with a long table",
            f"p{photo.pk}-order": "0",
        },
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.alt_text_nb, photo.alt_text_en) == (
        "Et lyst lokale med langbord",
        "A bright room with a long table",
    )
    page = client.get("/en/me/hubs/fabrikken/photos/").content.decode()
    assert _img_tags(page, "A bright room with a long table")

    # The English may be emptied; the Norwegian may not.
    client.post(
        f"/me/hubs/fabrikken/photos/{photo.pk}/",
        {f"p{photo.pk}-alt_text_nb": "Lokalet", f"p{photo.pk}-order": "0"},
    )
    photo.refresh_from_db()
    assert (photo.alt_text_nb, photo.alt_text_en or "") == ("Lokalet", "")
    page = client.get("/en/me/hubs/fabrikken/photos/").content.decode()
    [img] = _img_tags(page, "Lokalet")
    assert 'lang="nb"' in img
    response = client.post(
        f"/me/hubs/fabrikken/photos/{photo.pk}/",
        {
            f"p{photo.pk}-alt_text_nb": " ",
            f"p{photo.pk}-alt_text_en": "Room",
            f"p{photo.pk}-order": "0",
        },
    )
    [(_photo, form)] = response.context["photo_forms"]
    assert "alt_text_nb" in form.errors
    photo.refresh_from_db()
    assert photo.alt_text_nb == "Lokalet"


def test_an_alt_text_written_in_one_language_is_the_norwegian_one():
    """What the factory (and the old single field) set lands in alt_text_nb, as the migration
    copies the old column into it."""
    with translation.override("nb"):
        photo = HubPhotoFactory(alt_text="Folk ved langbordet")
    photo = HubPhoto.objects.get(pk=photo.pk)
    assert photo.alt_text_nb == "Folk ved langbordet"
    assert not photo.alt_text_en


def test_the_demos_photos_have_both_languages(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    photos = list(Hub.objects.get(slug="fabrikken").photos.order_by("order"))
    assert [(p.alt_text_nb, p.alt_text_en) for p in photos] == [
        (nb, en) for nb, en, *_colours in DEMO_PHOTOS
    ]
    assert all(
        en.startswith("Demo picture") and en.endswith("not a photo") for _nb, en, *_ in DEMO_PHOTOS
    )


def test_the_admin_offers_the_alt_text_in_both_languages(client, secretariat_user):
    client.force_login(secretariat_user)
    hub = HubFactory()
    HubPhotoFactory(hub=hub, alt_text_nb="Kjøkkenet", alt_text_en="The kitchen")
    html = client.get(f"/admin/hubs/hub/{hub.pk}/change/").content.decode()
    assert 'name="photos-0-alt_text_nb"' in html
    assert 'value="The kitchen"' in html
