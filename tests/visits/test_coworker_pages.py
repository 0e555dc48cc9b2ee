"""The coworker's Min side: the network pass page (vouches, days left, visits, where to go),
accepting a vouch there or by the e-mailed link, cancelling a visit; the hub profile's section
that leads to a host's page; and Min side's links to all of it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from members.services import organisation_resign
from tests.factories import (
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits import services
from visits.models import HostSettings, Visit, Vouch
from visits.signals import hub_visit_section

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def page(client, path: str = "/me/pass/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def today():
    return timezone.localdate()


@pytest.fixture
def kari(client):
    person = verified_user("kari@example.org", name="Kari Nordmann")
    client.force_login(person)
    return person


@pytest.fixture
def vouch(kari):
    manager = UserFactory(name="Mona Leder")
    return VouchFactory(
        coworker=kari, home_hub__name="Blender", home_hub__slug="blender", vouched_by=manager
    )


@pytest.fixture
def open_vouch(django_capture_on_commit_callbacks):
    """An invitation as a manager sends it, with the token its e-mail carries."""

    def make(email: str, **hub_fields) -> tuple[Vouch, str]:
        hub = MemberHubFactory(**hub_fields)
        manager = HubManagerFactory(hub=hub).user
        until = today() + timedelta(days=90)
        with django_capture_on_commit_callbacks(execute=True):
            vouch = services.vouch_invite(hub=hub, email=email, until=until, by=manager)
        return vouch, re.search(r"/me/pass/accept/([^/\s]+)/", mail.outbox[-1].body).group(1)

    return make


# --- /me/pass/ ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/me/pass/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/pass/"


def test_a_person_without_a_vouch_reads_one_line_about_who_can_vouch(client, kari):
    HostSettingsFactory()
    words = text(page(client))
    assert "Ingen medlemshub har godkjent deg ennå." in words
    assert "Hvor du kan dra" not in words
    assert "/visit/" not in page(client)


def test_the_pass_shows_the_vouch_days_left_and_where_to_go(client, kari, vouch):
    host = HostSettingsFactory(hub__name="Fabrikken", hub__slug="fabrikken").hub
    HostSettingsFactory(hub=vouch.home_hub)  # the home hub hosts too, but not its own
    not_hosting = MemberHubFactory(slug="stille")
    HostSettings.objects.create(hub=not_hosting, hosts_guests=False)
    VisitFactory(visitor=kari, home_hub=vouch.home_hub, host=host, date=today())
    html = page(client)
    words = text(html)
    assert "Blender Aktiv" in words
    assert f"Godkjent av Mona Leder. Gyldig til {vouch.until:%d.%m.%Y}." in words
    assert re.search(r"Dager igjen i \w+ 2 av 3", words)
    assert re.findall(r'href="/hubs/([^/]+)/visit/"', html) == ["fabrikken"]


def test_an_open_invitation_is_shown_with_its_accept_button(client, kari, open_vouch):
    vouch, _token = open_vouch(kari.email, name="Blender")
    html = page(client)
    assert "Blender godkjenner deg Godta den for å bestille dager" in text(html)
    assert f'action="/me/pass/vouches/{vouch.pk}/accept/"' in html
    assert "Blender Venter på deg" in text(html)


def test_accepting_from_the_pass_page_makes_the_vouch_valid(client, kari, open_vouch):
    vouch, _token = open_vouch(kari.email, name="Blender")
    response = client.post(f"/me/pass/vouches/{vouch.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"] == "/me/pass/"
    vouch.refresh_from_db()
    assert (vouch.coworker, vouch.accepted_at is not None) == (kari, True)
    assert "Blender godkjenner deg til" in text(page(client))


def test_accepting_anothers_or_an_accepted_vouch_is_404_and_get_is_refused(
    client, kari, open_vouch, vouch
):
    others, _token = open_vouch("ola@example.org")
    assert client.post(f"/me/pass/vouches/{others.pk}/accept/").status_code == 404
    assert client.post(f"/me/pass/vouches/{vouch.pk}/accept/").status_code == 404
    mine, _token = open_vouch(kari.email)
    assert client.get(f"/me/pass/vouches/{mine.pk}/accept/").status_code == 405
    others.refresh_from_db()
    mine.refresh_from_db()
    assert (others.accepted_at, mine.accepted_at) == (None, None)


def test_an_unverified_address_cannot_accept_and_is_told_why(client, open_vouch):
    person = UserFactory(email="uverifisert@example.org")
    client.force_login(person)
    vouch, _token = open_vouch(person.email)
    response = client.post(f"/me/pass/vouches/{vouch.pk}/accept/", follow=True)
    assert "godta den pålogget med den adressen" in text(response.content.decode())
    vouch.refresh_from_db()
    assert vouch.accepted_at is None


def test_upcoming_visits_show_status_pass_arrival_and_cancel_past_ones_latest_first(
    client, kari, vouch
):
    host = HostSettingsFactory(hub__name="Fabrikken", arrival_instructions="Ring på hos 2.").hub
    other = HostSettingsFactory(hub__name="Verkstedet").hub
    confirmed = VisitFactory(visitor=kari, home_hub=vouch.home_hub, host=host)
    requested = VisitFactory(
        visitor=kari,
        home_hub=vouch.home_hub,
        host=other,
        date=today() + timedelta(days=8),
        status=Visit.Status.REQUESTED,
    )
    for days in (-40, -10):
        VisitFactory(
            visitor=kari,
            home_hub=vouch.home_hub,
            host=host,
            date=today() + timedelta(days=days),
            status=Visit.Status.ARRIVED,
        )
    html = page(client)
    words = text(html)
    assert f'href="{confirmed.get_pass_url()}"' in html
    assert requested.get_pass_url() not in html
    assert "Ring på hos 2." in words
    assert words.count("Ring på hos 2.") == 1  # only with the confirmed visit
    assert f'href="/me/pass/visits/{confirmed.pk}/cancel/"' in html
    assert f'href="/me/pass/visits/{requested.pk}/cancel/"' in html
    upcoming = words.index("Kommende besøk")
    assert words.index("Fabrikken", upcoming) < words.index("Verkstedet", upcoming)
    past = words[words.index("Tidligere besøk") :]
    dates = re.findall(r"\d\d\.\d\d\.\d{4}", past)
    assert dates == [
        f"{today() - timedelta(days=10):%d.%m.%Y}",
        f"{today() - timedelta(days=40):%d.%m.%Y}",
    ]


def test_a_declined_visit_shows_its_reason_and_no_actions(client, kari, vouch):
    visit = VisitFactory(
        visitor=kari, home_hub=vouch.home_hub, status=Visit.Status.DECLINED, decline_reason="Fullt"
    )
    html = page(client)
    words = text(html)
    # Done with, though its day is to come: among the earlier visits, with the host's reason.
    assert "Du har ingen kommende besøk." in words
    past = words[words.index("Tidligere besøk") :]
    assert f"Avslått Begrunnelse fra {visit.host.name}: Fullt" in past
    assert f"/me/pass/visits/{visit.pk}/cancel/" not in html
    assert visit.get_pass_url() not in html


def test_a_cancelled_visit_moves_to_the_earlier_visits(client, kari, vouch):
    VisitFactory(
        visitor=kari,
        home_hub=vouch.home_hub,
        host=HostSettingsFactory(hub__name="Verkstedet").hub,
        date=today() + timedelta(days=5),
        status=Visit.Status.CANCELLED,
    )
    words = text(page(client))
    assert "Du har ingen kommende besøk." in words
    assert "Verkstedet Avlyst" in words[words.index("Tidligere besøk") :]


def make_pass_data(kari, vouch, *, start: int, count: int) -> None:
    """Visits of the coworker (past and upcoming), more vouches and more hosts."""
    for number in range(start, start + count):
        host = HostSettingsFactory(arrival_instructions="Inn bakdøra.").hub
        VisitFactory(
            visitor=kari,
            home_hub=vouch.home_hub,
            host=host,
            date=today() + timedelta(days=(number if number % 2 else -number - 1)),
            status=[Visit.Status.CONFIRMED, Visit.Status.REQUESTED, Visit.Status.ARRIVED][
                number % 3
            ],
        )
        VouchFactory(coworker=kari, email=f"kari+{number}@example.org", vouched_by=UserFactory())


def test_the_pass_runs_the_same_queries_with_few_and_many_visits_vouches_and_hosts(
    client, kari, vouch, django_assert_num_queries
):
    make_pass_data(kari, vouch, start=0, count=2)
    with CaptureQueriesContext(connection) as few:
        page(client)
    make_pass_data(kari, vouch, start=2, count=25)
    with django_assert_num_queries(len(few)):
        page(client)


# --- The e-mailed link --------------------------------------------------------------------------


def test_the_link_shows_the_vouch_and_accepts_it(client, kari, open_vouch):
    vouch, token = open_vouch(kari.email, name="Blender")
    words = text(page(client, f"/me/pass/accept/{token}/"))
    assert "Blender godkjenner deg" in words
    assert f"til {vouch.until:%d.%m.%Y}" in words
    assert "Godta" in words
    response = client.post(f"/me/pass/accept/{token}/")
    assert response["Location"] == "/me/pass/"
    vouch.refresh_from_db()
    assert vouch.coworker == kari


def test_the_link_sends_anonymous_visitors_to_sign_in_and_back(client, open_vouch):
    _vouch, token = open_vouch("kari@example.org")
    response = client.get(f"/me/pass/accept/{token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/me/pass/accept/{token}/"


def test_a_link_that_no_longer_works_says_so(client, kari, open_vouch):
    _vouch, token = open_vouch(kari.email)
    for path in ("/me/pass/accept/tull/", f"/me/pass/accept/{token}x/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Denne lenken virker ikke lenger" in text(response.content.decode())
    client.post(f"/me/pass/accept/{token}/")
    used = client.get(f"/me/pass/accept/{token}/")
    assert used.status_code == 404
    assert "Denne lenken virker ikke lenger" in text(used.content.decode())
    ended, ended_token = open_vouch(kari.email)
    Vouch.objects.filter(pk=ended.pk).update(until=today() - timedelta(days=1))
    assert client.get(f"/me/pass/accept/{ended_token}/").status_code == 404


def test_another_account_is_told_it_cannot_accept_and_accepts_nothing(client, kari, open_vouch):
    vouch, token = open_vouch("ola@example.org", name="Blender")
    words = text(page(client, f"/me/pass/accept/{token}/"))
    assert "bare den adressen kan godta den" in words
    response = client.post(f"/me/pass/accept/{token}/")
    assert response.status_code == 400
    assert "godta den pålogget med den adressen" in text(response.content.decode())
    vouch.refresh_from_db()
    assert (vouch.coworker, vouch.accepted_at) == (None, None)


# --- Cancelling ---------------------------------------------------------------------------------


def test_cancelling_asks_first_then_frees_the_day(client, kari, vouch):
    host = HostSettingsFactory(hub__name="Fabrikken").hub
    visit = VisitFactory(visitor=kari, home_hub=vouch.home_hub, host=host)
    words = text(page(client, f"/me/pass/visits/{visit.pk}/cancel/"))
    assert f"Avlyse dagen din hos Fabrikken {visit.date:%d.%m.%Y}?" in words
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CONFIRMED
    response = client.post(f"/me/pass/visits/{visit.pk}/cancel/")
    assert response["Location"] == "/me/pass/"
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED
    words = text(page(client))
    assert "er avlyst" in words
    assert f"/me/pass/visits/{visit.pk}/cancel/" not in page(client)


def test_someone_elses_visit_cannot_be_cancelled(client, kari, vouch):
    visit = VisitFactory()
    assert client.get(f"/me/pass/visits/{visit.pk}/cancel/").status_code == 404
    assert client.post(f"/me/pass/visits/{visit.pk}/cancel/").status_code == 404
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CONFIRMED


def test_a_past_visit_cannot_be_cancelled_and_says_so(client, kari, vouch):
    visit = VisitFactory(visitor=kari, home_hub=vouch.home_hub, date=today() - timedelta(days=1))
    response = client.get(f"/me/pass/visits/{visit.pk}/cancel/", follow=True)
    assert "Dette besøket kan ikke lenger avlyses." in text(response.content.decode())
    client.post(f"/me/pass/visits/{visit.pk}/cancel/")
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CONFIRMED


# --- The hub profile and Min side ---------------------------------------------------------------


def test_a_hosting_hubs_profile_links_to_its_visit_page(client):
    HostSettingsFactory(hub__slug="fabrikken", hub__name="Fabrikken")
    html = page(client, "/hubs/fabrikken/")
    assert "Fabrikken tar imot coworkere fra Coworking Norges andre medlemshubber" in text(html)
    assert 'href="/hubs/fabrikken/visit/"' in html


def test_a_hub_that_does_not_host_has_no_such_section(client):
    hub = MemberHubFactory(slug="stille")
    HostSettings.objects.create(hub=hub, hosts_guests=False)
    assert "/hubs/stille/visit/" not in page(client, "/hubs/stille/")


def test_the_section_costs_one_query(django_assert_num_queries):
    hub = HostSettingsFactory().hub
    with django_assert_num_queries(1):
        assert hub_visit_section(None, hub=hub)["hub"] == hub


def test_the_kept_profile_follows_hosting_and_membership(
    client, django_capture_on_commit_callbacks
):
    hub = MemberHubFactory(slug="fabrikken")
    assert "/hubs/fabrikken/visit/" not in page(client, "/hubs/fabrikken/")
    with django_capture_on_commit_callbacks(execute=True):
        services.host_settings_save(hub=hub, changes={"hosts_guests": True, "desks_monday": 2})
    assert "/hubs/fabrikken/visit/" in page(client, "/hubs/fabrikken/")
    with django_capture_on_commit_callbacks(execute=True):
        organisation_resign(organisation=hub.organisation, on=today(), user=UserFactory())
    assert "/hubs/fabrikken/visit/" not in page(client, "/hubs/fabrikken/")


def test_min_side_links_to_the_pass_and_a_managers_host_pages(client, kari):
    html = page(client, "/me/")
    assert 'href="/me/pass/"' in html
    assert "/visits/" not in html
    HubManagerFactory(user=kari, hub__slug="fabrikken")
    html = page(client, "/me/")
    for path in ("visits", "coworkers", "hosting"):
        assert f'href="/me/hubs/fabrikken/{path}/"' in html


def test_min_side_offers_no_membership_box_to_a_vouched_coworker_and_sums_up_the_pass(
    client, kari, vouch
):
    host = HostSettingsFactory(hub__name="Fabrikken").hub
    visit = VisitFactory(visitor=kari, home_hub=vouch.home_hub, host=host)
    words = text(page(client, "/me/"))
    assert "Ingenting å administrere ennå" not in words
    month = date_format(today(), "F")  # "desember": lower case in Norwegian
    left = 2 if visit.date.month == today().month else 3
    assert f"Du har {left} dager igjen i {month}." in words
    assert f"Neste besøk: Fabrikken, {visit.date:%d.%m.%Y}." in words


def test_min_side_says_a_vouch_waits_to_be_accepted(client, kari, open_vouch):
    open_vouch(kari.email, name="Blender")
    words = text(page(client, "/me/"))
    assert "Du har en godkjenning som venter." in words
    assert "Ingenting å administrere ennå" not in words


def test_min_side_without_a_vouch_keeps_the_membership_box(client, kari):
    words = text(page(client, "/me/"))
    assert "Ingenting å administrere ennå" in words
    assert "Godkjent av medlemshuben din kan du jobbe en dag hos andre medlemshubber" in words


def test_min_side_runs_the_same_queries_with_few_and_many_vouches_and_visits(
    client, kari, vouch, django_assert_num_queries
):
    make_pass_data(kari, vouch, start=0, count=2)
    with CaptureQueriesContext(connection) as few:
        page(client, "/me/")
    make_pass_data(kari, vouch, start=2, count=25)
    with django_assert_num_queries(len(few)):
        page(client, "/me/")
