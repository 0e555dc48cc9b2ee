"""The network pass in the demo, for local use only (see `manage.py demo`): coworker@example.org is
vouched for by Blender Collective, Fabrikken hosts network guests on Tuesdays and Thursdays, and
the coworker has one past visit there (arrived) and one upcoming, confirmed. Blender Collective
gets a made-up member organisation of its own, since only member hubs vouch. Everything is made
once: running the demo again finds it and changes nothing. The services send their e-mails (to
the console in development)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from coworking_norge import fragments
from hubs.models import Hub
from members.models import MembershipTier, Organisation, User
from visits.models import HostSettings, Visit, Vouch
from visits.selectors import CACHE_SCOPE, days_with_room
from visits.services import (
    host_settings_save,
    visit_confirm,
    visit_request,
    vouch_accept,
    vouch_invite,
    vouch_renew,
)

HOME = "blender-collective"
HOST = "fabrikken"
COWORKER = "coworker@example.org"
MANAGER = "manager@example.org"  # manages Fabrikken (members/demo.py)
SECRETARIAT = "secretariat@example.org"
BLENDER_ORGANISATION_NUMBER = "999999980"  # made up; valid by the mod-11 check
VOUCH_DAYS = 180
TUESDAY, THURSDAY = 1, 3
HOSTING = {
    "hosts_guests": True,
    "desks_tuesday": 4,
    "desks_thursday": 4,
    "confirmation": HostSettings.Confirmation.MANUAL,
    "arrival_instructions": "Ring på hos resepsjonen i første etasje og si at du kommer med "
    "nettverkspasset; vi viser deg til gjestepulten. (Demotekst.)",
    "house_rules": "Ta telefonsamtaler i telefonboksene, og rydd pulten før du går. (Demotekst.)",
}


def demo_create() -> list[str]:
    home = Hub.objects.filter(slug=HOME).first()
    host = Hub.objects.filter(slug=HOST).first()
    users = {user.email: user for user in User.objects.filter(email__in=[COWORKER, MANAGER])}
    secretariat = User.objects.filter(email=SECRETARIAT).first()
    if None in (home, host, secretariat) or len(users) < 2:
        return []
    _member_organisation(home)
    _vouch(home, users[COWORKER], by=secretariat)
    if not HostSettings.objects.filter(hub=host).exists():
        host_settings_save(hub=host, changes=HOSTING)
    _past_visit(users[COWORKER], home, host, by=users[MANAGER])
    upcoming = _upcoming_visit(users[COWORKER], host, by=users[MANAGER])
    if upcoming is None:
        return []
    return [f"Demo network pass (the coworker's next visit): {_pass_url(upcoming)}"]


def _member_organisation(hub: Hub) -> None:
    """A made-up member organisation behind the hub, if it has none."""
    if hub.organisation_id is not None:
        return
    organisation, _created = Organisation.objects.get_or_create(
        organisation_number=BLENDER_ORGANISATION_NUMBER,
        defaults={
            "legal_name": "Blender Collective Demo AS (oppdiktet)",
            "address": "Demogata 2",
            "postcode": "1606",
            "city": "Fredrikstad",
            "invoice_email": "faktura-blender@example.org",
            "status": Organisation.Status.MEMBER,
            "member_since": date(2024, 1, 1),
            "tier": MembershipTier.objects.order_by("min_desks").first(),
        },
    )
    Hub.objects.filter(pk=hub.pk).update(organisation=organisation)
    hub.organisation = organisation


def _vouch(hub: Hub, coworker: User, *, by: User) -> Vouch:
    """Invited, accepted, and running for months yet. The demo has no manager of Blender
    Collective, so the secretariat (which may act for any hub) vouches in its name."""
    until = timezone.localdate() + timedelta(days=VOUCH_DAYS)
    vouch = Vouch.objects.live().filter(home_hub=hub, email__iexact=coworker.email).first()
    if vouch is None:
        vouch = vouch_invite(hub=hub, email=coworker.email, until=until, by=by)
    if vouch.accepted_at is None:
        vouch = vouch_accept(vouch=vouch, user=coworker)
    if vouch.until < timezone.localdate() + timedelta(days=VOUCH_DAYS // 2):
        vouch = vouch_renew(vouch=vouch, until=until, by=by)
    return vouch


def _past_visit(coworker: User, home: Hub, host: Hub, *, by: User) -> None:
    """Made directly, not through visit_request: the services book only from today on, and this
    day is over, with the visitor marked as arrived."""
    if Visit.objects.filter(visitor=coworker, host=host, date__lt=timezone.localdate()).exists():
        return
    day = _hosting_day_before(timezone.localdate() - timedelta(days=7))
    arrived = timezone.make_aware(datetime.combine(day, time(9, 30)))
    visit = Visit(
        visitor=coworker,
        visitor_name=coworker.name or coworker.email,
        home_hub=home,
        host=host,
        date=day,
        status=Visit.Status.ARRIVED,
        decided_at=arrived - timedelta(days=3),
        decided_by=by,
        marked_at=arrived,
    )
    visit.full_clean()
    visit.save()
    fragments.invalidate(CACHE_SCOPE)


def _hosting_day_before(day: date) -> date:
    """The last Tuesday or Thursday on or before `day`."""
    while day.weekday() not in (TUESDAY, THURSDAY):
        day -= timedelta(days=1)
    return day


def _upcoming_visit(coworker: User, host: Hub, *, by: User) -> Visit | None:
    """The coworker's next visit to the host, or a new one on the first day from tomorrow that
    has room (and a day left in the coworker's month), confirmed by the host's manager."""
    today = timezone.localdate()
    visit = (
        Visit.objects.filter(visitor=coworker, host=host, date__gt=today, status__in=Visit.HOLDING)
        .order_by("date")
        .first()
    )
    if visit is None:
        visit = _request_first_free_day(coworker, host, today)
    if visit is not None and visit.status == Visit.Status.REQUESTED:
        visit = visit_confirm(visit=visit, by=by)
    return visit


def _request_first_free_day(coworker: User, host: Hub, today: date) -> Visit | None:
    for day in days_with_room(host, coworker, today):
        if day.date <= today or not day.bookable:
            continue
        try:
            return visit_request(visitor=coworker, host=host, day=day.date, today=today)
        except ValidationError:  # that month's days are used: try a later day
            continue
    return None


def _pass_url(visit: Visit) -> str:
    return settings.SITE_URL + visit.get_pass_url()
