"""Every removal on a hub manager's pages asks first: a GET shows "Delete …? [Delete] [No]", only
the POST removes. A hub always keeps a manager: the last one cannot be removed, except by the
secretariat."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from hubs.models import Hub, HubManager, HubPhoto
from hubs.services import hub_manager_remove, hub_manager_replace
from tests.factories import HubFactory, HubManagerFactory, HubPhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def managed(client):
    manager = HubManagerFactory(hub__slug="fabrikken", hub__name="Fabrikken")
    client.force_login(manager.user)
    return manager.hub


def test_photos_page_links_each_removal_to_its_confirmation(client, managed):
    first = HubPhotoFactory(hub=managed, order=1)
    second = HubPhotoFactory(hub=managed, order=2)
    managed.logo.save("logo.png", ContentFile(b"logo"), save=True)
    html = client.get("/me/hubs/fabrikken/photos/").content.decode()
    links = re.findall(
        r'<a class="btn btn-outline-danger btn-sm mt-2" href="([^"]+)">([^<]+)</a>', html
    )
    assert links == [
        (f"/me/hubs/fabrikken/photos/{first.pk}/delete/", "Slett bilde 1 …"),
        (f"/me/hubs/fabrikken/photos/{second.pk}/delete/", "Slett bilde 2 …"),
        ("/me/hubs/fabrikken/logo/remove/", "Fjern logoen …"),
    ]
    # No form on the page removes anything at once.
    assert "/delete/" not in "".join(re.findall(r'<form[^>]+action="([^"]+)"', html))


def test_deleting_a_photo_asks_first_and_only_the_post_deletes(client, managed):
    HubPhotoFactory(hub=managed, order=1)
    photo = HubPhotoFactory(hub=managed, order=2, alt_text="Kjøkkenet")
    response = client.get(f"/me/hubs/fabrikken/photos/{photo.pk}/delete/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Slette bilde 2?</h1>" in html
    assert f'<img src="{photo.thumbnail_url}" alt="Kjøkkenet"' in html
    assert (
        '<button type="submit" class="btn btn-danger actions__danger">Slett bildet</button>' in html
    )
    assert (
        '<a class="btn btn-outline-secondary" href="/me/hubs/fabrikken/photos/">Nei, behold det</a>'
        in html
    )
    assert HubPhoto.objects.filter(pk=photo.pk).exists()

    response = client.post(f"/me/hubs/fabrikken/photos/{photo.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/me/hubs/fabrikken/photos/"
    assert not HubPhoto.objects.filter(pk=photo.pk).exists()
    assert HubPhoto.objects.filter(hub=managed).count() == 1


def test_removing_the_logo_asks_first_and_only_the_post_removes(client, managed):
    managed.logo.save("logo.png", ContentFile(b"logo"), save=True)
    response = client.get("/en/me/hubs/fabrikken/logo/remove/")
    html = response.content.decode()
    assert "<h1>Remove the logo?</h1>" in html
    assert (
        '<button type="submit" class="btn btn-danger actions__danger">Remove the logo</button>'
        in html
    )
    managed.refresh_from_db()
    assert managed.logo

    assert client.post("/en/me/hubs/fabrikken/logo/remove/").status_code == 302
    managed.refresh_from_db()
    assert not managed.logo


def test_with_no_logo_there_is_nothing_to_confirm(client, managed):
    response = client.get("/me/hubs/fabrikken/logo/remove/")
    assert (response.status_code, response["Location"]) == (302, "/me/hubs/fabrikken/photos/")
    history = Hub.history.count()
    client.post("/me/hubs/fabrikken/logo/remove/")
    assert Hub.history.count() == history


def test_another_hubs_photo_is_not_found_on_either_method(client, managed):
    foreign = HubPhotoFactory(hub=HubFactory(slug="annen"))
    assert client.get(f"/me/hubs/fabrikken/photos/{foreign.pk}/delete/").status_code == 404
    assert client.post(f"/me/hubs/fabrikken/photos/{foreign.pk}/delete/").status_code == 404
    assert client.get(f"/me/hubs/annen/photos/{foreign.pk}/delete/").status_code == 404
    assert HubPhoto.objects.filter(pk=foreign.pk).exists()


# The last manager


def test_the_last_manager_cannot_remove_themselves_nor_be_removed_by_others():
    manager = HubManagerFactory()
    with pytest.raises(ValidationError, match="må ha minst én ansvarlig"):
        hub_manager_remove(manager=manager, by=manager.user)
    with pytest.raises(ValidationError):
        hub_manager_remove(manager=manager)
    assert HubManager.objects.filter(pk=manager.pk).exists()


def test_one_of_two_managers_can_go_and_then_the_other_must_stay():
    first = HubManagerFactory()
    second = HubManagerFactory(hub=first.hub)
    hub_manager_remove(manager=first, by=first.user)
    with pytest.raises(ValidationError):
        hub_manager_remove(manager=second, by=second.user)
    assert list(HubManager.objects.values_list("pk", flat=True)) == [second.pk]


def test_the_secretariat_may_remove_a_hubs_last_manager(secretariat_user):
    manager = HubManagerFactory()
    hub_manager_remove(manager=manager, by=secretariat_user)
    assert not HubManager.objects.exists()


def test_removing_a_manager_someone_removed_a_moment_ago_does_nothing():
    first = HubManagerFactory()
    HubManagerFactory(hub=first.hub)
    stale = HubManager.objects.get(pk=first.pk)
    hub_manager_remove(manager=first)
    hub_manager_remove(manager=stale)
    assert HubManager.objects.count() == 1


def test_replacing_the_only_manager_keeps_the_hub_managed():
    manager = HubManagerFactory()
    newcomer = UserFactory()
    replaced = hub_manager_replace(manager=manager, hub=manager.hub, user=newcomer)
    assert list(HubManager.objects.values_list("hub", "user")) == [(manager.hub_id, newcomer.pk)]
    assert replaced.user == newcomer
    # The same person on the same hub: nothing to replace.
    assert hub_manager_replace(manager=replaced, hub=manager.hub, user=newcomer) == replaced
