"""allauth's e-mails link to the portal's own address (SITE_URL) and name it "Coworking Norge",
whatever Host the request came with; a sign-up with a known address costs what a new one does."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from members.models import User
from members.services import user_create_verified

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-trygg-frase-42"
SITE_URL = "https://portal.example.org"
# An allowed host (ALLOWED_HOSTS has "localhost"), on a port the portal is not served on.
ELSEWHERE = "localhost:8443"


@pytest.fixture
def elsewhere(client, settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    client.defaults["HTTP_HOST"] = ELSEWHERE
    return client


@pytest.fixture
def known(db):
    user, _address = user_create_verified(
        email="finnes@example.org", name="Finnes", password=PASSWORD
    )
    return user


def sign_up(client, email, prefix=""):
    return client.post(
        f"{prefix}/accounts/signup/",
        {"name": "Kari Nordmann", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def reset_password(client, email, prefix=""):
    return client.post(f"{prefix}/accounts/password/reset/", {"email": email})


def the_only_message():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def assert_on_the_portal(message, *, link_path: str | None) -> None:
    """Named "Coworking Norge", linked to SITE_URL, and the request's host nowhere."""
    assert "Coworking Norge" in message.subject
    assert "Coworking Norge" in message.body
    assert "localhost" not in message.subject + message.body
    assert "8443" not in message.subject + message.body
    if link_path is None:
        assert links(message) == []
    else:
        assert [urlsplit(link)[:3] for link in links(message)] == [
            ("https", "portal.example.org", link_path)
        ]


@pytest.mark.parametrize(("prefix", "page"), [("", "/accounts/"), ("/en", "/en/accounts/")])
def test_sign_up_confirmation_links_to_site_url_and_the_link_works(elsewhere, prefix, page):
    sign_up(elsewhere, "ny@example.org", prefix)
    message = the_only_message()
    [link] = links(message)
    path = urlsplit(link).path
    assert re.fullmatch(rf"{page}confirm-email/[^/]+/", path)
    assert_on_the_portal(message, link_path=path)
    elsewhere.post(path)
    assert EmailAddress.objects.get(email="ny@example.org").verified


def test_sign_up_with_a_known_address_links_to_site_url(elsewhere, known):
    sign_up(elsewhere, "finnes@example.org")
    message = the_only_message()
    assert message.to == ["finnes@example.org"]
    assert [urlsplit(link).path for link in links(message)] == ["/accounts/password/reset/"]
    assert_on_the_portal(message, link_path="/accounts/password/reset/")


def test_password_reset_links_to_site_url_and_the_link_works(elsewhere, known):
    reset_password(elsewhere, "finnes@example.org")
    message = the_only_message()
    [link] = links(message)
    path = urlsplit(link).path
    assert path.startswith("/accounts/password/reset/key/")
    assert_on_the_portal(message, link_path=path)
    # The key in the link is a real one: it leads to the form for a new password.
    response = elsewhere.get(path, follow=True)
    uid = user_pk_to_url_str(known)
    assert response.redirect_chain == [(f"/accounts/password/reset/key/{uid}-set-password/", 302)]
    assert list(response.context["form"].fields) == ["password1", "password2"]


def test_password_reset_for_an_unknown_address_links_to_site_url(elsewhere):
    reset_password(elsewhere, "ukjent@example.org", "/en")
    message = the_only_message()
    assert message.to == ["ukjent@example.org"]
    assert_on_the_portal(message, link_path="/en/accounts/signup/")


def test_security_notifications_name_the_portal(elsewhere, known, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    elsewhere.force_login(known)
    elsewhere.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": PASSWORD + "-ny", "password2": PASSWORD + "-ny"},
    )
    message = the_only_message()
    assert message.to == ["finnes@example.org"]
    assert_on_the_portal(message, link_path=None)


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = 0
    return CountingHasher


def hashes_while(counting_hasher, do) -> int:
    counting_hasher.hashed = 0
    do()
    return counting_hasher.hashed


def test_sign_up_hashes_the_password_for_a_known_address_as_for_a_new_one(
    client, known, counting_hasher
):
    for_known = hashes_while(counting_hasher, lambda: sign_up(client, "finnes@example.org"))
    client.logout()
    for_new = hashes_while(counting_hasher, lambda: sign_up(client, "ny@example.org"))
    # The paths were the two being compared: one account made, the owner of the other told.
    assert list(User.objects.order_by("email").values_list("email", flat=True)) == [
        "finnes@example.org",
        "ny@example.org",
    ]
    assert [message.to for message in mail.outbox] == [["finnes@example.org"], ["ny@example.org"]]
    assert for_known == for_new == 1
