"""The demo's made-up membership tiers read in both languages, like the rest of the demo."""

import pytest
from django.core.management import call_command

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
