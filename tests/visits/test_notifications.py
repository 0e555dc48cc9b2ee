"""The network pass's e-mails, as the services send them after commit: who gets each (the visitor,
the host's managers, the home hub's managers, the hub's own address when it has no manager), in
which language (the visit's; the hub organisation's), what a host sees of the visitor (only what
they chose to share), and the confirmed visitor's pass, instructions and calendar file."""

from datetime import date, timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from members.models import Organisation
from tests.factories import (
    HostSettingsFactory,
    HubManagerFactory,
    MemberHubFactory,
    UserFactory,
    VisitFactory,
    VouchFactory,
    verified_user,
)
from visits.models import HostSettings, Visit, Vouch
from visits.services import (
    visit_cancel,
    visit_confirm,
    visit_decline,
    visit_request,
    vouch_invite,
    vouch_renew,
    vouch_revoke,
)

pytestmark = pytest.mark.django_db

SITE = "https://coworkingnorge.no"
Status = Visit.Status


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the callbacks a service leaves for after its commit (the e-mails) at once."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def monday_in(weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks - today.weekday())


NB_WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def nb_day(day: date) -> str:
    """As the e-mails write a day in Norwegian: "mandag 07.12.2026"."""
    return f"{NB_WEEKDAYS[day.weekday()]} {day:%d.%m.%Y}"


def en_day(day: date) -> str:
    """And in English: "Monday 7 Dec 2026"."""
    return f"{day:%A} {day.day} {day:%b %Y}"


def by_recipient() -> dict[str, object]:
    return {", ".join(message.to): message for message in mail.outbox}


@pytest.fixture
def home():
    hub = MemberHubFactory(name="Blender Collective", slug="blender", email="hei@blender.example")
    HubManagerFactory(hub=hub, user=UserFactory(email="leder@blender.example", name="Lise Leder"))
    return hub


@pytest.fixture
def host():
    hub = HostSettingsFactory(
        hub__name="Fabrikken",
        hub__slug="fabrikken",
        hub__address="Fabrikkgata 1",
        hub__postcode="2609",
        hub__city="Lillehammer",
        hub__email="hei@fabrikken.example",
        confirmation=HostSettings.Confirmation.MANUAL,
        arrival_instructions="Ring på hos resepsjonen.",
        house_rules="Rydd pulten før du går.",
    ).hub
    for email in ("b@fabrikken.example", "a@fabrikken.example"):
        HubManagerFactory(hub=hub, user=UserFactory(email=email))
    return hub


@pytest.fixture
def kari(home):
    person = verified_user("kari@example.org", name="Kari Nordmann")
    VouchFactory(home_hub=home, coworker=person)
    return person


def request(committed, kari, host, **fields) -> Visit:
    return committed(visit_request, visitor=kari, host=host, day=monday_in(1), **fields)


HOST_MANAGERS = "a@fabrikken.example, b@fabrikken.example"


# Vouches


def test_an_invitation_says_who_vouches_until_when_with_the_link_in_its_language(
    committed, home, monkeypatch
):
    tokens = iter(["lenke-nb", "link-en"])
    monkeypatch.setattr("visits.services.vouches.secrets.token_urlsafe", lambda n: next(tokens))
    lise = home.managers.get().user
    until = timezone.localdate() + timedelta(days=90)
    committed(vouch_invite, hub=home, email="ny@example.org", until=until, by=lise)
    committed(vouch_invite, hub=home, email="new@example.org", until=until, by=lise, language="en")

    norwegian, english = mail.outbox
    assert norwegian.to == ["ny@example.org"]
    assert norwegian.subject == (
        "[Coworking Norge] Blender Collective har godkjent deg: jobb en dag ved andre hubber"
    )
    assert (
        "Lise Leder ved Blender Collective har godkjent deg som en av hubens coworkere i "
        f"Coworking Norge, fram til {nb_day(until)}."
    ) in norwegian.body
    assert "opptil 3 dager i måneden" in norwegian.body
    assert f"{SITE}/me/pass/accept/lenke-nb/" in norwegian.body
    assert english.to == ["new@example.org"]
    assert (
        "Lise Leder at Blender Collective vouches for you as one of its coworkers in Coworking "
        f"Norge, until {en_day(until)}."
    ) in english.body
    assert "up to 3 days a month" in english.body
    assert f"{SITE}/en/me/pass/accept/link-en/" in english.body


