"""The secretariat's admin of the network pass: vouches (the list, its filters, revoking after a
confirmation with a reason), hosting with its closed dates (saved through the services, whose
refusals are messages), visits (confirm, decline with a reason, mark), and the fairness ledger
(figures and CSV against hand-computed ones, for a year and a month)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from tests.admin_forms import change_form_data
from tests.factories import (
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.models import ClosedDay, HostSettings, Visit

pytestmark = pytest.mark.django_db

Status = Visit.Status


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def committed_mail(django_capture_on_commit_callbacks):
    """The e-mails the services leave for after their commit, sent at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def home():
    return MemberHubFactory(name="Blender Collective")


@pytest.fixture
def host():
    return HostSettingsFactory(hub__name="Fabrikken", hub__slug="fabrikken").hub


# Vouches


@pytest.fixture
def vouches(home):
    today = timezone.localdate()
    return {
        "valid": VouchFactory(home_hub=home, coworker=verified_user("gyldig@example.org")),
        "open": VouchFactory(home_hub=home, coworker=None, email="invitert@example.org"),
        "run_out": VouchFactory(
            home_hub=home,
            coworker=verified_user("utlopt@example.org"),
            until=today - timedelta(days=1),
        ),
        "revoked": VouchFactory(
            home_hub=home,
            coworker=verified_user("trukket@example.org"),
            revoked_at=timezone.now(),
            revoked_reason="Sluttet.",
        ),
    }


def listed_emails(response) -> list[str]:
    return sorted(vouch.email for vouch in response.context["cl"].result_list)


def test_the_vouch_list_shows_every_vouch_and_filters_by_state(staff, vouches):
    response = staff.get("/admin/visits/vouch/")
    assert response.status_code == 200
    assert listed_emails(response) == sorted(vouch.email for vouch in vouches.values())
    assert "Blender Collective" in response.content.decode()
    expected = {
        "valid": ["gyldig@example.org"],
        "open": ["invitert@example.org"],
        "run_out": ["utlopt@example.org"],
        "revoked": ["trukket@example.org"],
    }
    for state, emails in expected.items():
        assert listed_emails(staff.get(f"/admin/visits/vouch/?state={state}")) == emails
    assert listed_emails(staff.get("/admin/visits/vouch/?q=invitert")) == ["invitert@example.org"]


def test_a_vouch_is_looked_at_not_edited(staff, vouches):
    response = staff.get(f"/admin/visits/vouch/{vouches['valid'].pk}/change/")
    assert response.status_code == 200
    assert "gyldig@example.org" in response.content.decode()
    assert not response.context["has_change_permission"]
    assert staff.get("/admin/visits/vouch/add/").status_code == 403


def revoke(client, vouch_ids, **extra):
    data = {"action": "revoke_selected", "_selected_action": [str(pk) for pk in vouch_ids]}
    return client.post("/admin/visits/vouch/", {**data, **extra})


def test_revoking_asks_first_with_a_reason_then_ends_the_vouch_and_calls_off_visits(
    staff, vouches, host, committed_mail
):
    valid = vouches["valid"]
    visit = VisitFactory(visitor=valid.coworker, home_hub=valid.home_hub, host=host)

    page = revoke(staff, [valid.pk, vouches["revoked"].pk])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trekk tilbake denne godkjenningen" in html
    assert 'value="Trukket tilbake av sekretariatet i Coworking Norge."' in html
    assert "gyldig@example.org" in html
    assert "trukket@example.org" not in html  # already revoked: not offered again
    valid.refresh_from_db()
    assert valid.revoked_at is None

    with committed_mail():
        done = revoke(staff, [valid.pk], post="yes", reason="Sluttet hos oss.")

    assert done.status_code == 302
    valid.refresh_from_db()
    assert valid.revoked_at is not None
    assert valid.revoked_reason == "Sluttet hos oss."
    visit.refresh_from_db()
    assert visit.status == Status.CANCELLED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "gyldig@example.org",
        "gyldig@example.org",
    ]
    assert texts(done) == [f"{valid} er trukket tilbake."]


def test_revoking_without_a_reason_revokes_nothing(staff, vouches):
    page = revoke(staff, [vouches["valid"].pk], post="yes", reason="  ")
    assert page.status_code == 200
    assert "Skriv årsaken: de det gjelder, leser den." in page.content.decode()
    vouches["valid"].refresh_from_db()
    assert vouches["valid"].revoked_at is None


