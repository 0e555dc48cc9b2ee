from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hubs.models import Hub, HubPhoto, photo_upload_to
from hubs.services import hub_create
from tests.factories import HubFactory, HubPhotoFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_coordinates_outside_norway():
    hub = HubFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hub.objects.filter(pk=hub.pk).update(latitude=Decimal("48.85"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Hub.objects.filter(pk=hub.pk).update(longitude=Decimal("-3.7"))


def test_database_refuses_an_unknown_county():
    hub = HubFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Hub.objects.filter(pk=hub.pk).update(county="jylland")


def test_database_refuses_a_photo_without_alt_text():
    photo = HubPhotoFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HubPhoto.objects.filter(pk=photo.pk).update(alt_text="")


def test_hub_create_validates_before_saving():
    with pytest.raises(ValidationError) as error:
        hub_create(
            name="Feil",
            slug="feil",
            city="X",
            county="oslo",
            postcode="12",
            latitude=Decimal("59.9"),
            longitude=Decimal("10.7"),
        )
    assert set(error.value.message_dict) == {"postcode"}
    assert not Hub.objects.filter(slug="feil").exists()


def test_accessibility_facts_read_yes_no_and_unknown():
    hub = HubFactory(step_free_entrance=True, accessible_toilet=False)
    facts = {str(label): value for label, value in hub.accessibility_facts}
    assert facts == {
        "trinnfri inngang": True,
        "tilgjengelig toalett": False,
        "heis til alle etasjer": None,
        "teleslynge": None,
        "HC-parkering": None,
    }


def test_uploaded_file_names_are_chosen_by_the_server():
    name = photo_upload_to(None, "../../etc/passwd\x00<script>.JPG")
    assert name.startswith("hubs/")
    assert name.count("/") == 1
    assert name.endswith(".jpg")
    assert ".." not in name
    assert "<" not in name
    assert "\x00" not in name


@pytest.mark.parametrize(
    "filename", ["photo.<svg", "photo.jpeg\x00.php", "a." + "x" * 300, "noext"]
)
def test_odd_file_suffixes_are_dropped(filename):
    name = photo_upload_to(None, filename)
    assert name.startswith("hubs/")
    assert len(name) <= len("hubs/") + 32 + 5
    assert name.removeprefix("hubs/")[:32].isalnum()
    assert "<" not in name
    assert "\x00" not in name
    assert ".php" not in name
