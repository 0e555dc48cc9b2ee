"""Who the secretariat is, said once: active staff who are superusers or in the group. Pages, the
e-mails to the secretariat, the managers' changes digest and the history filter all agree."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.utils import timezone

from coworking_norge.secretariat import (
    is_secretariat,
    portal_app_labels,
    secretariat_addresses,
    secretariat_permissions_sync,
)
from hubs.notifications import hub_changes_digest_send
from hubs.permissions import can_see_unpublished_hubs
from hubs.services import hub_update_profile
from members.services import user_make_secretariat
from tests.factories import HubFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    group = Group.objects.get(name="Sekretariat")
    in_group = UserFactory(email="gruppe@example.org")
    user_make_secretariat(user=in_group)
    superuser = UserFactory(email="super@example.org", is_staff=True, is_superuser=True)
    not_staff = UserFactory(email="ikke-stab@example.org")
    not_staff.groups.add(group)
    inactive = UserFactory(email="sluttet@example.org", is_staff=True, is_active=False)
    inactive.groups.add(group)
    staff_only = UserFactory(email="stab@example.org", is_staff=True)
    return {
        "in_group": in_group,
        "superuser": superuser,
        "not_staff": not_staff,
        "inactive": inactive,
        "staff_only": staff_only,
        "nobody": UserFactory(email="noen@example.org"),
    }


def test_the_secretariat_is_active_staff_in_the_group_or_superusers(people):
    assert {name for name, person in people.items() if is_secretariat(person)} == {
        "in_group",
        "superuser",
    }
    assert {name for name, person in people.items() if person.is_secretariat} == {
        "in_group",
        "superuser",
    }
    assert secretariat_addresses() == ["gruppe@example.org", "super@example.org"]


def test_pages_see_unpublished_hubs_for_the_same_people(people):
    seeing = {name for name, person in people.items() if can_see_unpublished_hubs(person)}
    assert seeing == {"in_group", "superuser"}
    assert not is_secretariat(AnonymousUser())
    assert not can_see_unpublished_hubs(AnonymousUser())


def test_the_digest_goes_to_the_secretariat_and_leaves_out_its_own_changes(people):
    hub = HubFactory(name="Huben")
    since = timezone.now() - timedelta(minutes=1)
    hub_update_profile(hub=hub, changes={"tagline_nb": "Av en leder"}, user=people["nobody"])
    hub_update_profile(hub=hub, changes={"tagline_nb": "Av sjefen"}, user=people["superuser"])
    hub_update_profile(hub=hub, changes={"tagline_nb": "Av staben"}, user=people["staff_only"])
    # The superuser's change is the secretariat's own; staff outside the group are not in it.
    assert hub_changes_digest_send(since=since) == 2
    [message] = mail.outbox
    assert message.to == ["gruppe@example.org", "super@example.org"]
    assert people["nobody"].name in message.body
    assert people["staff_only"].name in message.body
    assert people["superuser"].name not in message.body


def test_the_group_gets_the_permissions_of_every_portal_app_after_migrate():
    group = Group.objects.get(name="Sekretariat")
    group.permissions.clear()
    secretariat_permissions_sync()
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {
        "hubs", "members", "billing", "events", "visits", "knowledge", "network", "account"
    }  # fmt: skip
    assert portal_app_labels() == [
        "coworking_norge",
        "hubs",
        "members",
        "billing",
        "events",
        "visits",
        "knowledge",
        "network",
    ]
