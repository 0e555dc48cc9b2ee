"""The network pass: a visit's signed token and the visit behind it, the state a host reads off the
pass, its QR code (the pass's whole address, so any phone camera opens it), and the brake on
guessing: a client that tries many bad tokens is turned away for a while."""

import ipaddress
import logging
from datetime import date

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from coworking_norge.qr import qr_svg
from visits.models import PASS_SALT, Visit

logger = logging.getLogger(__name__)

# A real token is some 70 characters; anything much longer is not worth the signature check.
MAX_TOKEN_LENGTH = 200
# Bad tokens a client may try in the window before every pass lookup from it is refused.
BAD_TOKENS_ALLOWED = 20
BAD_TOKENS_WINDOW = 10 * 60  # seconds
# Days after the visit's day that its pass still opens (to check or mark it); after that it says
# only "not valid".
PASS_DAYS_AFTER = 7

# As for tickets (events/tickets.py): medium error correction, the standard quiet zone, dark on
# white.


class PassState:
    VALID = "valid"  # confirmed, today
    NOT_YET = "not_yet"  # confirmed, a later day
    EXPIRED = "expired"  # confirmed, but the day has passed unmarked
    REQUESTED = "requested"  # the host has not answered yet
    CANCELLED = "cancelled"
    DECLINED = "declined"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"


def pass_url(visit: Visit) -> str:
    return settings.SITE_URL + visit.get_pass_url()


def pass_qr_svg(visit: Visit) -> str:
    """An SVG of the QR code of the pass's own address, fit to put inline in a page."""
    return qr_svg(
        pass_url(visit),
        title=_("Network pass for %(name)s") % {"name": visit.visitor_name},
        css_class="pass-qr",
    )


def visit_from_pass_token(token: str) -> Visit | None:
    """The visit a signed pass token names; None when it is tampered with, malformed or names
    no visit."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        code = signing.Signer(salt=PASS_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Visit.objects.select_related("host", "home_hub").filter(pass_code=code).first()


def pass_is_stale(visit: Visit, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (today - visit.date).days > PASS_DAYS_AFTER


def pass_state(visit: Visit, today: date | None = None) -> str:
    today = today or timezone.localdate()
    Status = Visit.Status
    if visit.status == Status.CONFIRMED:
        if visit.date == today:
            return PassState.VALID
        return PassState.NOT_YET if visit.date > today else PassState.EXPIRED
    return {
        Status.REQUESTED: PassState.REQUESTED,
        Status.CANCELLED: PassState.CANCELLED,
        Status.DECLINED: PassState.DECLINED,
        Status.ARRIVED: PassState.ARRIVED,
        Status.NO_SHOW: PassState.NO_SHOW,
    }[visit.status]


# Guessing: counted per client address in the shared cache. The cache is a help, not a
# dependency: when it fails, passes are shown without the brake rather than not at all.


def client_address(request: HttpRequest) -> str | None:
    """The client's address as allauth's rate limits see it (behind ALLAUTH_TRUSTED_PROXY_COUNT
    proxies, or from ALLAUTH_TRUSTED_CLIENT_IP_HEADER); an IPv6 address by its network, since
    one client holds a whole /64."""
    try:
        address = get_adapter(request).get_client_ip(request)
        parsed = ipaddress.ip_address(address)
    except (PermissionDenied, ImproperlyConfigured, ValueError):
        return None
    if parsed.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{parsed}/{prefix}", strict=False).network_address)
    return str(parsed)


def _key(request: HttpRequest) -> str | None:
    address = client_address(request)
    return f"visits:pass:bad:{address}" if address else None


def bad_tokens_exceeded(request: HttpRequest) -> bool:
    """Whether this client has tried too many bad tokens lately."""
    key = _key(request)
    if key is None:
        return False
    try:
        return (cache.get(key) or 0) >= BAD_TOKENS_ALLOWED
    except Exception:  # any cache backend's failure: show the pass without the brake
        logger.exception("Pass rate limit not checked")
        return False


def bad_token_count(request: HttpRequest) -> None:
    """One more bad token from this client (the window starts at its first)."""
    key = _key(request)
    if key is None:
        return
    try:
        cache.add(key, 0, timeout=BAD_TOKENS_WINDOW)
        cache.incr(key)
    except ValueError:  # it expired between add and incr: this is the window's first
        _set_first(key)
    except Exception:  # any cache backend's failure: nothing counted
        logger.exception("Bad pass token not counted")


def _set_first(key: str) -> None:
    try:
        cache.set(key, 1, timeout=BAD_TOKENS_WINDOW)
    except Exception:
        logger.exception("Bad pass token not counted")
