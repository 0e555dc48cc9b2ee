"""Hubs' own public calendars: fetched safely, read as plain text.

`fetch(url)` speaks http(s) only, and only to public addresses: it resolves the host itself,
refuses private, loopback, link-local, multicast, reserved and unspecified addresses (IPv4-mapped
and 6to4 IPv6 included), and connects to the very address it checked, so a name that resolves
differently a moment later cannot steer it inside. Each redirect is checked the same way. Time
and size are bounded (EVENTS_FEEDS_TIMEOUT, EVENTS_FEEDS_MAX_BYTES), and reading the calendar may
take EVENTS_FEEDS_TIMEOUT again.

`parse(data, now)` turns an iCalendar file into plain-text events for `FeedEvent`; recurring
events are expanded over the next 365 days.

Refusals are `FeedError`s whose message is an English msgid: it is stored as the feed's last
error and translated when shown (`FeedError.text`, or gettext on the stored text).
"""

import hashlib
import http.client
import ipaddress
import logging
import re
import signal
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from datetime import time as clock
from html.parser import HTMLParser
from urllib.parse import SplitResult, quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext, gettext_noop
from icalendar import Calendar, vRecur

from coworking_norge.text import one_line
from events.models import FeedEvent, HubFeed

logger = logging.getLogger(__name__)
OSLO = ZoneInfo("Europe/Oslo")
MAX_URL_LENGTH = HubFeed._meta.get_field("url").max_length
MAX_REDIRECTS = 3
CONNECT_TIMEOUT = 5.0  # seconds, within the whole fetch's deadline
CHUNK = 64 * 1024
HORIZON = timedelta(days=365)
MAX_EVENTS = 500  # per feed, the soonest kept
# Occurrences one recurrence rule, and all of a feed's, may walk through, past ones included.
RULE_STEPS = 20_000
FEED_STEPS = 100_000
DESCRIPTION_LENGTH = 2000
REDIRECTS = {301, 302, 303, 307, 308}

INVALID_URL = gettext_noop("This is not a valid web address.")
BAD_SCHEME = gettext_noop("Only addresses that start with http:// or https:// can be imported.")
TOO_LONG = gettext_noop("The address is too long.")
CREDENTIALS = gettext_noop(
    "The address must not hold a user name or password: give the calendar's public address."
)
PRIVATE = gettext_noop(
    "The address points into a private or local network, which the portal does not fetch from."
)
NOT_FOUND = gettext_noop("The server name in the address was not found.")
UNREACHABLE = gettext_noop("The calendar's server could not be reached.")
TOO_SLOW = gettext_noop("The calendar's server took too long to answer.")
TOO_LARGE = gettext_noop("The calendar is larger than the portal accepts.")
TOO_MANY_REDIRECTS = gettext_noop("The address sends the portal on through too many redirects.")
GONE = gettext_noop("There is no calendar at this address (the server answered “not found”).")
NOT_PUBLIC = gettext_noop("The calendar is not public: its server asks for a sign-in.")
SERVER_ERROR = gettext_noop("The calendar's server answered with an error.")
BAD_CERTIFICATE = gettext_noop("The calendar's server has no valid security certificate.")
NOT_ICALENDAR = gettext_noop("The file at the address is not an iCalendar calendar.")
TOO_COMPLEX = gettext_noop("The calendar takes longer to read than the portal allows.")


class FeedError(Exception):
    """Why a calendar could not be fetched or read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def text(self) -> str:
        """The message in the active language."""
        return gettext(self.message)


# Addresses


def _allowed_networks() -> list:
    """Networks reachable although not public: the tests' local server, nothing in production."""
    return [ipaddress.ip_network(n) for n in settings.EVENTS_FEEDS_ALLOW_ADDRESSES]


