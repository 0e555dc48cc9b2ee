"""Every URL of the library and of the network, every role, GET and POST: who gets in, who gets
404, what changes. Members-only files are for people of member organisations, and 404 for anyone
else (never 403); submissions are their submitter's; a hub's survey is its managers'.

A new URL of knowledge or network without a row here fails test_every_url_has_a_row (the /me/
matrix in tests/members leaves their /me/ URLs to this one).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from knowledge.models import Resource
from knowledge.services import resource_file_attach
from members.models import Organisation
from members.services import user_make_secretariat
from network.models import SurveyAnswer
from tests.factories import (
    HubManagerFactory,
    MemberHubFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ResourceFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "account_holder",
    "applicant_contact",
    "member_contact",
    "manager_of_this_hub",
    "manager_of_another_hub",
    "secretariat",
]
SIGNED_IN = set(ROLES) - {"anonymous"}
MEMBERS = {"member_contact", "manager_of_this_hub", "manager_of_another_hub", "secretariat"}
MANAGERS = {"manager_of_this_hub", "manager_of_another_hub"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    hub = MemberHubFactory(slug="this-hub")
    other = MemberHubFactory(slug="other-hub")
    people = {
        "account_holder": UserFactory(),
        "applicant_contact": OrganisationContactFactory(
            organisation=OrganisationFactory(
                status=Organisation.Status.APPLICANT, member_since=None
            )
        ).user,
        "member_contact": OrganisationContactFactory(organisation=hub.organisation).user,
        "manager_of_this_hub": HubManagerFactory(hub=hub).user,
        "manager_of_another_hub": HubManagerFactory(hub=other).user,
        "secretariat": UserFactory(),
    }
    user_make_secretariat(user=people["secretariat"])
    members_only = ResourceFactory(slug="for-members", visibility=Resource.Visibility.MEMBERS)
    resource_file_attach(members_only, SimpleUploadedFile("avtale.pdf", PDF))
    members_only.save()
    waiting = ResourceFactory(
        slug="waiting",
        status=Resource.Status.SUBMITTED,
        published_on=None,
        hub=hub,
        submitted_by=people["manager_of_this_hub"],
    )
    return {
        "hub": hub,
        "other": other,
        "people": people,
        "public": ResourceFactory(slug="open-guide"),
        "members_only": members_only,
        "waiting": waiting,
        "survey": SurveyFactory(),
    }


def url_for(name: str, world) -> str:
    kwargs = {
        "knowledge:list": {},
        "knowledge:detail": {"slug": world["public"].slug},
        "knowledge:file": {"slug": world["members_only"].slug},
        "me:knowledge_submissions": {},
        "me:knowledge_submit": {},
        "me:knowledge_withdraw": {"pk": world["waiting"].pk},
        "network:figures": {},
        "network:partners": {},
        "me:hub_survey": {"slug": world["hub"].slug},
    }[name]
    return reverse(name, kwargs=kwargs)


def post_data(name: str, world, role: str) -> dict:
    own = world["other"] if role == "manager_of_another_hub" else world["hub"]
    return {
        "me:knowledge_submit": {
            "hub": own.pk,
            "title_nb": "Slik lager vi husregler",
            "kind": "guide",
            "phase": "running",
            "summary_nb": "Husregler som folk følger.",
            "visibility": "public",
        },
        "me:hub_survey": {
            "desks": "30",
            "area": "500",
            "members": "45",
            "creative_share": "70",
            "day_pass_price": "250",
            "events_held": "12",
            "occupancy": SurveyAnswer.Occupancy.FROM_75,
        },
    }.get(name, {})


# What each role gets: "login" (sent to sign in), 404, 405, or the status an allowed person gets.
# `allowed` are the roles that get in; the others get 404 (after signing in, where it is asked).
MATRIX = {
    "knowledge:list": {"GET": 200, "POST": 405, "public": True},
    "knowledge:detail": {"GET": 200, "POST": 405, "public": True},
    # A members-only file: 404 for anyone outside a member organisation, signed in or not. A POST
    # is refused for its method before anything is asked, which tells nobody anything.
    "knowledge:file": {
        "GET": 200,
        "POST": 405,
        "allowed": MEMBERS,
        "anonymous": 404,
        "method_first": ROLES,
    },
    "me:knowledge_submissions": {
        "GET": 200,
        "POST": 405,
        "allowed": MANAGERS,
        "method_first": SIGNED_IN,
    },
    "me:knowledge_submit": {"GET": 200, "POST": 302, "allowed": MANAGERS},
    "me:knowledge_withdraw": {"GET": 200, "POST": 302, "allowed": {"manager_of_this_hub"}},
    "network:figures": {"GET": 200, "POST": 405, "public": True},
    "network:partners": {"GET": 200, "POST": 405, "public": True},
    "me:hub_survey": {"GET": 200, "POST": 302, "allowed": {"manager_of_this_hub"}},
}


def url_names() -> set[str]:
    """Every URL name that routes to a view of knowledge or network (the admin's pages are the
    secretariat's: tested beside the admin)."""
    found = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if getattr(pattern, "namespace", None) == "admin":
                continue
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.callback.__module__.startswith(("knowledge.", "network.")):
                found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return found


def test_every_url_has_a_row():
    assert url_names() == set(MATRIX)


def snapshot(world) -> tuple:
    return (
        list(Resource.objects.order_by("pk").values_list("pk", "status", "title_nb")),
        list(SurveyAnswer.objects.order_by("pk").values_list("pk", "hub", "desks")),
    )


def expected_for(name: str, method: str, role: str):
    row = MATRIX[name]
    if method == "POST" and role in row.get("method_first", ()):
        return 405
    if role == "anonymous" and not row.get("public"):
        return row.get("anonymous", "login")
    if row.get("public") or role in row["allowed"]:
        return row[method]
    return 404


CASES = [(name, method, role) for name in MATRIX for method in ("GET", "POST") for role in ROLES]


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_permission_matrix(name, method, role, world, client):
    if role != "anonymous":
        client.force_login(world["people"][role])
    url = url_for(name, world)
    before = snapshot(world)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, post_data(name, world, role))
    if response.streaming:  # read to the end, the test client then closes the file
        assert b"".join(response.streaming_content) == PDF
    expected = expected_for(name, method, role)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected, response.content[:500]
    changed = snapshot(world) != before
    assert changed == (method == "POST" and expected == 302)


@pytest.mark.parametrize("name", [name for name in MATRIX if MATRIX[name]["POST"] == 302])
def test_post_without_csrf_token_is_refused(name, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["manager_of_this_hub"])
    before = snapshot(world)
    response = client.post(url_for(name, world), post_data(name, world, "manager_of_this_hub"))
    assert response.status_code == 403
    assert snapshot(world) == before


def test_matrix_size():
    assert len(CASES) == len(MATRIX) * 2 * len(ROLES) == 126
