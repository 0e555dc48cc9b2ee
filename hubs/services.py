"""Writes to hubs."""

from decimal import Decimal

from django.db import transaction

from hubs.models import Facility, Hub
from hubs.reference_data import FACILITIES, FOUNDING_HUBS


@transaction.atomic
def seed_reference_data() -> dict[str, int]:
    """Create the missing facility tags and founding hubs; never change existing ones."""
    created = {"facilities": 0, "hubs": 0}
    for order, (slug, name_nb, name_en) in enumerate(FACILITIES):
        _, new = Facility.objects.get_or_create(
            slug=slug, defaults={"name_nb": name_nb, "name_en": name_en, "order": order}
        )
        created["facilities"] += new
    for name, slug, city, county, lat, lng in FOUNDING_HUBS:
        if not Hub.objects.filter(slug=slug).exists():
            hub_create(
                name=name,
                slug=slug,
                city=city,
                county=county,
                latitude=Decimal(lat),
                longitude=Decimal(lng),
                is_founding=True,
                is_published=True,
            )
            created["hubs"] += 1
    return created


def hub_create(**fields) -> Hub:
    hub = Hub(**fields)
    hub.full_clean()
    hub.save()
    return hub