def _is_public(address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return _is_public(embedded)
    special = (
        address.is_private,
        address.is_loopback,
        address.is_link_local,
        address.is_multicast,
        address.is_reserved,
        address.is_unspecified,
    )
    return address.is_global and not any(special)


def address_allowed(text: str) -> bool:
    address = ipaddress.ip_address(text.split("%", 1)[0])
    return _is_public(address) or any(address in n for n in _allowed_networks())


def _ip_literal(host: str):
    with suppress(ValueError):
        return ipaddress.ip_address(host)
    return None


def check_url(url: str) -> SplitResult:
    """What can be said of an address without looking its name up; raises FeedError."""
    if len(url) > MAX_URL_LENGTH:
        raise FeedError(TOO_LONG)
    if any(c.isspace() or not c.isprintable() for c in url):
        raise FeedError(INVALID_URL)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- a port out of range raises ValueError
    except ValueError:
        raise FeedError(INVALID_URL) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FeedError(BAD_SCHEME)
    if "@" in parts.netloc:
        raise FeedError(CREDENTIALS)
    if not parts.hostname:
        raise FeedError(INVALID_URL)
    literal = _ip_literal(parts.hostname)
    if literal is not None and not address_allowed(str(literal)):
        raise FeedError(PRIVATE)
    return parts


def _default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def resolve(parts: SplitResult) -> list[str]:
    """The host's addresses the portal may connect to; FeedError when there are none."""
    try:
        found = socket.getaddrinfo(parts.hostname, _default_port(parts), type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FeedError(NOT_FOUND) from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    allowed = [a for a in addresses if address_allowed(a)]
    if not allowed:
        raise FeedError(PRIVATE if addresses else NOT_FOUND)
    return allowed


def check_url_and_host(url: str) -> None:
    """For saving an address: its form, and its name must resolve to a public address."""
    resolve(check_url(url))


# Fetching


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self._at = time.monotonic() + seconds

    def left(self) -> float:
        left = self._at - time.monotonic()
        if left <= 0:
            raise FeedError(TOO_SLOW)
        return left

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self._at


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """Speaks to the socket already opened to a checked address, never to a fresh lookup."""

    def __init__(self, host: str, port: int, sock: socket.socket) -> None:
        super().__init__(host, port, timeout=sock.gettimeout())
        self._checked_socket = sock

    def connect(self) -> None:
        self.sock = self._checked_socket


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, with the certificate verified for the host name."""

    def __init__(self, host: str, port: int, sock: socket.socket) -> None:
        super().__init__(host, port, timeout=sock.gettimeout())
        self._checked_socket = sock

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self._checked_socket, server_hostname=self.host)


def _user_agent() -> str:
    return f"CoworkingNorge-portal/1.0 (calendar import; +{settings.SITE_URL})"


def fetch(url: str) -> bytes:
    """The body at url, after at most MAX_REDIRECTS redirects; raises FeedError."""
    deadline = _Deadline(settings.EVENTS_FEEDS_TIMEOUT)
    for _ in range(MAX_REDIRECTS + 1):
        body, location = _get(url, deadline)
        if location is None:
            return body
        try:
            url = urljoin(url, location)
        except ValueError:  # "http://[::1", say: the next request is refused for it, not the run
            raise FeedError(INVALID_URL) from None
    raise FeedError(TOO_MANY_REDIRECTS)


def _get(url: str, deadline: _Deadline) -> tuple[bytes, str | None]:
    """One request: (body, None), or (b"", where it redirects to)."""
    parts = check_url(url)
    port = _default_port(parts)
    sock = _open(resolve(parts), port, deadline)
    secure = parts.scheme.lower() == "https"
    connection_class = _CheckedHTTPSConnection if secure else _CheckedHTTPConnection
    try:
        return _exchange(connection_class(parts.hostname, port, sock), _target(parts), deadline)
    except FeedError:
        raise
    except ssl.SSLCertVerificationError:
        raise FeedError(BAD_CERTIFICATE) from None
    except (OSError, http.client.HTTPException):
        raise FeedError(TOO_SLOW if deadline.passed else UNREACHABLE) from None
    finally:
        sock.close()


def _open(addresses: list[str], port: int, deadline: _Deadline) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    for address in addresses:
        timeout = min(CONNECT_TIMEOUT, deadline.left())
        try:
            sock = socket.create_connection((address, port), timeout=timeout)
        except OSError:
            continue
        # Each read may take the whole time; the watchdog holds the total to the deadline.
        sock.settimeout(settings.EVENTS_FEEDS_TIMEOUT)
        return sock
    raise FeedError(TOO_SLOW if deadline.passed else UNREACHABLE)


def _target(parts: SplitResult) -> str:
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return f"{path}?{query}" if query else path


def _exchange(connection, target: str, deadline: _Deadline) -> tuple[bytes, str | None]:
    headers = {
        "User-Agent": _user_agent(),
        "Accept": "text/calendar, */*;q=0.5",
        "Accept-Encoding": "identity",
    }
    try:
        with _watchdog(connection._checked_socket, deadline):
            connection.request("GET", target, headers=headers)
            with connection.getresponse() as response:
                location = response.getheader("Location")
                if response.status in REDIRECTS and location:
                    return b"", location
                _check_status(response.status)
                body = _read(response, deadline)
    finally:
        connection.close()
    if deadline.passed:  # the watchdog cut the body short
        raise FeedError(TOO_SLOW)
    return body, None


@contextmanager
def _watchdog(sock: socket.socket, deadline: _Deadline) -> Iterator[None]:
    """Cuts the connection when the deadline passes, however slowly the server drips its bytes:
    a socket timeout alone bounds each read, not their sum."""
    dog = _Watchdog(sock.fileno())
    timer = threading.Timer(deadline.left(), dog.cut)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        dog.stop()


class _Watchdog:
    """Shuts the connection down under whatever reads it (TLS too), waking a blocked read; never
    once the fetch is over, when the file descriptor may already belong to someone else."""

    def __init__(self, fileno: int) -> None:
        self.fileno = fileno
        self.lock = threading.Lock()
        self.over = False

    def cut(self) -> None:
        with self.lock, suppress(OSError):
            if not self.over:
                cutter = socket.socket(fileno=self.fileno)
                try:
                    cutter.shutdown(socket.SHUT_RDWR)
                finally:
                    cutter.detach()

    def stop(self) -> None:
        with self.lock:
            self.over = True


def _check_status(status: int) -> None:
    if 200 <= status < 300:
        return
    if status in (404, 410):
        raise FeedError(GONE)
    if status in (401, 403):
        raise FeedError(NOT_PUBLIC)
    raise FeedError(SERVER_ERROR)


def _read(response: http.client.HTTPResponse, deadline: _Deadline) -> bytes:
    limit = settings.EVENTS_FEEDS_MAX_BYTES
    length = response.getheader("Content-Length") or ""
    if length.isdigit() and int(length) > limit:
        raise FeedError(TOO_LARGE)
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FeedError(TOO_LARGE)
        chunks.append(chunk)
        deadline.left()
    return b"".join(chunks)


# Reading


def parse(data: bytes, now: datetime) -> list[dict]:
    """The events of an iCalendar file from now to a year ahead, soonest first, as field values
    of FeedEvent in plain text; raises FeedError when the file is not iCalendar, or takes more
    than EVENTS_FEEDS_TIMEOUT seconds to read."""
    try:
        with _time_limit(settings.EVENTS_FEEDS_TIMEOUT):
            return _events(_calendar(data), now)
    except _OutOfTime:
        raise FeedError(TOO_COMPLEX) from None
    except FeedError:
        raise
    except Exception:  # what a hub publishes must never stop the import of the others
        logger.exception("A hub calendar could not be read")
        raise FeedError(NOT_ICALENDAR) from None


class _OutOfTime(BaseException):
    """Not an Exception: no `except Exception` in icalendar or dateutil catches it on its way."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupts the reading after `seconds`. The rule budgets below count occurrences found,
    but a rule no day ever matches (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) finds none while dateutil
    walks day by day to the year 9999, some twenty seconds each; a calendar may hold thousands.
    Only the main thread, where the import command reads, can be interrupted (by a signal)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _events(calendar: Calendar, now: datetime) -> list[dict]:
    masters, overrides = _components(calendar)
    window = (now, now + HORIZON)
    budget = _Budget(FEED_STEPS)
    found: dict[str, dict] = {}
    for component in masters:
        for values in _occurrences(component, overrides, window, budget):
            found.setdefault(values["uid"], values)
    for values in overrides.values():
        if values is not None and _in_window(values, window):
            found.setdefault(values["uid"], values)
    events = sorted(found.values(), key=lambda v: (v["starts_at"], v["uid"]))
    return events[:MAX_EVENTS]


def _calendar(data: bytes) -> Calendar:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        calendar = Calendar.from_ical(text)
    except Exception:  # icalendar raises ValueError and, on odd input, more: all mean "not iCal"
        raise FeedError(NOT_ICALENDAR) from None
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise FeedError(NOT_ICALENDAR)
    return calendar


class _Budget:
    """Bounds the work recurrence rules may cause: FREQ=MINUTELY from 1970 would never end."""

    def __init__(self, steps: int) -> None:
        self.steps = steps

    def spend(self) -> bool:
        self.steps -= 1
        return self.steps >= 0


def _components(calendar: Calendar) -> tuple[list, dict[str, dict | None]]:
    """The events to expand, and the changed occurrences of recurring ones by UID, read already:
    None for one cancelled or made private, which leaves the occurrence out."""
    masters, overrides = [], {}
    for component in calendar.walk("VEVENT"):
        if "RECURRENCE-ID" not in component:
            masters.append(component)
            continue
        with suppress(*_BROKEN):
            uid = _occurrence_uid(component, _aware(component.decoded("RECURRENCE-ID")))
            overrides[uid] = _values(component, uid, _start(component))
    return masters, overrides


# What a broken property of one event raises in icalendar; that event is left out, the rest kept.
_BROKEN = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)


def _occurrences(component, overrides: dict, window: tuple, budget: _Budget) -> Iterator[dict]:
    try:
        start = _start(component)
        if not component.get("RRULE"):
            values = _values(component, _uid(component), start)
            if values is not None and _in_window(values, window):
                yield values
            return
        starts = list(_recurrences(component, start, window, budget))
    except _BROKEN:
        return
    for moment in starts:
        uid = _occurrence_uid(component, moment)
        if uid in overrides:
            continue
        with suppress(*_BROKEN):
            values = _values(component, uid, _aware(moment))
            if values is not None:
                yield values


def _recurrences(component, start: datetime, window: tuple, budget: _Budget) -> Iterator:
    """The starts of a recurring event whose occurrence is not over before the window's start."""
    length = _length(component, start)
    excluded = {_aware(d) for d in _dates(component, "EXDATE")}
    rule = rrulestr(_rule_text(component["RRULE"], start), dtstart=start, forceset=True)
    for extra in _dates(component, "RDATE"):
        rule.rdate(_aware(extra))
    begin, end = window
    for step, moment in enumerate(rule):
        if step >= RULE_STEPS or not budget.spend() or moment > end:
            return
        if moment + length >= begin and moment not in excluded:
            yield moment


def _rule_text(rule, start: datetime) -> str:
    """The RRULE as dateutil reads it: an UNTIL given as a date or a floating time becomes the
    same moment in UTC, as dateutil wants with a start that has a time zone."""
    rule = vRecur(rule[0] if isinstance(rule, list) else rule)
    until = rule.get("UNTIL")
    if until:
        moment = until[0]
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, clock(23, 59, 59))
        rule["UNTIL"] = [_aware(moment).astimezone(ZoneInfo("UTC"))]
    return rule.to_ical().decode()


