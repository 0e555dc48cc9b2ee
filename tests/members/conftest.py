"""Fixtures the organisation page's tests share: a member organisation with one hub, and its
admin contact, signed in."""

import pytest

from members.models import Organisation, OrganisationContact
from tests.factories import HubFactory, UserFactory


@pytest.fixture
def organisation():
    organisation = Organisation.objects.create(
        legal_name="Huben AS",
        organisation_number="923609016",
        invoice_email="faktura@huben.example.org",
        status="member",
        member_since="2024-01-01",
    )
    HubFactory(name="Huben", slug="huben", organisation=organisation)
    return organisation


@pytest.fixture
def admin(client, organisation):
    person = UserFactory(name="Anne Admin")
    OrganisationContact.objects.create(user=person, organisation=organisation, role="admin")
    client.force_login(person)
    return person