def test_a_renewed_vouch_tells_the_coworker_the_new_end_date(committed, kari):
    vouch = Vouch.objects.get(coworker=kari)
    until = timezone.localdate() + timedelta(days=300)
    committed(vouch_renew, vouch=vouch, until=until, by=UserFactory())

    [message] = mail.outbox
    assert message.to == ["kari@example.org"]
    assert message.subject == (
        f"[Coworking Norge] Godkjenningen din fra Blender Collective varer nå til {nb_day(until)}"
    )
    assert f"{SITE}/me/pass/" in message.body
    assert "Fram til da kan du jobbe en dag ved nettverkets andre medlemshubber." in message.body


def test_a_renewed_invitation_not_yet_accepted_says_where_to_accept_it(committed, home):
    vouch = VouchFactory(home_hub=home, coworker=None, email="ola@example.org")
    committed(vouch_renew, vouch=vouch, until=timezone.localdate() + timedelta(days=90), by=None)

    [message] = mail.outbox
    assert message.to == ["ola@example.org"]
    assert "Fram til da" not in message.body
    assert (
        "Du har ikke godtatt den ennå. Godta den med lenken i den forrige e-posten, eller på "
        f"Min side:\n{SITE}/me/pass/"
    ) in message.body


def test_an_ended_vouch_without_visits_calls_nothing_off(committed, kari):
    committed(vouch_revoke, vouch=Vouch.objects.get(coworker=kari), by=None, reason="")

    [ended] = mail.outbox
    assert "avlyst" not in ended.body
    assert "Spør Blender Collective hvis du tror dette er en feil." in ended.body


def test_an_ended_vouch_tells_the_coworker_why_and_calls_off_the_visits(committed, kari, host):
    visit = request(committed, kari, host, language="en")
    mail.outbox.clear()

    committed(vouch_revoke, vouch=Vouch.objects.get(coworker=kari), by=None, reason="Flyttet ut.")

    # Kari booked in English: the vouch's end and the visit called off reach her in English.
    ended, called_off = sorted(
        (message for message in mail.outbox if message.to == ["kari@example.org"]),
        key=lambda message: message.subject,
    )
    assert ended.subject == "[Coworking Norge] Blender Collective no longer vouches for you"
    assert "Reason: Flyttet ut." in ended.body
    assert "Your upcoming visits through Blender Collective are called off" in ended.body
    assert called_off.subject == (
        f"[Coworking Norge] Called off: a day at Fabrikken, {en_day(visit.date)}"
    )
    [to_host] = [message for message in mail.outbox if message.to != ["kari@example.org"]]
    assert to_host.to == ["a@fabrikken.example", "b@fabrikken.example"]
    assert "Kari Nordmann" in to_host.body
    assert len(mail.outbox) == 3


# A request the host answers


def test_a_request_tells_the_visitor_it_is_sent_and_asks_the_host_s_managers(committed, kari, host):
    visit = request(committed, kari, host, message="Jeg tar med egen skjerm.")

    messages = by_recipient()
    assert sorted(messages) == [HOST_MANAGERS, "kari@example.org"]
    visitor = messages["kari@example.org"]
    assert visitor.subject == (
        f"[Coworking Norge] Forespørsel sendt: en dag hos Fabrikken, {nb_day(visit.date)}"
    )
    assert "En hubansvarlig svarer på den" in visitor.body
    assert f"Besøkene dine, og hvor du kan avlyse dette:\n{SITE}/me/pass/" in visitor.body
    assert not visitor.attachments
    managers = messages[HOST_MANAGERS]
    assert managers.subject == (
        f"[Coworking Norge] En gjest fra nettverket ber om {nb_day(visit.date)}: Kari Nordmann"
    )
    assert "Kari Nordmann, coworker ved Blender Collective, ber om å få jobbe hos Fabrikken" in (
        managers.body
    )
    assert "Melding fra den besøkende:\nJeg tar med egen skjerm." in managers.body
    assert f"{SITE}/me/hubs/fabrikken/visits/" in managers.body
    assert managers.reply_to == ["post@coworkingnorge.no"]


def test_the_host_sees_no_contact_details_unless_the_visitor_shares_them(committed, kari, host):
    request(committed, kari, host)
    managers = by_recipient()[HOST_MANAGERS]
    assert "kari@example.org" not in managers.body
    assert "Den besøkende har valgt å ikke vise e-postadresse eller telefonnummer." in (
        managers.body
    )


