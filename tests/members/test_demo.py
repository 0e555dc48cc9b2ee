"""The demo's made-up membership tiers read in both languages, like the rest of the demo."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from coworking_norge.secretariat import SECRETARIAT_GROUP
from members.models import MembershipTier

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)


def test_the_demo_tiers_are_named_in_both_languages_on_the_membership_page(demo, client):
    names = set(MembershipTier.objects.values_list("name_nb", "name_en"))
    assert ("Demo: liten hub", "Demo: small hub") in names
    assert all(name_en for _name_nb, name_en in names)
    english = client.get("/en/join/").content.decode()
    assert "Demo: small hub" in english
    assert "Demo: liten hub" not in english
    assert "Demo: liten hub" in client.get("/join/").content.decode()


def test_a_demo_made_before_the_english_names_gets_them_and_keeps_its_fees(demo):
    MembershipTier.objects.filter(name_nb="Demo: liten hub").update(name_en="", yearly_fee=4500)
    call_command("demo", verbosity=0)
    tier = MembershipTier.objects.get(name_nb="Demo: liten hub")
    assert (tier.name_en, tier.yearly_fee) == ("Demo: small hub", 4500)


@pytest.mark.django_db(transaction=True)  # the e-mails go when the demo's writes commit
def test_the_demo_keeps_its_e_mails_back_so_the_logins_stand_at_the_end(settings, mailoutbox):
    """Sent to the console, the made-up people's tickets and invitations buried the logins."""
    settings.DEBUG = True
    # An earlier transactional test may have emptied the tables, the migrations' group too.
    Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    output = StringIO()
    call_command("demo", stdout=output)
    lines = output.getvalue().splitlines()
    assert mailoutbox == []
    assert re.fullmatch(r"\d+ e-mails to the demo's made-up people were not sent\.", lines[-1])
    assert int(lines[-1].split()[0]) > 0
    assert any(line.strip().startswith("manager@example.org") for line in lines)