# Hosting


def test_the_hosting_list_and_page_render_with_the_closed_days(staff, host):
    ClosedDay.objects.create(hub=host, date=timezone.localdate() + timedelta(days=3), reason="Jul")
    listing = staff.get("/admin/visits/hostsettings/")
    assert listing.status_code == 200
    assert "Fabrikken" in listing.content.decode()
    assert "3 · 3 · 3 · 3 · 3 · 0 · 0" in listing.content.decode()
    page = staff.get(f"/admin/visits/hostsettings/{host.host_settings.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stengte dager" in html
    assert "Jul" in html


def hosting_page(staff, host):
    return staff.get(f"/admin/visits/hostsettings/{host.host_settings.pk}/change/")


def hosting_data(page, **changes) -> dict:
    """The page's form as posted; change_form_data leaves out fields that hold 0."""
    form = page.context["adminform"].form
    zero = {
        name: "0" for name in form.fields if name.startswith("desks_") and form[name].value() == 0
    }
    return change_form_data(page, **{**zero, **changes})


def test_saving_the_hosting_goes_through_the_service_with_a_new_closed_day(staff, host):
    page = hosting_page(staff, host)
    day = timezone.localdate() + timedelta(days=10)
    data = hosting_data(
        page,
        desks_monday="5",
        confirmation="manual",
        **{"closed_days-0-date": day.isoformat(), "closed_days-0-reason": "Dugnad"},
    )
    response = staff.post(page.wsgi_request.path, data)

    assert response.status_code == 302
    settings_ = HostSettings.objects.get(hub=host)
    assert (settings_.desks_monday, settings_.confirmation) == (5, "manual")
    assert list(ClosedDay.objects.filter(hub=host).values_list("date", "reason")) == [
        (day, "Dugnad")
    ]


def test_a_closed_day_with_visits_booked_is_refused_and_nothing_is_saved(staff, host):
    day = timezone.localdate() + timedelta(days=7)
    VisitFactory(host=host, date=day)
    page = hosting_page(staff, host)
    data = hosting_data(page, desks_monday="7", **{"closed_days-0-date": day.isoformat()})

    response = staff.post(page.wsgi_request.path, data)

    assert response.status_code == 302
    assert texts(response) == [
        "1 besøk er bestilt den dagen: avlys eller avslå det først, så den besøkende får beskjed."
    ]
    assert not ClosedDay.objects.filter(hub=host).exists()
    assert HostSettings.objects.get(hub=host).desks_monday == 3


def test_a_closed_day_is_removed_through_the_inline(staff, host):
    closed = ClosedDay.objects.create(hub=host, date=timezone.localdate() + timedelta(days=3))
    page = hosting_page(staff, host)
    data = hosting_data(page, **{"closed_days-0-DELETE": "on"})
    data["closed_days-0-id"] = str(closed.pk)
    data["closed_days-0-hub"] = str(host.pk)

    response = staff.post(page.wsgi_request.path, data)

    assert response.status_code == 302
    assert not ClosedDay.objects.filter(hub=host).exists()


def test_hosting_is_added_for_a_hub_that_had_none(staff):
    hub = MemberHubFactory(name="Huset")
    page = staff.get("/admin/visits/hostsettings/add/")
    assert page.status_code == 200
    data = hosting_data(page, hub=str(hub.pk), hosts_guests="on", desks_friday="2")
    data.update({"confirmation": "automatic"})

    response = staff.post("/admin/visits/hostsettings/add/", data)

    assert response.status_code == 302
    settings_ = HostSettings.objects.get(hub=hub)
    assert (settings_.hosts_guests, settings_.desks_friday) == (True, 2)


def test_a_hub_that_is_no_member_cannot_be_made_a_host(staff):
    hub = MemberHubFactory(
        name="Utmeldt",
        organisation__status="resigned",
        organisation__resigned_on=date(2025, 12, 31),
    )
    page = staff.get("/admin/visits/hostsettings/add/")
    data = hosting_data(page, hub=str(hub.pk), hosts_guests="on", confirmation="manual")

    response = staff.post("/admin/visits/hostsettings/add/", data)

    assert texts(response) == [
        "Bare hubber som drives av medlemsorganisasjoner, tar imot gjester fra nettverket."
    ]
    assert not HostSettings.objects.filter(hub=hub).exists()


# Visits


def act(client, action: str, visits, **extra):
    data = {"action": action, "_selected_action": [str(visit.pk) for visit in visits]}
    return client.post("/admin/visits/visit/", {**data, **extra})


def test_the_visit_list_renders_and_filters(staff, home, host):
    today = timezone.localdate()
    coming = VisitFactory(home_hub=home, host=host, visitor_name="Kommer Snart")
    past = VisitFactory(
        home_hub=home, host=host, visitor_name="Var Her", date=today - timedelta(days=3)
    )
    response = staff.get("/admin/visits/visit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kommer Snart" in html
    assert "Var Her" in html
    assert "Besøksregnskap" in html  # the ledger's button
    upcoming = staff.get("/admin/visits/visit/?when=upcoming").context["cl"].result_list
    assert list(upcoming) == [coming]
    earlier = staff.get("/admin/visits/visit/?when=past").context["cl"].result_list
    assert list(earlier) == [past]
    by_host = staff.get(f"/admin/visits/visit/?host__id__exact={host.pk}&status=confirmed")
    assert sorted(v.pk for v in by_host.context["cl"].result_list) == sorted([coming.pk, past.pk])
    detail = staff.get(f"/admin/visits/visit/{coming.pk}/change/")
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]


def test_confirming_and_marking_go_through_the_services(staff, home, host, committed_mail):
    HostSettings.objects.filter(hub=host).update(confirmation="manual")
    asked = VisitFactory(home_hub=home, host=host, status=Status.REQUESTED)
    today = VisitFactory(home_hub=home, host=host, date=timezone.localdate())
    later = VisitFactory(home_hub=home, host=host)

    with committed_mail():
        confirmed = act(staff, "confirm_selected", [asked])
    asked.refresh_from_db()
    assert asked.status == Status.CONFIRMED
    assert texts(confirmed) == [f"{asked} er bekreftet."]
    staff.get("/admin/visits/visit/")  # the messages shown
    assert asked.visitor.email in [message.to[0] for message in mail.outbox]

    marked = act(staff, "mark_arrived", [today, later])
    today.refresh_from_db()
    later.refresh_from_db()
    assert (today.status, later.status) == (Status.ARRIVED, Status.CONFIRMED)
    assert texts(marked) == [
        f"{today} er registrert som møtt.",
        f"{later}: Et besøk kan merkes på dagen eller senere.",
    ]
    act(staff, "mark_no_show", [today])
    today.refresh_from_db()
    assert today.status == Status.NO_SHOW


def test_declining_asks_for_the_reason_the_visitor_reads(staff, home, host, committed_mail):
    visit = VisitFactory(home_hub=home, host=host, visitor_name="Kari Nordmann")
    page = act(staff, "decline_selected", [visit])
    assert "Avslå dette besøket" in page.content.decode()
    assert "Kari Nordmann" in page.content.decode()
    empty = act(staff, "decline_selected", [visit], post="yes", reason="")
    assert "Skriv årsaken" in empty.content.decode()
    visit.refresh_from_db()
    assert visit.status == Status.CONFIRMED

    with committed_mail():
        act(staff, "decline_selected", [visit], post="yes", reason="Vi har dugnad.")

    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason) == (Status.DECLINED, "Vi har dugnad.")
    to_visitor = next(m for m in mail.outbox if m.to == [visit.visitor.email])
    assert "Årsak: Vi har dugnad." in to_visitor.body