def test_the_host_sees_what_the_visitor_chose_to_share(committed, kari, host):
    request(committed, kari, host, share_email=True, phone="+47 912 34 567")
    managers = by_recipient()[HOST_MANAGERS]
    assert "E-post: kari@example.org\nTelefon: +47 912 34 567\n" in managers.body
    assert "valgt å ikke vise" not in managers.body
    # A reply goes straight to the visitor.
    assert managers.reply_to == ["kari@example.org"]


def test_the_phone_alone_is_shown_without_the_address(committed, kari, host):
    request(committed, kari, host, phone="+47 912 34 567")
    managers = by_recipient()[HOST_MANAGERS]
    assert "Telefon: +47 912 34 567" in managers.body
    assert "kari@example.org" not in managers.body


def test_a_hub_without_managers_is_written_to_at_its_own_address(committed, kari, host):
    host.managers.all().delete()
    request(committed, kari, host)
    assert sorted(by_recipient()) == ["hei@fabrikken.example", "kari@example.org"]


def test_e_mails_to_a_hub_are_in_its_organisation_s_language(committed, kari, host):
    Organisation.objects.filter(pk=host.organisation_id).update(language="en")
    visit = request(committed, kari, host)
    managers = by_recipient()[HOST_MANAGERS]
    assert managers.subject == (
        f"[Coworking Norge] A network guest asks for {en_day(visit.date)}: Kari Nordmann"
    )
    assert f"{SITE}/en/me/hubs/fabrikken/visits/" in managers.body
    # The visitor still reads hers in the language she booked in.
    assert by_recipient()["kari@example.org"].subject.startswith("[Coworking Norge] Forespørsel")


# Confirmed


def confirmed_visit(committed, kari, host, **fields) -> Visit:
    visit = request(committed, kari, host, **fields)
    mail.outbox.clear()
    return committed(visit_confirm, visit=visit, by=host.managers.first().user)


