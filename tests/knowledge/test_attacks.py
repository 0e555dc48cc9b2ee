"""What a hostile visitor, a hub manager or an odd input found in the library, each kept as a test:
odd page numbers, file names with no usable letter, an HTML page dressed as a PDF, a resource dated
ahead, a hub that is not one's own, an English submission without an English title (and a title
with æ, ø, å), a file the secretariat replaced or removed, and a resource its submitter withdrew."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from knowledge.files import file_check
from knowledge.models import Resource
from knowledge.services import resource_file_attach
from tests.admin_forms import change_form_data
from tests.factories import HubManagerFactory, MemberHubFactory, ResourceFactory
from tests.knowledge.test_submissions import PDF, SUBMIT, form_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/knowledge/resource/"


@pytest.fixture
def manager(client):
    person = HubManagerFactory(hub=MemberHubFactory(name="Fabrikken")).user
    client.force_login(person)
    return person


def stored_files() -> list[str]:
    return sorted(path.name for path in Path(settings.KNOWLEDGE_FILES_ROOT).rglob("*.*"))


@pytest.mark.parametrize("page", ["²", "1" * 5000])
def test_an_odd_page_number_shows_the_list_instead_of_a_server_error(client, page):
    ResourceFactory(title_nb="Husregler")
    response = client.get("/knowledge/", {"page": page})
    assert "Husregler" in response.content.decode()


def test_a_file_name_without_a_usable_letter_is_kept_as_file_not_refused(client, manager):
    for number, name in enumerate(["€.pdf", "...pdf"]):
        upload = SimpleUploadedFile(name, PDF, "application/pdf")
        client.post(SUBMIT, form_data(title_nb=f"Rapport {number}", file=upload))
    assert sorted(Resource.objects.values_list("file_name", flat=True)) == ["file.pdf"] * 2


def test_an_html_page_that_starts_like_a_pdf_is_refused():
    page = SimpleUploadedFile("side.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="denne filen er ingen av dem"):
        file_check(page)


def test_a_resource_dated_ahead_stays_hidden_until_its_day(client):
    """Published by the secretariat with tomorrow's date: no list, search, page, file or sitemap."""
    resource = ResourceFactory(
        title_nb="Framtidsrapport", published_on=timezone.localdate() + timedelta(days=1)
    )
    resource_file_attach(resource, SimpleUploadedFile("r.pdf", PDF))
    resource.save()
    for path in ("/knowledge/", "/knowledge/?q=Framtidsrapport", "/sitemap.xml"):
        assert resource.slug not in client.get(path).content.decode()
    for path in (resource.get_absolute_url(), f"{resource.get_absolute_url()}file/"):
        assert client.get(path).status_code == 404


def test_a_manager_of_two_hubs_cannot_submit_for_a_third(client, manager):
    HubManagerFactory(hub=MemberHubFactory(), user=manager)
    response = client.post(SUBMIT, form_data(hub=MemberHubFactory().pk))
    assert "hub" in response.context["form"].errors
    assert not Resource.objects.exists()


def test_an_english_submission_keeps_the_english_title_empty_and_a_readable_address(
    client, manager
):
    client.post(f"/en{SUBMIT}", form_data(title_nb="Økonomi i små hubber", title_en=""))
    resource = Resource.objects.get()
    assert (resource.title_nb, resource.title_en) == ("Økonomi i små hubber", "")
    assert resource.slug == "okonomi-i-sma-hubber"  # not "konomi-i-sm-hubber"


def test_a_file_the_secretariat_replaces_or_removes_leaves_no_copy_on_disk(
    client, secretariat_user, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user)
    resource = ResourceFactory(visibility=Resource.Visibility.MEMBERS)
    change = f"{ADMIN}{resource.pk}/change/"
    for _ in range(2):
        upload = SimpleUploadedFile("ny.pdf", PDF)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(change, change_form_data(client.get(change), file=upload))
    resource.refresh_from_db()
    assert stored_files() == [Path(resource.file.name).name]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, change_form_data(client.get(change), **{"file-clear": "on"}))
    assert stored_files() == []


def test_a_resource_its_submitter_withdrew_is_not_published_by_the_secretariat(
    client, manager, secretariat_user, django_capture_on_commit_callbacks
):
    withdrawn = ResourceFactory(status="withdrawn", submitted_by=manager, published_on=None)
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADMIN, {"action": "publish_selected", "_selected_action": [withdrawn.pk]}, follow=True
        )
    assert "trakk den tilbake" in response.content.decode()
    change = client.get(f"{ADMIN}{withdrawn.pk}/change/").content.decode()
    withdrawn.refresh_from_db()
    assert (withdrawn.status, mail.outbox) == ("withdrawn", [])
    assert 'value="published"' not in change
