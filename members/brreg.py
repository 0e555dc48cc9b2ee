"""Enhetsregisteret, Brønnøysundregistrene's open register of legal entities: what it knows about an
organisation number, so an applicant need not type it. The register is a convenience, never a
gate: when it cannot answer at once, the lookup gives up quietly and the form carries on."""

import http.client
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

from hubs.counties import County

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://data.brreg.no/enhetsregisteret/api"
CACHE_SECONDS = 60 * 60
# An entity is a few kilobytes; a body cut off at this size fails as invalid JSON.
MAX_BYTES = 1_000_000

# A municipality number's first two digits are its county's number (the numbers from 2024).
COUNTIES = {
    "03": County.OSLO,
    "11": County.ROGALAND,
    "15": County.MORE_OG_ROMSDAL,
    "18": County.NORDLAND,
    "31": County.OSTFOLD,
    "32": County.AKERSHUS,
    "33": County.BUSKERUD,
    "34": County.INNLANDET,
    "39": County.VESTFOLD,
    "40": County.TELEMARK,
    "42": County.AGDER,
    "46": County.VESTLAND,
    "50": County.TRONDELAG,
    "55": County.TROMS,
    "56": County.FINNMARK,
}


class UnexpectedAnswer(ValueError):
    """The register answered with something this client cannot read."""


@dataclass(frozen=True)
class Entity:
    organisation_number: str
    name: str
    address: str
    postcode: str
    city: str
    municipality: str
    municipality_number: str
    county: County | None
    bankrupt: bool
    under_liquidation: bool
    deleted: bool

    @property
    def warnings(self) -> list[Promise]:
        flagged = [
            (self.deleted, _("The register says this organisation is deleted.")),
            (self.bankrupt, _("The register says this organisation is bankrupt.")),
            (
                self.under_liquidation,
                _("The register says this organisation is under liquidation."),
            ),
        ]
        return [message for flag, message in flagged if flag]


def county_for(municipality_number: str) -> County | None:
    if not re.fullmatch(r"[0-9]{4}", municipality_number):
        return None
    return COUNTIES.get(municipality_number[:2])


def entity_lookup(
    organisation_number: str, *, timeout: float = 2.0, base_url: str | None = None
) -> Entity | None:
    """The register's entry for the number; None when it has none or cannot answer now."""
    number = orgnr.compact(organisation_number)
    if not orgnr.is_valid(number):
        return None
    key = f"brreg:enhet:{number}"
    url = f"{(base_url or _api_url()).rstrip('/')}/enheter/{number}"
    try:
        answer = cache.get(key) or _fetch(url, timeout=timeout)
        entity = _entity(number, answer)
    except (OSError, http.client.HTTPException, ValueError) as error:
        logger.warning("Enhetsregisteret lookup %s failed: %r", url, error)
        return None
    # add, not set: an answer read from the cache keeps its first expiry.
    cache.add(key, answer, CACHE_SECONDS)
    return entity


def _api_url() -> str:
    return getattr(settings, "BRREG_API_URL", DEFAULT_API_URL)


def _fetch(url: str, *, timeout: float) -> dict[str, Any]:
    """The register's answer as its status (200, 404 or 410) and JSON body; raises on others."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("the register's URL is not http(s)")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return {"status": response.status, "body": json.loads(response.read(MAX_BYTES))}
    except urllib.error.HTTPError as error:
        with error:
            if error.code == 404:
                return {"status": 404}
            if error.code == 410:
                return {"status": 410, "body": json.loads(error.read(MAX_BYTES))}
            raise


def _entity(number: str, answer: dict[str, Any]) -> Entity | None:
    if answer["status"] == 404:
        return None
    body, gone = answer["body"], answer["status"] == 410
    if not isinstance(body, dict) or body.get("organisasjonsnummer") != number:
        raise UnexpectedAnswer("not an entity with the number asked for")
    if not gone and not isinstance(body.get("navn"), str):
        raise UnexpectedAnswer("an entity without a name")
    return Entity(
        organisation_number=number,
        name=_text(body, "navn"),
        **_place(body.get("forretningsadresse") or body.get("postadresse") or {}),
        bankrupt=body.get("konkurs") is True,
        under_liquidation=(
            body.get("underAvvikling") is True
            or body.get("underTvangsavviklingEllerTvangsopplosning") is True
        ),
        deleted=gone or bool(body.get("slettedato")),
    )


def _place(address: Any) -> dict[str, Any]:
    """The Entity's address fields from one of the register's addresses."""
    if not isinstance(address, dict):
        raise UnexpectedAnswer("an address that is not an object")
    lines = address.get("adresse") or []
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise UnexpectedAnswer("address lines that are not a list of text")
    municipality_number = _text(address, "kommunenummer")
    return {
        "address": ", ".join(line.strip() for line in lines if line.strip()),
        "postcode": _text(address, "postnummer"),
        "city": _text(address, "poststed"),
        "municipality": _text(address, "kommune"),
        "municipality_number": municipality_number,
        "county": county_for(municipality_number),
    }


def _text(mapping: dict[str, Any], key: str) -> str:
    value = mapping.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UnexpectedAnswer(f"{key} is not text")
    return value.strip()