def _dates(component, name: str) -> list:
    values = component.get(name) or []
    lists = values if isinstance(values, list) else [values]
    return [item.dt for value in lists for item in getattr(value, "dts", [])]


def _aware(moment) -> datetime:
    """A DATE as midnight in Oslo; a floating time as Oslo's; any other in Oslo's time."""
    if isinstance(moment, tuple):  # a PERIOD
        moment = moment[0]
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, clock.min)
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=OSLO)
    return moment.astimezone(OSLO)


def _start(component) -> datetime:
    return _aware(component.decoded("DTSTART"))


def _length(component, start: datetime) -> timedelta:
    """How long each occurrence lasts: to DTEND, for DURATION, or a day for a DATE."""
    begins = component.decoded("DTSTART")
    if "DTEND" in component:
        return max(_aware(component.decoded("DTEND")) - start, timedelta(0))
    if "DURATION" in component:
        return max(component.decoded("DURATION"), timedelta(0))
    return timedelta(days=1) if not isinstance(begins, datetime) else timedelta(0)


def _in_window(values: dict, window: tuple) -> bool:
    begin, end = window
    return (values["ends_at"] or values["starts_at"]) >= begin and values["starts_at"] <= end


def _values(component, uid: str, start: datetime) -> dict | None:
    """One occurrence as FeedEvent's fields; None for what is not to be shown."""
    title = _plain(component.get("SUMMARY"), _max_length("title"))
    status = str(component.get("STATUS") or "").upper()
    private = str(component.get("CLASS") or "PUBLIC").upper() != "PUBLIC"
    if not title or status == "CANCELLED" or private:
        return None
    length = _length(component, _start(component))
    return {
        "uid": uid,
        "title": title,
        "starts_at": start,
        "ends_at": start + length if length else None,
        "location": _plain(component.get("LOCATION"), _max_length("location")),
        "url": _link(component.get("URL")),
        "description": _plain(component.get("DESCRIPTION"), DESCRIPTION_LENGTH, lines=True),
    }


