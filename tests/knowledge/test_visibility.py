"""Members-only resources: everyone sees the summary; only people of member organisations (a
contact of one, a manager of one of its hubs, the secretariat) get the body, the link and the
file. The file's address answers 404 to everyone else, and for anything not readable."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge.models import Resource
from knowledge.services import resource_file_attach
from members.models import Organisation
from tests.factories import (
    HubManagerFactory,
    MemberHubFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BODY_WORD = "Hemmelighetskremmer"
SUMMARY = "Hva hubbene tar for en fastplass."


def members_only(slug: str = "priser", **fields) -> Resource:
    fields.setdefault("visibility", Resource.Visibility.MEMBERS)
    resource = ResourceFactory(
        slug=slug,
        summary_nb=SUMMARY,
        body_nb=f"## Funn\n\n{BODY_WORD} betaler mest.",
        url="https://example.org/prisrapport",
        **fields,
    )
    resource_file_attach(resource, SimpleUploadedFile("priser.pdf", PDF, "application/pdf"))
    resource.save()
    return resource


def visitor():
    return None


def account_without_roles():
    return UserFactory()


def contact_of_an_applicant():
    return OrganisationContactFactory(organisation__status=Organisation.Status.APPLICANT).user


def contact_of_a_resigned_member():
    organisation = OrganisationFactory(
        status=Organisation.Status.RESIGNED, resigned_on=date(2025, 12, 31)
    )
    return OrganisationContactFactory(organisation=organisation).user


def contact_of_a_member():
    return OrganisationContactFactory().user


def manager_of_a_member_hub():
    return HubManagerFactory(hub=MemberHubFactory()).user


def manager_of_a_hub_of_an_applicant():
    hub = MemberHubFactory(organisation=OrganisationFactory(status=Organisation.Status.APPLICANT))
    return HubManagerFactory(hub=hub).user


OUTSIDERS = [
    visitor,
    account_without_roles,
    contact_of_an_applicant,
    contact_of_a_resigned_member,
    manager_of_a_hub_of_an_applicant,
]
READERS = [contact_of_a_member, manager_of_a_member_hub]


def signed_in(client, make):
    person = make()
    if person is not None:
        client.force_login(person)
    return client


@pytest.mark.parametrize("make", OUTSIDERS, ids=lambda make: make.__name__)
def test_outsiders_see_the_summary_but_never_the_body_link_or_file(client, make):
    members_only()
    client = signed_in(client, make)
    html = client.get("/knowledge/priser/").content.decode()
    assert SUMMARY in html
    assert BODY_WORD not in html
    assert "/knowledge/priser/file/" not in html
    assert "example.org/prisrapport" not in html
    assert "Members only: the full text" in client.get("/en/knowledge/priser/").content.decode()
    response = client.get("/knowledge/priser/file/")
    assert response.status_code == 404
    assert PDF not in response.content


@pytest.mark.parametrize("make", READERS, ids=lambda make: make.__name__)
def test_people_of_member_organisations_get_body_link_and_file(client, make):
    members_only()
    client = signed_in(client, make)
    html = client.get("/knowledge/priser/").content.decode()
    assert BODY_WORD in html
    assert 'href="/knowledge/priser/file/"' in html
    assert 'href="https://example.org/prisrapport" rel="noopener external"' in html
    response = client.get("/knowledge/priser/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_the_secretariat_gets_body_and_file(client, secretariat_user):
    members_only()
    client.force_login(secretariat_user)
    assert BODY_WORD in client.get("/knowledge/priser/").content.decode()
    assert b"".join(client.get("/knowledge/priser/file/").streaming_content) == PDF


def test_a_visitor_is_offered_sign_in_back_to_the_page_and_the_way_to_join(client):
    members_only()
    html = client.get("/en/knowledge/priser/").content.decode()
    assert 'href="/en/accounts/login/?next=/en/knowledge/priser/"' in html
    assert 'href="/en/join/"' in html


def test_the_visitors_stored_page_never_holds_the_body_a_member_was_shown(client, settings):
    """The page cache keeps a visitor's page; a member's request must neither fill nor read it."""
    settings.PAGE_CACHE_ENABLED = True
    members_only()
    client.get("/knowledge/priser/")
    member = signed_in(client.__class__(), contact_of_a_member)
    assert BODY_WORD in member.get("/knowledge/priser/").content.decode()
    assert BODY_WORD not in client.get("/knowledge/priser/").content.decode()


def unreadable_resources() -> list[str]:
    """Slugs of resources whose file nobody outside the secretariat may fetch."""
    members_only("venter", status=Resource.Status.SUBMITTED, published_on=None)
    members_only("avvist", status=Resource.Status.REJECTED, review_note="Ikke relevant.")
    members_only("trukket", status=Resource.Status.WITHDRAWN)
    ResourceFactory(slug="uten-fil")
    return ["venter", "avvist", "trukket", "uten-fil", "finnes-ikke"]


def test_file_urls_answer_404_even_to_members_for_unpublished_missing_or_guessed(client):
    client = signed_in(client, contact_of_a_member)
    for slug in unreadable_resources():
        response = client.get(f"/knowledge/{slug}/file/")
        assert (slug, response.status_code) == (slug, 404)
        assert PDF not in response.content


def test_a_file_missing_on_disk_answers_404(client):
    resource = members_only(visibility=Resource.Visibility.PUBLIC)
    resource.file.storage.delete(resource.file.name)
    assert client.get("/knowledge/priser/file/").status_code == 404


def test_a_search_never_finds_a_members_only_body_for_an_outsider(client):
    members_only()
    found = client.get(f"/knowledge/?q={BODY_WORD}").content.decode()
    assert 'href="/knowledge/priser/"' not in found
    member = signed_in(client.__class__(), contact_of_a_member)
    assert 'href="/knowledge/priser/"' in member.get(f"/knowledge/?q={BODY_WORD}").content.decode()
