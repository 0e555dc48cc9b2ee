"""In production staff reach the admin only with a second factor (ADMIN_REQUIRES_MFA, on unless
DEBUG)."""

import pytest
from allauth.mfa.models import Authenticator

from coworking_norge import settings as production

pytestmark = pytest.mark.django_db


def test_the_requirement_is_on_unless_debug():
    assert production.ADMIN_REQUIRES_MFA is (not production.DEBUG)


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, settings, secretariat_user):
    settings.ADMIN_REQUIRES_MFA = True
    client.force_login(secretariat_user)
    for path in ("/en/admin/", "/en/admin/billing/invoice/", "/en/admin/members/user/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/en/accounts/2fa/"), path
    page = client.get("/en/accounts/2fa/")
    assert "Set up two-factor authentication for your account to use the admin." in [
        str(message) for message in page.context["messages"]
    ]


def test_with_a_second_factor_the_admin_opens(client, settings, secretariat_user):
    settings.ADMIN_REQUIRES_MFA = True
    Authenticator.objects.create(
        user=secretariat_user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(secretariat_user)
    assert client.get("/en/admin/").status_code == 200


def test_the_admins_sign_in_page_stays_open(client, settings):
    settings.ADMIN_REQUIRES_MFA = True
    assert client.get("/en/admin/login/").status_code in (200, 302)
    assert "/accounts/2fa/" not in client.get("/en/admin/login/").get("Location", "")