def _max_length(field: str) -> int:
    return FeedEvent._meta.get_field(field).max_length


def _uid(component) -> str:
    uid = str(component.get("UID") or "").strip()
    if not uid:  # a stable stand-in: the same event keeps it from one import to the next
        seed = f"{component.get('SUMMARY')}|{component.get('DTSTART').to_ical()!r}"
        uid = "no-uid-" + hashlib.sha256(seed.encode()).hexdigest()[:32]
    limit = _max_length("uid") - 20  # room for an occurrence's suffix
    if len(uid) > limit:
        uid = "long-uid-" + hashlib.sha256(uid.encode()).hexdigest()
    return one_line(uid)


def _occurrence_uid(component, start: datetime) -> str:
    utc = start.astimezone(ZoneInfo("UTC"))
    return f"{_uid(component)}/{utc:%Y%m%dT%H%M%SZ}"


# Text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029]")
# Left after reading the HTML once: tags written escaped (&lt;b&gt;), read as tags a second time.
_TAG_LEFT = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
_URL = URLValidator(schemes=["http", "https"])


class _TextOnly(HTMLParser):
    """The words of a piece of HTML: tags dropped, scripts and styles with their content, entities
    read, line breaks where paragraphs and <br> were; a link keeps its address, in brackets after
    its words unless the words are the address already."""

    BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.link: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br" or tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith(("http://", "https://")):
                self.link = (href, len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.link:
            href, at = self.link
            words = one_line("".join(self.parts[at:]))
            self.parts[at:] = [href if not words or words in href else f"{words} ({href})"]
            self.link = None

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _text_only(text: str) -> str:
    reader = _TextOnly()
    reader.feed(text)
    reader.close()
    return "".join(reader.parts)


def _plain(value, limit: int, *, lines: bool = False) -> str:
    """Text with every tag taken out, entities read, control characters dropped and white space
    collapsed (line breaks kept where `lines`), cut to limit characters."""
    if value is None:
        return ""
    text = _text_only(str(value))
    if _TAG_LEFT.search(text):
        text = _text_only(text)
    kept = [one_line(line) for line in _CONTROL.sub("", text).splitlines()]
    if lines:
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    else:  # an address written on several lines reads as one, by commas
        text = ", ".join(line for line in kept if line)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _link(value) -> str:
    """A link to the event's own page: http(s) only, and only a valid one."""
    link = one_line(str(value or ""))
    if not link or len(link) > _max_length("url"):
        return ""
    try:
        _URL(link)
    except ValidationError:
        return ""
    return link if "@" not in urlsplit(link).netloc else ""
