"""The secretariat reviews submissions in the admin: publishing or turning down (with a note the
submitter reads, never without one) through the services, which e-mail the submitter in their
organisation's language; a file added in the admin gets the same content check as on Min side."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.models import Resource
from tests.admin_forms import change_form_data
from tests.factories import HubManagerFactory, MemberHubFactory, ResourceFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/knowledge/resource/"


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def submission(language: str, email: str = "kari@example.org", **fields) -> Resource:
    hub = MemberHubFactory(name="Fabrikken", organisation__language=language)
    person = HubManagerFactory(hub=hub, user__email=email).user
    return ResourceFactory(
        title_nb="Husregler", title_en="House rules", status="submitted", hub=hub,
        submitted_by=person, published_on=None, **fields,
    )  # fmt: skip


def act(client, action: str, resources, **extra):
    data = {"action": action, "_selected_action": [str(r.pk) for r in resources]}
    return client.post(LIST, {**data, **extra})


def test_publishing_tells_the_submitter_in_their_organisations_language(
    staff, secretariat_user, django_capture_on_commit_callbacks
):
    resource = submission("en")
    with django_capture_on_commit_callbacks(execute=True):
        response = act(staff, "publish_selected", [resource])

    resource.refresh_from_db()
    assert (resource.status, resource.reviewed_by) == ("published", secretariat_user)
    assert resource.published_on is not None
    assert resource.reviewed_at is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Husregler er publisert."]
    (sent,) = mail.outbox
    assert sent.to == ["kari@example.org"]
    assert sent.subject == "Published in the library: House rules"
    assert f"{settings.SITE_URL}/en/knowledge/{resource.slug}/" in sent.body


def test_turning_down_asks_for_a_note_and_sends_it_to_the_submitter(
    staff, secretariat_user, django_capture_on_commit_callbacks
):
    resource = submission("nb")
    page = act(staff, "reject_selected", [resource]).content.decode()
    assert "Avslå denne ressursen" in page
    assert "Husregler" in page

    empty = act(staff, "reject_selected", [resource], post="yes", review_note="  ")
    assert "Skriv merknaden" in empty.content.decode()
    resource.refresh_from_db()
    assert resource.status == "submitted"

    with django_capture_on_commit_callbacks(execute=True):
        act(staff, "reject_selected", [resource], post="yes", review_note="Finnes fra før.")

    resource.refresh_from_db()
    assert (resource.status, resource.review_note) == ("rejected", "Finnes fra før.")
    assert resource.reviewed_by == secretariat_user
    (sent,) = mail.outbox
    assert sent.subject == "Ikke tatt inn i biblioteket: Husregler"
    assert "Finnes fra før." in sent.body


def test_the_list_puts_submissions_first_and_the_todo_counts_them(staff):
    ResourceFactory(title_nb="Publisert først")
    waiting = submission("nb")
    page = staff.get(LIST).content.decode()
    assert page.index(waiting.title_nb) < page.index("Publisert først")
    todo = staff.get("/admin/").content.decode()
    assert "/admin/knowledge/resource/?status__exact=submitted" in todo


def test_a_file_added_in_the_admin_is_checked_by_its_content(staff):
    form = change_form_data(
        staff.get(f"{LIST}add/"),
        title_nb="Årsrapport",
        slug="arsrapport",
        kind="report",
        phase="running",
        status="published",
        published_on="2025-03-01",
        summary_nb="Kort.",
    )
    disguised = SimpleUploadedFile("rapport.pdf", b"MZ" + b"\x00" * 100)
    refused = staff.post(f"{LIST}add/", {**form, "file": disguised})
    assert refused.context["adminform"].form.errors["file"] == [
        "Last opp en PDF-, DOCX-, XLSX- eller ODT-fil; denne filen er ingen av dem."
    ]
    assert Resource.objects.count() == 0

    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n%%EOF\n")
    staff.post(f"{LIST}add/", {**form, "file": pdf})
    resource = Resource.objects.get()
    assert (resource.status, resource.file_type, resource.file_name) == (
        "published",
        "pdf",
        "rapport.pdf",
    )
    assert Path(resource.file.path).parent.parent == Path(settings.KNOWLEDGE_FILES_ROOT)
    change = staff.get(f"{LIST}{resource.pk}/change/").content.decode()
    assert f'href="/knowledge/{resource.slug}/file/"' in change


def test_the_change_page_publishes_one_submission_or_turns_it_down(staff):
    first, second = submission("nb"), submission("nb", "ola@example.org", slug="andre")
    change = staff.get(f"{LIST}{first.pk}/change/")
    assert 'name="_publish"' in change.content.decode()
    staff.post(f"{LIST}{first.pk}/change/", change_form_data(change, _publish="1"))

    refused = staff.post(f"{LIST}{second.pk}/reject/", {"review_note": ""})
    assert "Skriv merknaden" in refused.content.decode()
    staff.post(f"{LIST}{second.pk}/reject/", {"review_note": "For kort."})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.review_note) == (
        "published",
        "rejected",
        "For kort.",
    )
