"""Clearly fake demo content, for local use only (see `manage.py demo`)."""

from decimal import Decimal

from hubs.counties import County
from hubs.models import Hub
from hubs.services import hub_create

DEMO_HUB_SLUG = "demo-eksempelhuben"


def demo_create() -> list[str]:
    """A made-up, unpublished hub; nothing to print."""
    if not Hub.objects.filter(slug=DEMO_HUB_SLUG).exists():
        _demo_hub_create()
    return []


def _demo_hub_create() -> None:
    hub_create(
        name="Eksempelhuben (demo)",
        slug=DEMO_HUB_SLUG,
        city="Hamar",
        county=County.INNLANDET,
        latitude=Decimal("60.79450"),
        longitude=Decimal("11.06800"),
        tagline_nb="En oppdiktet hub for å prøve portalen – finnes ikke.",
        tagline_en="A made-up hub to try the portal with – it does not exist.",
        capacity=25,
        is_published=False,
    )
