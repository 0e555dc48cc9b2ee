"""The network pass's e-mails, sent by visits.services after their transaction commits: to the
coworker in the visit's language (the one they booked in), and to a hub's managers (the hub's own
address when it has none) in its organisation's language. A host reads only what the visitor
chose to share; a confirmed visitor gets the pass, the host's arrival instructions and house
rules, and a calendar file. A failed send is logged by coworking_norge.mail, never raised."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from coworking_norge.mail import email_render, email_send
from hubs.models import Hub
from members.models import User
from visits.ics import hub_location, visit_calendar
from visits.models import HostSettings, Visit, Vouch

Status = Visit.Status


# Vouches


def vouch_invited(vouch_id: int, token: str, language: str) -> None:
    """The invited address gets the link to accept, saying who vouches and until when."""
    vouch = Vouch.objects.select_related("home_hub", "vouched_by").get(pk=vouch_id)
    with translation.override(language):
        context = {
            **_vouch_context(vouch),
            "accept_url": settings.SITE_URL + reverse("me:vouch_accept_link", args=[token]),
        }
    _send("vouch_invited", context, to=[vouch.email], language=language)


def vouch_renewed(vouch_id: int) -> None:
    """The coworker (or the invited address) is told the vouch's new end date."""
    vouch = Vouch.objects.select_related("home_hub", "coworker", "vouched_by").get(pk=vouch_id)
    _send_coworker("vouch_renewed", vouch)


def vouch_ended(vouch_id: int) -> None:
    """The coworker is told the home hub no longer vouches for them, and why, and that their
    upcoming visits through it are called off when there were any."""
    vouch = Vouch.objects.select_related("home_hub", "coworker", "vouched_by").get(pk=vouch_id)
    _send_coworker("vouch_ended", vouch, called_off=_called_off_with(vouch))


def _called_off_with(vouch: Vouch) -> bool:
    """Whether the vouch's end called off visits (they are cancelled from its end on, through
    its hub)."""
    if vouch.revoked_at is None or not vouch.coworker_id:
        return False
    return Visit.objects.filter(
        visitor_id=vouch.coworker_id,
        home_hub_id=vouch.home_hub_id,
        status=Status.CANCELLED,
        cancelled_at__gte=vouch.revoked_at,
    ).exists()


def _send_coworker(template: str, vouch: Vouch, **extra) -> None:
    language = _coworker_language(vouch)
    with translation.override(language):
        context = {**_vouch_context(vouch), **extra}
    address = vouch.coworker.email if vouch.coworker_id else vouch.email
    _send(template, context, to=[address], language=language)


def _coworker_language(vouch: Vouch) -> str:
    """The language the coworker last booked a visit in; Norwegian until they have."""
    if not vouch.coworker_id:
        return settings.LANGUAGE_CODE
    visits = Visit.objects.filter(visitor_id=vouch.coworker_id).order_by("-created_at", "-pk")
    return visits.values_list("language", flat=True).first() or settings.LANGUAGE_CODE


def _vouch_context(vouch: Vouch) -> dict:
    """In the active language."""
    by = vouch.vouched_by
    return {
        "vouch": vouch,
        "hub": vouch.home_hub.name,
        "by": (by.name or by.email) if by else "",
        "until": _day(vouch.until),
        "quota": settings.VISITS_MONTHLY_QUOTA,
        "pass_page_url": settings.SITE_URL + reverse("me:pass"),
        "network_email": settings.NETWORK_EMAIL,
    }


# Visits


def visit_requested(visit_id: int) -> None:
    """A request the host confirms automatically is a confirmed visit at once; otherwise the
    visitor hears it is sent and the host's managers are asked to answer."""
    visit = _visit(visit_id)
    if visit.status == Status.CONFIRMED:
        _confirmed(visit)
        return
    _send_visitor("visit_requested_visitor", visit)
    _send_hub("visit_requested_host", visit, visit.host)


def visit_confirmed(visit_id: int) -> None:
    _confirmed(_visit(visit_id))


def _confirmed(visit: Visit) -> None:
    """The visitor gets the pass and the calendar file; both hubs' managers are told."""
    with translation.override(visit.language):
        # Translators: the attached calendar file's name: lower case, no spaces.
        name = translation.pgettext("file name", "network-pass.ics")
        calendar = (name, visit_calendar(visit), "text/calendar")
    _send_visitor("visit_confirmed_visitor", visit, attachments=[calendar])
    _send_hub("visit_confirmed_host", visit, visit.host)
    _send_hub("visit_confirmed_home", visit, visit.home_hub)


