"""A hub manager of a member hub submits a resource from Min side (its file checked by content and
kept in the library's own storage, the secretariat e-mailed), follows it on /me/library/ and
withdraws it while it waits; nobody else reaches these pages or another person's resource."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import Resource
from members.models import Organisation
from tests.factories import (
    HubFactory,
    HubManagerFactory,
    MemberHubFactory,
    OrganisationFactory,
    ResourceFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBMIT = "/me/library/submit/"
LIST = "/me/library/"


@pytest.fixture
def hub():
    return MemberHubFactory(name="Fabrikken", slug="fabrikken")


@pytest.fixture
def manager(client, hub):
    person = HubManagerFactory(hub=hub, user__name="Kari Hubansvarlig").user
    client.force_login(person)
    return person


def form_data(**changes) -> dict:
    data = {
        "title_nb": "Slik lager du husregler",
        "title_en": "Writing house rules",
        "kind": "guide",
        "phase": "running",
        "summary_nb": "Husregler som medlemmene selv har skrevet, holdes.",
        "summary_en": "House rules the members wrote themselves are kept.",
        "body_nb": "## Først\n\nSpør medlemmene.",
        "visibility": "members",
    }
    return {**data, **changes}


def stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def test_a_manager_submits_a_resource_with_a_file_and_the_secretariat_is_told(
    client, manager, hub, secretariat_user, django_capture_on_commit_callbacks
):
    tags = [TagFactory(name_nb="Drift"), TagFactory(name_nb="Fellesskap"), TagFactory()]
    upload = SimpleUploadedFile("Husregler 2025.pdf", PDF, "application/pdf")
    data = form_data(tags=[tags[0].pk, tags[1].pk], file=upload)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, data, follow=True)

    resource = Resource.objects.get()
    assert (resource.status, resource.hub, resource.submitted_by) == ("submitted", hub, manager)
    assert (resource.organisation, resource.visibility) == (hub.organisation, "members")
    assert sorted(tag.name for tag in resource.tags.all()) == ["Drift", "Fellesskap"]
    assert (resource.file_type, resource.file_name) == ("pdf", "Husregler_2025.pdf")
    assert stored_files(settings.KNOWLEDGE_FILES_ROOT) == [Path(resource.file.path)]
    assert stored_files(settings.MEDIA_ROOT) == []
    page = response.content.decode()
    assert "«Slik lager du husregler» er sendt til sekretariatet" in page
    assert "Venter på gjennomgang" in page
    (sent,) = mail.outbox
    assert sent.to == [secretariat_user.email]
    assert sent.subject == "Ressurs til biblioteket fra Fabrikken: Slik lager du husregler"
    assert "Kari Hubansvarlig" in sent.body
    assert f"/admin/knowledge/resource/{resource.pk}/change/" in sent.body


def test_a_file_that_is_no_office_file_is_refused_beside_its_field_and_nothing_is_kept(
    client, manager
):
    disguised = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = client.post(SUBMIT, form_data(file=disguised))

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Last opp en PDF-, DOCX-, XLSX- eller ODT-fil; denne filen er ingen av dem."
    ]
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_file"' in page
    assert Resource.objects.count() == 0
    assert stored_files(settings.KNOWLEDGE_FILES_ROOT) == []
    assert mail.outbox == []


def test_a_link_without_its_address_is_refused_beside_the_link_field(client, manager):
    response = client.post(SUBMIT, form_data(kind="link"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["url"]
    assert Resource.objects.count() == 0


@pytest.mark.parametrize("who", ["no_role", "manager_of_a_non_member"])
def test_people_who_manage_no_member_hub_get_404(client, who):
    person = UserFactory()
    if who == "manager_of_a_non_member":
        applicant = OrganisationFactory(status=Organisation.Status.APPLICANT)
        HubManagerFactory(hub=HubFactory(organisation=applicant), user=person)
    client.force_login(person)
    assert client.get(SUBMIT).status_code == 404
    assert client.post(SUBMIT, form_data()).status_code == 404
    assert client.get(LIST).status_code == 404
    assert Resource.objects.count() == 0


def test_the_list_shows_each_submission_with_its_state_and_the_note_of_one_turned_down(
    client, manager, hub
):
    ResourceFactory(title_nb="Ventende", status="submitted", submitted_by=manager, hub=hub)
    ResourceFactory(
        title_nb="Avvist",
        status="rejected",
        review_note="Finnes allerede i biblioteket.",
        submitted_by=manager,
        hub=hub,
    )
    ResourceFactory(title_nb="Publisert", submitted_by=manager, hub=hub)
    ResourceFactory(title_nb="Andres", status="submitted")

    page = client.get(LIST).content.decode()

    for title in ("Ventende", "Avvist", "Publisert"):
        assert title in page
    assert "Andres" not in page
    assert "Finnes allerede i biblioteket." in page
    assert page.count("Trekk tilbake …") == 1
    assert 'href="/me/library/submit/"' in page
    me = client.get("/me/").content.decode()
    assert 'id="library-heading"' in me
    assert "Venter på gjennomgang" in me


def test_the_list_runs_the_same_queries_for_one_submission_or_many(client, manager, hub):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    ResourceFactory(status="submitted", submitted_by=manager, hub=hub)
    one = queries()
    for status in ("submitted", "published", "rejected", "withdrawn"):
        ResourceFactory(status=status, submitted_by=manager, hub=hub, review_note="Nei.")
    assert queries() == one


def test_the_submitter_withdraws_a_waiting_resource_after_being_asked(client, manager, hub):
    resource = ResourceFactory(status="submitted", submitted_by=manager, hub=hub)
    url = f"/me/library/{resource.pk}/withdraw/"

    question = client.get(url).content.decode()
    assert f"Trekke tilbake «{resource.title_nb}»?" in question
    client.post(url)

    resource.refresh_from_db()
    assert resource.status == "withdrawn"


def test_nobody_withdraws_another_persons_resource_nor_a_published_one(client, manager, hub):
    others = ResourceFactory(status="submitted", submitted_by=UserFactory(), hub=hub)
    published = ResourceFactory(submitted_by=manager, hub=hub)

    assert client.get(f"/me/library/{others.pk}/withdraw/").status_code == 404
    assert client.post(f"/me/library/{others.pk}/withdraw/").status_code == 404
    response = client.post(f"/me/library/{published.pk}/withdraw/")

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Bare en ressurs som venter på gjennomgang, kan trekkes tilbake."
    ]
    others.refresh_from_db()
    published.refresh_from_db()
    assert (others.status, published.status) == ("submitted", "published")
