import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail

from coworking_norge import settings as production
from members.models import User
from members.services import user_create_verified

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-trygg-frase-42"


def sign_up(client, email="ny@example.org", name="Kari Nordmann"):
    return client.post(
        "/accounts/signup/",
        {"name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def confirmation_link(message) -> str:
    return re.search(
        # allauth's links start with SITE_URL (members/adapter.py), whatever the request's host.
        r"https://coworkingnorge\.no(/\S*accounts/confirm-email/\S+/)",
        message.body,
    ).group(1)


def test_signup_then_email_link_signs_the_person_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.org")
    assert user.name == "Kari Nordmann"
    assert not EmailAddress.objects.get(user=user).verified
    assert client.get("/").wsgi_request.user.is_anonymous
    assert [m.to for m in mail.outbox] == [["ny@example.org"]]

    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/").wsgi_request.user == user


def test_signup_requires_a_name(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not User.objects.exists()


def test_unverified_account_cannot_sign_in(client):
    sign_up(client)
    client.logout()
    mail.outbox.clear()
    response = client.post("/accounts/login/", {"login": "ny@example.org", "password": PASSWORD})
    assert client.get("/").wsgi_request.user.is_anonymous
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    # The sign-up's e-mail went out a moment ago; allauth's cooldown holds back another one.
    assert mail.outbox == []


def test_signup_with_a_taken_address_does_not_reveal_the_account(client):
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    fresh = sign_up(client, email="ledig@example.org")
    client.logout()
    taken = sign_up(client, email="finnes@example.org")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email__iexact="finnes@example.org").count() == 1
    # The owner of the address is told instead, by e-mail.
    assert mail.outbox[-1].to == ["finnes@example.org"]


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    known = client.post("/accounts/password/reset/", {"email": "finnes@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "ukjent@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_sign_ins_are_rate_limited(client):
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/", {"login": "finnes@example.org", "password": "feil-passord"})
    response = client.post(
        "/accounts/login/", {"login": "finnes@example.org", "password": PASSWORD}
    )
    assert response.context["form"].non_field_errors() == [
        "For mange mislykkede forsøk på å logge inn. Prøv igjen senere."
    ]
    assert client.get("/").wsgi_request.user.is_anonymous


def fail_sign_ins(client, *, count: int, forwarded_for) -> None:
    """Failed sign-ins for different addresses (so that only the per-client limit counts)."""
    for number in range(count):
        client.post(
            "/accounts/login/",
            {"login": f"ukjent{number}@example.org", "password": "feil-passord"},
            headers={"x-forwarded-for": forwarded_for(number)},
        )


def sign_in_is_refused(client, forwarded_for: str) -> bool:
    response = client.post(
        "/accounts/login/",
        {"login": "finnes@example.org", "password": PASSWORD},
        headers={"x-forwarded-for": forwarded_for},
    )
    return response.status_code == 429 or (
        response.status_code == 200
        and "For mange mislykkede forsøk på å logge inn"
        in str(response.context["form"].non_field_errors())
    )


def test_without_a_trusted_proxy_a_spoofed_forwarded_for_does_not_dodge_the_limit(client):
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    fail_sign_ins(client, count=10, forwarded_for=lambda number: f"203.0.113.{number}")
    assert sign_in_is_refused(client, "198.51.100.9")
    assert client.get("/").wsgi_request.user.is_anonymous


def test_behind_a_trusted_proxy_each_visitor_has_a_bucket_of_their_own(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    fail_sign_ins(client, count=10, forwarded_for=lambda _number: "203.0.113.7")
    assert sign_in_is_refused(client, "203.0.113.7")
    assert not sign_in_is_refused(client, "198.51.100.9")
    assert client.get("/").wsgi_request.user.email == "finnes@example.org"


def test_the_rate_limit_cache_is_a_real_cache(settings):
    assert "DummyCache" not in production.CACHES["default"]["BACKEND"]
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]


def test_changing_email_requires_reauthentication(client):
    user, _ = user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    client.post("/accounts/login/", {"login": "finnes@example.org", "password": PASSWORD})
    # A sign-in long ago: allauth asks for the password again before account changes.
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0, "email": user.email}
    ]
    session.save()
    response = client.post("/accounts/email/", {"action_add": "", "email": "ny@example.org"})
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not EmailAddress.objects.filter(email="ny@example.org").exists()


def test_mfa_is_offered_to_every_account(client):
    user, _ = user_create_verified(email="finnes@example.org", name="Finnes", password=PASSWORD)
    client.force_login(user)
    html = client.get("/accounts/2fa/").content.decode()
    assert "/accounts/2fa/totp/activate/" in html
    assert "/accounts/2fa/webauthn/" in html


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_secretariat_signs_in_and_reaches_the_admin(client, secretariat_user):
    EmailAddress.objects.create(
        user=secretariat_user, email=secretariat_user.email, verified=True, primary=True
    )
    client.post(
        "/accounts/login/", {"login": secretariat_user.email, "password": "a-long-test-password"}
    )
    html = client.get("/admin/hubs/hub/").content.decode()
    assert "Velg hub du ønsker å endre" in html


def test_secretariat_group_holds_every_model_permission_of_the_portals_apps():
    group = Group.objects.get(name="Sekretariat")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    # Named here, not derived: the group must hold every permission of each of these apps.
    expected = {
        (label, f"{action}_{model._meta.model_name}")
        for label in ("hubs", "members", "billing")
        for model in apps.get_app_config(label).get_models()
        for action in model._meta.default_permissions
    }
    assert ("billing", "change_invoice") in expected
    assert ("billing", "add_payment") in expected
    assert sorted(expected - codenames) == []
    assert ("account", "change_emailaddress") in codenames
    assert not any(app == "mfa" for app, _ in codenames)