# The fairness ledger, against figures counted by hand


@pytest.fixture
def ledger_hubs():
    """Blender sends three to Fabrikken (two in March 2025, one in April) and one to Huset in
    December 2024; Fabrikken sends one to Blender in March; Huset one to Fabrikken in March. Only
    arrived visits count: a confirmed and a no-show one in March do not."""
    blender = MemberHubFactory(name="Blender Collective")
    fabrikken = MemberHubFactory(name="Fabrikken")
    huset = MemberHubFactory(name="Huset")
    arrived = [
        (blender, fabrikken, date(2025, 3, 4)),
        (blender, fabrikken, date(2025, 3, 18)),
        (blender, fabrikken, date(2025, 4, 1)),
        (blender, huset, date(2024, 12, 3)),
        (fabrikken, blender, date(2025, 3, 5)),
        (huset, fabrikken, date(2025, 3, 6)),
    ]
    for home, host, day in arrived:
        VisitFactory(home_hub=home, host=host, date=day, status=Status.ARRIVED)
    VisitFactory(home_hub=blender, host=fabrikken, date=date(2025, 3, 10))
    VisitFactory(home_hub=blender, host=fabrikken, date=date(2025, 3, 11), status=Status.NO_SHOW)
    return blender, fabrikken, huset


def figures(response) -> list[tuple[str, int, int, int]]:
    return [(row.hub.name, row.hosted, row.sent, row.balance) for row in response.context["rows"]]


