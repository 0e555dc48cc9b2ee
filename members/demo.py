"""Demo accounts, one for each role in the design; for local use only (see `manage.py demo`)."""

from django.utils.translation import gettext_noop

from hubs.models import Hub, HubManager
from members.services import user_create_verified, user_make_secretariat

DEMO_PASSWORD = "coworking-demo"  # noqa: S105  (documented, and refused outside DEBUG)

ACCOUNTS = [
    ("secretariat@example.org", "Demo Sekretariat", gettext_noop("secretariat (admin)")),
    ("manager@example.org", "Demo Manager", gettext_noop("manages Fabrikken")),
    (
        "contact@example.org",
        "Demo Kontakt",
        gettext_noop("admin contact of Fabrikken's organisation (arrives with memberships)"),
    ),
    (
        "coworker@example.org",
        "Demo Coworker",
        gettext_noop("coworker vouched for by Blender Collective (arrives with the network pass)"),
    ),
    ("member@example.org", "Demo Medlem", gettext_noop("an account with no roles")),
]


def demo_accounts_create() -> list[tuple[str, str]]:
    users = {}
    for email, name, _role in ACCOUNTS:
        users[email], _ = user_create_verified(email=email, name=name, password=DEMO_PASSWORD)
    user_make_secretariat(user=users["secretariat@example.org"])
    HubManager.objects.get_or_create(
        user=users["manager@example.org"], hub=Hub.objects.get(slug="fabrikken")
    )
    return [(email, role) for email, _name, role in ACCOUNTS]