def test_a_confirmed_visitor_gets_the_pass_the_instructions_the_rules_and_a_calendar_file(
    committed, kari, host
):
    visit = confirmed_visit(committed, kari, host, language="en")

    message = by_recipient()["kari@example.org"]
    assert message.subject == (
        f"[Coworking Norge] Confirmed: a day at Fabrikken, {en_day(visit.date)}"
    )
    body = message.body
    assert f"Welcome to Fabrikken on {en_day(visit.date)}: your visit is confirmed." in body
    assert "Where: Fabrikken, Fabrikkgata 1, 2609 Lillehammer" in body
    assert f"{SITE}/en/pass/{visit.pass_token}/" in body
    assert "When you arrive:\nRing på hos resepsjonen." in body
    assert "House rules:\nRydd pulten før du går." in body
    [(name, content, kind)] = message.attachments
    assert (name, kind) == ("network-pass.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == visit.date
    assert event.decoded("dtend") == visit.date + timedelta(days=1)
    assert str(event["summary"]) == "Network day at Fabrikken"
    assert str(event["location"]) == "Fabrikken, Fabrikkgata 1, 2609 Lillehammer"
    assert str(event["url"]) == f"{SITE}/en/pass/{visit.pass_token}/"
    assert str(event["uid"]) == f"visit-{visit.pk}@coworkingnorge.no"
    assert str(event["status"]) == "CONFIRMED"
    assert str(calendar["method"]) == "PUBLISH"
    assert "Ring på hos resepsjonen." in str(event["description"])


def test_a_confirmed_visit_is_told_to_both_hubs_and_the_home_hub_sees_no_contact(
    committed, kari, host
):
    visit = confirmed_visit(committed, kari, host, share_email=True, phone="+47 912 34 567")

    messages = by_recipient()
    assert sorted(messages) == [HOST_MANAGERS, "kari@example.org", "leder@blender.example"]
    assert messages["kari@example.org"].attachments[0][0] == "nettverkspass.ics"
    assert f"{SITE}/pass/{visit.pass_token}/" in messages["kari@example.org"].body
    to_host = messages[HOST_MANAGERS]
    assert "Kari Nordmann, coworker ved Blender Collective, kommer for å jobbe hos Fabrikken" in (
        to_host.body
    )
    assert "E-post: kari@example.org" in to_host.body
    assert (
        f"Marker at gjesten har møtt opp – på passet eller her:\n{SITE}/me/hubs/fabrikken/visits/"
    ) in to_host.body
    to_home = messages["leder@blender.example"]
    assert to_home.subject == (
        f"[Coworking Norge] Kari Nordmann besøker Fabrikken {nb_day(visit.date)}"
    )
    assert "kari@example.org" not in to_home.body
    assert "912 34 567" not in to_home.body
    assert not to_home.attachments


def test_a_request_confirmed_automatically_is_a_confirmation_at_once(committed, kari, host):
    HostSettings.objects.filter(hub=host).update(confirmation=HostSettings.Confirmation.AUTOMATIC)
    visit = request(committed, kari, host)

    assert visit.status == Status.CONFIRMED
    messages = by_recipient()
    assert sorted(messages) == [HOST_MANAGERS, "kari@example.org", "leder@blender.example"]
    assert messages["kari@example.org"].subject.startswith("[Coworking Norge] Bekreftet:")
    assert len(messages["kari@example.org"].attachments) == 1
    assert "Forespørsel sendt" not in " ".join(message.subject for message in mail.outbox)


# Declined, cancelled, called off


def test_a_declined_visitor_reads_the_reason_and_the_home_hub_is_told(committed, kari, host):
    visit = request(committed, kari, host)
    mail.outbox.clear()
    committed(visit_decline, visit=visit, by=UserFactory(), reason="Vi har dugnad den dagen.")

    messages = by_recipient()
    assert sorted(messages) == ["kari@example.org", "leder@blender.example"]
    visitor = messages["kari@example.org"]
    assert visitor.subject == (
        f"[Coworking Norge] Avslått: en dag hos Fabrikken, {nb_day(visit.date)}"
    )
    assert "Årsak: Vi har dugnad den dagen." in visitor.body
    assert "Dagen teller ikke med i dagene dine denne måneden." in visitor.body
    assert f"Velg en annen dag hos Fabrikken:\n{SITE}/hubs/fabrikken/visit/" in visitor.body
    assert f"Eller en annen medlemshub:\n{SITE}/hubs/" in visitor.body
    home = messages["leder@blender.example"]
    assert "Fabrikken har avslått besøket til Kari Nordmann" in home.body


def test_a_visit_the_coworker_cancels_is_told_to_the_host_s_managers_only(committed, kari, host):
    visit = request(committed, kari, host)
    mail.outbox.clear()
    committed(visit_cancel, visit=visit, by=kari)

    [message] = mail.outbox
    assert message.to == ["a@fabrikken.example", "b@fabrikken.example"]
    assert message.subject == (
        f"[Coworking Norge] Besøk avlyst {nb_day(visit.date)}: Kari Nordmann"
    )
    assert "har avlyst besøket hos Fabrikken" in message.body
    assert "Gjesteplassen er ledig igjen." in message.body


def test_a_visit_the_network_calls_off_tells_the_visitor_and_the_host_why(
    committed, kari, host, home
):
    visit = request(committed, kari, host)
    mail.outbox.clear()
    committed(vouch_revoke, vouch=Vouch.objects.get(coworker=kari), by=None, reason="")

    called_off = [message for message in mail.outbox if "vlyst" in message.subject]
    assert sorted(", ".join(message.to) for message in called_off) == [
        HOST_MANAGERS,
        "kari@example.org",
    ]
    for message in called_off:
        assert "Årsak: Hjemmehuben godkjenner deg ikke lenger." in message.body
    to_kari = next(message for message in called_off if message.to == ["kari@example.org"])
    assert to_kari.subject == (
        f"[Coworking Norge] Avlyst: en dag hos Fabrikken, {nb_day(visit.date)}"
    )
    visit.refresh_from_db()
    assert visit.status == Status.CANCELLED


def test_a_visitor_who_deleted_their_account_gets_nothing_and_the_host_is_told_it_is_off(
    committed, kari, host
):
    visit = request(committed, kari, host)
    mail.outbox.clear()
    committed(kari.delete)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED
    assert [message.to for message in mail.outbox] == [
        ["a@fabrikken.example", "b@fabrikken.example"]
    ]
    assert "Kari" not in mail.outbox[0].body


def test_a_visit_made_by_a_factory_sends_nothing_by_itself():
    VisitFactory()
    assert mail.outbox == []
