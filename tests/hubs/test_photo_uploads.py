"""Every hostile file through the real upload page: a form error or a clean stored photo,
never a 500, never a stray file."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hubs.models import HubPhoto
from hubs.services import MAX_PHOTOS
from tests.factories import HubManagerFactory, HubPhotoFactory
from tests.hubs.hostile_files import CORPUS

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    manager = HubManagerFactory(hub__slug="fabrikken")
    client.force_login(manager.user)
    return client, manager.hub


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_hostile_file_through_the_upload_page(case, manager_client, settings):
    client, hub = manager_client
    upload = SimpleUploadedFile(case.name, case.build(), content_type="image/jpeg")
    response = client.post(
        "/me/hubs/fabrikken/photos/", {"image": upload, "alt_text_nb": "Et bilde av lokalet"}
    )
    files = stored_files(settings)
    if case.expect == "ok":
        assert response.status_code == 302
        photo = HubPhoto.objects.get(hub=hub)
        assert {Path(f.name).name for f in (photo.image, photo.card, photo.thumbnail)} == {
            f.name for f in files
        }
        for field_file in (photo.image, photo.card, photo.thumbnail):
            assert Path(field_file.name).stem.isalnum()
            assert len(Path(field_file.name).stem) == 32
            with Image.open(field_file.path) as stored:
                assert stored.format in ("JPEG", "WEBP")
                assert not stored.getexif()
    else:
        assert response.status_code == 400
        assert response.context["upload_form"].errors["image"]
        assert 'class="invalid-feedback"' in response.content.decode()
        assert files == []
        assert not HubPhoto.objects.filter(hub=hub).exists()


def test_failed_save_leaves_no_stray_file(manager_client, settings, monkeypatch):
    client, _hub = manager_client
    good = next(case for case in CORPUS if case.expect == "ok")

    def broken_save(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(HubPhoto, "save", broken_save)
    client.raise_request_exception = False
    response = client.post(
        "/me/hubs/fabrikken/photos/",
        {"image": SimpleUploadedFile(good.name, good.build()), "alt_text_nb": "Et bilde"},
    )
    assert response.status_code == 500
    assert stored_files(settings) == []


def test_alt_text_is_required_for_every_photo(manager_client, settings):
    client, _hub = manager_client
    good = next(case for case in CORPUS if case.expect == "ok")
    response = client.post(
        "/me/hubs/fabrikken/photos/",
        {"image": SimpleUploadedFile(good.name, good.build()), "alt_text_nb": "  "},
    )
    assert response.status_code == 400
    assert "alt_text_nb" in response.context["upload_form"].errors
    assert stored_files(settings) == []


def test_manager_orders_captions_and_deletes_photos(
    manager_client, settings, django_capture_on_commit_callbacks
):
    client, hub = manager_client
    good = next(case for case in CORPUS if case.expect == "ok")
    for alt in ("Første", "Andre"):
        client.post(
            "/me/hubs/fabrikken/photos/",
            {"image": SimpleUploadedFile(good.name, good.build()), "alt_text_nb": alt},
        )
    first, second = HubPhoto.objects.filter(hub=hub).order_by("order")
    assert (first.alt_text, first.order, second.alt_text, second.order) == ("Første", 0, "Andre", 1)
    client.post(
        f"/me/hubs/fabrikken/photos/{first.pk}/",
        {f"p{first.pk}-alt_text_nb": "Første, nå sist", f"p{first.pk}-order": "5"},
    )
    assert [p.alt_text for p in HubPhoto.objects.filter(hub=hub)] == ["Andre", "Første, nå sist"]
    assert len(stored_files(settings)) == 6
    with django_capture_on_commit_callbacks(execute=True):  # files go once the row is gone
        client.post(f"/me/hubs/fabrikken/photos/{second.pk}/delete/")
    assert [p.alt_text for p in HubPhoto.objects.filter(hub=hub)] == ["Første, nå sist"]
    assert len(stored_files(settings)) == 3
    html = client.get("/hubs/fabrikken/").content.decode()
    assert 'alt="Første, nå sist"' in html
    assert "Andre" not in html


def test_logo_upload_replaces_and_removes(
    manager_client, settings, django_capture_on_commit_callbacks
):
    client, hub = manager_client
    good = next(case for case in CORPUS if case.expect == "ok")
    for _ in range(2):
        client.post(
            "/me/hubs/fabrikken/logo/", {"logo": SimpleUploadedFile(good.name, good.build())}
        )
    hub.refresh_from_db()
    assert hub.logo.name.startswith("logos/")
    assert [f.name for f in stored_files(settings)] == [Path(hub.logo.name).name]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/hubs/fabrikken/logo/remove/")
    hub.refresh_from_db()
    assert not hub.logo
    assert stored_files(settings) == []


def test_a_hub_shows_at_most_24_photos_and_the_25th_is_refused_next_to_the_field(
    manager_client, settings
):
    client, hub = manager_client
    HubPhotoFactory.create_batch(MAX_PHOTOS, hub=hub)
    before = stored_files(settings)
    good = next(case for case in CORPUS if case.expect == "ok")
    response = client.post(
        "/en/me/hubs/fabrikken/photos/",
        {"image": SimpleUploadedFile(good.name, good.build()), "alt_text_nb": "Én til"},
    )
    assert response.status_code == 400
    assert response.context["upload_form"].errors["image"] == [
        "A hub shows at most 24 photos: delete one to add another."
    ]
    assert HubPhoto.objects.filter(hub=hub).count() == MAX_PHOTOS
    assert stored_files(settings) == before  # the files written for it are gone again
