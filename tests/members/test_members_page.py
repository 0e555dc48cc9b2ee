import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Organisation
from members.services import organisation_resign
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db

NUMBERS = ["974760673", "923609016", "986105174", "915933149", "889640782"]


def member(name: str, number: str, **fields) -> Organisation:
    return Organisation.objects.create(
        legal_name=name,
        organisation_number=number,
        invoice_email="f@example.org",
        status=fields.pop("status", "member"),
        member_since=fields.pop("member_since", "2024-03-01"),
        **fields,
    )


def test_members_page_lists_member_organisations_with_their_published_hubs(client):
    verket = member("Kontorverket AS", NUMBERS[0])
    HubFactory(name="Verkstedet", organisation=verket)
    HubFactory(name="Skjulte rom", organisation=verket, is_published=False)
    member("Gammel AS", NUMBERS[1], status="resigned", resigned_on="2025-01-01")
    html = client.get("/members/").content.decode()
    assert "Kontorverket AS" in html
    assert "Medlem siden 2024" in html
    assert ">Verkstedet</a>" in html
    assert "Skjulte rom" not in html
    assert "Gammel AS" not in html
    assert "1 organisasjon driver" in html


def test_members_page_runs_the_same_queries_for_few_and_many(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/members/")
        return len(captured)

    member("En AS", NUMBERS[0])
    few = count()
    for number in NUMBERS[1:]:
        organisation = member(f"Org {number}", number)
        HubFactory.create_batch(2, organisation=organisation)
    assert count() == few == 2


def test_resignation_is_recorded_with_a_date_and_kept_in_the_history(client, secretariat_user):
    organisation = member("Kontorverket AS", NUMBERS[0])
    organisation_resign(organisation=organisation, on=timezone.localdate(), user=secretariat_user)
    organisation.refresh_from_db()
    assert (organisation.status, organisation.resigned_on) == ("resigned", timezone.localdate())
    assert [r.status for r in organisation.history.order_by("history_date")] == [
        "member",
        "resigned",
    ]
    assert organisation.history.latest().history_user == secretariat_user
    client.force_login(secretariat_user)
    history = client.get(f"/admin/members/organisation/{organisation.pk}/history/")
    html = history.content.decode()
    assert "Endringshistorikk: Kontorverket AS" in html
    assert str(secretariat_user) in html
