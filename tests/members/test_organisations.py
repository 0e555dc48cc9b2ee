"""Member organisations: the organisation number is checked by the model itself, wherever the
organisation is written from."""

import pytest
from django.core.exceptions import ValidationError

from members.models import Organisation

pytestmark = pytest.mark.django_db

VALID, WRONG_CHECK_DIGIT = "923609016", "923609017"


def test_the_model_refuses_an_organisation_number_with_a_wrong_check_digit():
    organisation = Organisation(
        legal_name="Feil AS", organisation_number=WRONG_CHECK_DIGIT, invoice_email="f@example.org"
    )
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert list(refused.value.message_dict) == ["organisation_number"]
    organisation.organisation_number = VALID
    organisation.full_clean()


def test_the_admin_refuses_a_wrong_check_digit_next_to_the_field(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post(
        "/en/admin/members/organisation/add/",
        {
            "legal_name": "Feil AS",
            "organisation_number": WRONG_CHECK_DIGIT,
            "invoice_email": "f@example.org",
            "status": "applicant",
            "language": "nb",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "hubs-TOTAL_FORMS": "0",
            "hubs-INITIAL_FORMS": "0",
            "invoices-TOTAL_FORMS": "0",
            "invoices-INITIAL_FORMS": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["organisation_number"]
    assert "valid check digit" in errors["organisation_number"][0]
    assert not Organisation.objects.exists()
