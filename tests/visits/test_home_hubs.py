"""A coworker vouched for by two hubs has two home hubs: neither is a network-pass visit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import HostSettingsFactory, VouchFactory
from visits.models import Visit
from visits.services import visit_request

pytestmark = pytest.mark.django_db


def test_a_second_home_hub_cannot_be_visited_through_the_first_hubs_vouch():
    first = VouchFactory()
    second_home = HostSettingsFactory().hub
    VouchFactory(home_hub=second_home, coworker=first.coworker, email=first.coworker.email)
    day = timezone.localdate() + timedelta(days=7)

    with pytest.raises(ValidationError) as refusal:
        visit_request(visitor=first.coworker, host=second_home, day=day)

    assert refusal.value.messages == [
        "Dette er din egen hub: nettverkspasset er for dager hos andre medlemshubber."
    ]
    assert not Visit.objects.exists()


def test_the_request_page_of_a_second_home_hub_offers_no_form(client):
    first = VouchFactory()
    second_home = HostSettingsFactory().hub
    VouchFactory(home_hub=second_home, coworker=first.coworker, email=first.coworker.email)
    client.force_login(first.coworker)

    page = client.get(reverse("visit_request", kwargs={"slug": second_home.slug}))

    assert page.context["form"] is None
    assert "Dette er din egen hub" in page.content.decode()