def test_the_ledger_for_a_year_and_a_month(staff, ledger_hubs):
    year = staff.get("/admin/visits/visit/ledger/?year=2025")
    assert year.status_code == 200
    assert figures(year) == [
        ("Blender Collective", 1, 3, -2),
        ("Fabrikken", 4, 1, 3),
        ("Huset", 0, 1, -1),
    ]
    assert (year.context["hosted"], year.context["sent"]) == (5, 5)
    # Signed like the hub's own ledger on Min side: a true minus sign, a plus above zero.
    html = year.content.decode()
    assert '<td class="amount" data-figure="balance">−2</td>' in html
    assert '<td class="amount" data-figure="balance">+3</td>' in html
    assert '<td class="amount" data-figure="balance-total">0</td>' in html
    assert "Besøksregnskap, 2025" in year.content.decode()
    march = staff.get("/admin/visits/visit/ledger/?year=2025&month=3")
    assert figures(march) == [
        ("Blender Collective", 1, 2, -1),
        ("Fabrikken", 3, 1, 2),
        ("Huset", 0, 1, -1),
    ]
    assert "Besøksregnskap, mars 2025" in march.content.decode()
    before = staff.get("/admin/visits/visit/ledger/?year=2024")
    assert figures(before) == [("Blender Collective", 0, 1, -1), ("Huset", 1, 0, 1)]


def test_the_ledger_of_a_quiet_period_says_so(staff, ledger_hubs):
    response = staff.get("/admin/visits/visit/ledger/?year=2025&month=7")
    assert figures(response) == []
    assert "Ingen besøk ble registrert som møtt i denne perioden." in response.content.decode()


def test_the_ledger_takes_odd_parameters_as_this_year(staff, ledger_hubs):
    this_year = timezone.localdate().year
    for query in ("year=abc&month=13", "year=99999", "year=-1&month=0", "month=%C3%A6"):
        response = staff.get(f"/admin/visits/visit/ledger/?{query}")
        assert response.status_code == 200, query
        assert (response.context["year"], response.context["month"]) == (this_year, None)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_ledger_as_csv_for_settling(staff, ledger_hubs):
    response = staff.get("/admin/visits/visit/ledger.csv?year=2025")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="coworking-norge-ledger-2025.csv"' in response["Content-Disposition"]
    number = {hub.name: hub.organisation.organisation_number for hub in ledger_hubs}
    assert csv_rows(response) == [
        ["hub", "organisation_number", "year", "month", "hosted", "sent", "balance"],
        ["Blender Collective", number["Blender Collective"], "2025", "", "1", "3", "-2"],
        ["Fabrikken", number["Fabrikken"], "2025", "", "4", "1", "3"],
        ["Huset", number["Huset"], "2025", "", "0", "1", "-1"],
    ]
    march = staff.get("/admin/visits/visit/ledger.csv?year=2025&month=3")
    assert 'filename="coworking-norge-ledger-2025-03.csv"' in march["Content-Disposition"]
    assert csv_rows(march)[1:] == [
        ["Blender Collective", number["Blender Collective"], "2025", "3", "1", "2", "-1"],
        ["Fabrikken", number["Fabrikken"], "2025", "3", "3", "1", "2"],
        ["Huset", number["Huset"], "2025", "3", "0", "1", "-1"],
    ]


def test_a_hub_name_cannot_become_a_spreadsheet_formula(staff):
    VisitFactory(
        home_hub=MemberHubFactory(name="=HYPERLINK()"),
        date=date(2025, 5, 6),
        status=Status.ARRIVED,
    )
    rows = csv_rows(staff.get("/admin/visits/visit/ledger.csv?year=2025"))
    assert "'=HYPERLINK()" in [row[0] for row in rows]


def test_the_ledger_is_for_those_who_may_see_visits(client, ledger_hubs):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/visits/visit/ledger/").status_code == 403
    assert client.get("/admin/visits/visit/ledger.csv").status_code == 403
    client.force_login(HubManagerFactory().user)
    assert client.get("/admin/visits/visit/ledger/").status_code == 302  # to the admin's login
