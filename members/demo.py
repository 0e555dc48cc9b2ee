"""Demo accounts, one for each role in the design; for local use only (see `manage.py demo`)."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

from hubs.models import Hub
from hubs.services import hub_manager_add
from members.models import MembershipTier, Organisation, OrganisationContact
from members.services import contact_set, user_create_verified, user_make_secretariat

DEMO_ORGANISATION_NUMBER = "999999999"  # made up; valid by the mod-11 check
DEMO_TIERS = [
    ("Demo: liten hub", "Demo: small hub", Decimal(4000), 0, 19),
    ("Demo: mellomstor hub", "Demo: medium-sized hub", Decimal(8000), 20, 59),
    ("Demo: stor hub", "Demo: large hub", Decimal(15000), 60, None),
]
DEMO_PASSWORD = "coworking-demo"  # noqa: S105  (documented, and refused outside DEBUG)

ACCOUNTS = [
    ("secretariat@example.org", "Demo Sekretariat", gettext_noop("secretariat (admin)")),
    ("manager@example.org", "Demo Manager", gettext_noop("manages Fabrikken")),
    (
        "contact@example.org",
        "Demo Kontakt",
        gettext_noop("admin contact of Fabrikken's organisation"),
    ),
    (
        "coworker@example.org",
        "Demo Coworker",
        gettext_noop("coworker vouched for by Blender Collective (arrives with the network pass)"),
    ),
    ("member@example.org", "Demo Medlem", gettext_noop("an account with no roles")),
]


def demo_create() -> list[str]:
    """The demo accounts, each with the role it shows (printed by `manage.py demo`)."""
    accounts = demo_accounts_create()
    return [
        f"Demo accounts (password: {DEMO_PASSWORD}):",
        *(f"  {email:<28} {role}" for email, role in accounts),
    ]


def demo_accounts_create() -> list[tuple[str, str]]:
    users = {}
    for email, name, _role in ACCOUNTS:
        users[email], _ = user_create_verified(email=email, name=name, password=DEMO_PASSWORD)
    user_make_secretariat(user=users["secretariat@example.org"])
    fabrikken = Hub.objects.get(slug="fabrikken")
    hub_manager_add(hub=fabrikken, user=users["manager@example.org"])
    organisation = _demo_organisation(fabrikken)
    contact_set(
        organisation=organisation,
        user=users["contact@example.org"],
        role=OrganisationContact.Role.ADMIN,
    )
    return [(email, role) for email, _name, role in ACCOUNTS]


def _demo_organisation(hub: Hub) -> Organisation:
    """A made-up organisation behind Fabrikken, and made-up tiers: the real ones are the
    secretariat's to enter."""
    for name_nb, name_en, fee, low, high in DEMO_TIERS:
        tier, _created = MembershipTier.objects.get_or_create(
            name_nb=name_nb, defaults={"yearly_fee": fee, "min_desks": low, "max_desks": high}
        )
        if not tier.name_en:  # also for a demo made before the tiers had English names
            tier.name_en = name_en
            tier.save(update_fields=["name_en"])
    organisation, _created = Organisation.objects.get_or_create(
        organisation_number=DEMO_ORGANISATION_NUMBER,
        defaults={
            "legal_name": "Fabrikken Demo AS (oppdiktet)",
            "address": "Demoveien 1",
            "postcode": "2609",
            "city": "Lillehammer",
            "invoice_email": "faktura@example.org",
            "status": Organisation.Status.MEMBER,
            "member_since": date(2024, 1, 1),
            "tier": MembershipTier.objects.order_by("min_desks").first(),
        },
    )
    if hub.organisation_id is None:
        Hub.objects.filter(pk=hub.pk).update(organisation=organisation)
    return organisation
