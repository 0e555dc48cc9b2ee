"""The international partners named when the network was founded, for `manage.py seed`.

No stored source confirms them (../shared/founding-hubs.md marks them unconfirmed), so each entry
says only that it was named at the founding, what kind it is and where: its offer and its website
are left for the secretariat to fill in the admin. A partner already there is never touched, so
the secretariat's edits stay; running it again creates nothing."""

from typing import NamedTuple

from network.models import Partner

NAMED = "Named as an international partner when Coworking Norge was founded."
NAMED_NB = "Nevnt som internasjonal partner da Coworking Norge ble grunnlagt."
CONFERENCE = (
    "The yearly Coworking Europe conference was named as an international partner when "
    "Coworking Norge was founded."
)
CONFERENCE_NB = (
    "Den årlige konferansen Coworking Europe ble nevnt som internasjonal partner da "
    "Coworking Norge ble grunnlagt."
)


class Named(NamedTuple):
    slug: str
    name: str
    kind: str
    place_nb: str
    place_en: str
    description_nb: str = NAMED_NB
    description_en: str = NAMED


FOUNDING_PARTNERS = (
    Named(
        "the-third-space-group",
        "The Third Space Group",
        Partner.Kind.NETWORK,
        "Cambridge, Storbritannia",
        "Cambridge, UK",
    ),
    Named(
        "workcollectiv", "Workcollectiv", Partner.Kind.NETWORK, "Bonn, Tyskland", "Bonn, Germany"
    ),
    Named("social-workplaces", "Social Workplaces", Partner.Kind.NETWORK, "Belgia", "Belgium"),
    Named(
        "coworking-europe",
        "Coworking Europe",
        Partner.Kind.CONFERENCE,
        "Europa",
        "Europe",
        CONFERENCE_NB,
        CONFERENCE,
    ),
)


def seed_create() -> list[str]:
    created = 0
    for order, partner in enumerate(FOUNDING_PARTNERS, start=1):
        defaults = {**partner._asdict(), "order": order * 10}
        del defaults["slug"]
        created += Partner.objects.get_or_create(slug=partner.slug, defaults=defaults)[1]
    return [f"Seed: {created} international partners created."]
