"""Odd input the attack found giving 500s: NUL characters, years no date can hold, keys that are
no keys. Each gets a 400 or the admin's own answer to a wrong filter."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/billing/invoice/?status=%00",
        "/en/admin/members/organisation/?hubs__county=%00",
        "/en/admin/billing/payment/?q=%00",
        "/hubs/?q=%00",
    ],
)
def test_a_nul_in_the_query_is_a_400(staff, path):
    assert staff.get(path).status_code == 400


def test_a_nul_in_a_form_field_is_a_400_and_saves_nothing(client, user):
    client.force_login(user)
    client.raise_request_exception = False
    response = client.post("/join/", {"organisation_name": "Berg\x00 AS"})
    assert response.status_code == 400
    assert b'class="application-form"' not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/billing/invoice/?issue_date__year=99999999999",
        "/en/admin/billing/invoice/?issue_date__year=2026&issue_date__month=13",
        "/en/admin/billing/payment/?paid_on__year=0",
        "/en/admin/billing/ocrimport/?imported_at__year=x",
        "/en/admin/hubs/historicalhub/?history_date__year=123456",
    ],
)
def test_a_date_no_calendar_holds_is_the_admins_wrong_filter_answer(staff, path):
    response = staff.get(path)
    assert (response.status_code, response["Location"]) == (302, f"{path.split('?')[0]}?e=1")


@pytest.mark.parametrize(
    "path",
    ["/en/admin/billing/invoice/add/?organisation=abc", "/en/admin/billing/payment/add/?invoice=x"],
)
def test_an_initial_key_that_is_no_key_is_left_out(staff, path):
    response = staff.get(path)
    assert response.status_code == 200
    assert "abc" not in str(response.context["adminform"].form.initial.values())