def visit_declined(visit_id: int) -> None:
    """The visitor reads the host's reason; the home hub's managers are told."""
    visit = _visit(visit_id)
    _send_visitor("visit_declined_visitor", visit)
    _send_hub("visit_declined_home", visit, visit.home_hub)


def visit_cancelled(visit_id: int) -> None:
    """The coworker cancelled: the desk is free again, the host's managers are told."""
    visit = _visit(visit_id)
    _send_hub("visit_cancelled_host", visit, visit.host)


def visit_called_off(visit_id: int) -> None:
    """The network called the visit off (the vouch ended, a hub left): the visitor and the host's
    managers are told why (the reason is in decline_reason)."""
    visit = _visit(visit_id)
    _send_visitor("visit_called_off_visitor", visit)
    _send_hub("visit_called_off_host", visit, visit.host)


def _visit(visit_id: int) -> Visit:
    return Visit.objects.select_related(
        "host__organisation", "home_hub__organisation", "visitor"
    ).get(pk=visit_id)


def _send_visitor(template: str, visit: Visit, attachments=()) -> None:
    """To the visitor, in the language they booked in; nobody to write to once they deleted
    their account."""
    if visit.visitor is None:
        return
    with translation.override(visit.language):
        context = {
            **_visit_context(visit),
            "pass_url": settings.SITE_URL + visit.get_pass_url(),
            "pass_page_url": settings.SITE_URL + reverse("me:pass"),
            "visit_page_url": settings.SITE_URL + reverse("visit_request", args=[visit.host.slug]),
            "hubs_url": settings.SITE_URL + reverse("hubs:list"),
            "place": hub_location(visit.host),
            "hosting": HostSettings.objects.filter(hub=visit.host).first(),
        }
    _send(
        template,
        context,
        to=[visit.visitor.email],
        language=visit.language,
        attachments=attachments,
    )


def _send_hub(template: str, visit: Visit, hub: Hub) -> None:
    """To the hub's managers. The host sees the visitor's e-mail address and phone only when
    the visitor chose to share them (and a reply goes straight to a shared address)."""
    language = hub_language(hub)
    shared_email = visit.visitor.email if visit.share_email and visit.visitor else ""
    with translation.override(language):
        context = {
            **_visit_context(visit),
            "contact_email": shared_email,
            "contact_phone": visit.phone,
            "visits_url": settings.SITE_URL + reverse("me:hub_visits", args=[visit.host.slug]),
        }
    reply_to = shared_email if hub.pk == visit.host_id else ""
    _send(template, context, to=hub_addresses(hub), language=language, reply_to=reply_to)


def _visit_context(visit: Visit) -> dict:
    """In the active language."""
    return {"visit": visit, "day": _day(visit.date), "network_email": settings.NETWORK_EMAIL}


def hub_addresses(hub: Hub) -> list[str]:
    """The hub's managers' addresses; the hub's own when it has no manager."""
    managers = list(
        User.objects.filter(managed_hubs__hub=hub, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )
    return managers or ([hub.email] if hub.email else [])


def hub_language(hub: Hub) -> str:
    """The hub's organisation's language; Norwegian for a hub without one."""
    organisation = hub.organisation if hub.organisation_id else None
    return organisation.language if organisation else settings.LANGUAGE_CODE


def _day(day: date) -> str:
    """ "tirsdag 14.04.2026", "Tuesday 14 Apr 2026": in the active language, whose locale
    names the weekday with a capital; only English writes it so inside a sentence."""
    weekday = date_format(day, "l")
    if translation.get_language() != "en":
        weekday = weekday.lower()
    return f"{weekday} {date_format(day, 'DATE_FORMAT')}"


def _send(template: str, context: dict, *, to: list[str], language: str, **kwargs) -> None:
    subject, body = email_render(f"visits/email/{template}", context, language=language)
    email_send(
        subject=subject,
        body=body,
        to=to,
        reply_to=kwargs.pop("reply_to", "") or settings.NETWORK_EMAIL,
        **kwargs,
    )
