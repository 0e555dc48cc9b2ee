"""allauth's e-mails and messages speak in the portal's voice (templates/account/email/ and our
Norwegian catalogue), not in allauth's stock text: "Hei fra …", "Takk for at du bruker …", a bare
host:port as signature, "eposten", "Bekreftelsese-post"."""

import re

import polib
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.utils import translation

from members.services import user_create_verified

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-trygg-frase-42"
SITE_URL = "https://portal.example.org"
PREFIX = "[Coworking Norge] "
# allauth's stock text, in either language, that must not reach anyone.
STOCK = (
    "eposten",
    "Hei fra",
    "Hello from",
    "Takk for at du bruker",
    "Thank you for using",
    "Password Reset Email",
    "Vennligst",
    "testserver",
    "127.0.0.1",
)
SIGN_UP = {
    "": (
        "Velkommen! Bekreft e-postadressen din",
        "Hei Kari,",
        "Takk for at du registrerte deg hos Coworking Norge. Klikk på lenken for å bekrefte "
        "e-postadressen din, så er kontoen klar:",
        "/accounts/confirm-email/",
    ),
    "/en": (
        "Welcome! Confirm your e-mail address",
        "Hello Kari,",
        "Thank you for signing up with Coworking Norge. Click the link to confirm your e-mail "
        "address, and your account is ready:",
        "/en/accounts/confirm-email/",
    ),
}
RESET = {
    "": (
        "Velg et nytt passord",
        "Hei Finnes,",
        "Noen, sannsynligvis du, har bedt om et nytt passord til kontoen din hos Coworking Norge. "
        "Klikk på lenken for å velge et nytt passord:",
        "/accounts/password/reset/key/",
    ),
    "/en": (
        "Choose a new password",
        "Hello Finnes,",
        "Someone, probably you, asked for a new password for your account at Coworking Norge. "
        "Click the link to choose a new one:",
        "/en/accounts/password/reset/key/",
    ),
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def known(db):
    user, _address = user_create_verified(
        email="finnes@example.org", name="Finnes Fra Før", password=PASSWORD
    )
    return user


def sign_up(client, email, prefix=""):
    return client.post(
        f"{prefix}/accounts/signup/",
        {"name": "Kari Nordmann", "email": email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )


def the_only_message():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def assert_in_the_portals_voice(message, *, subject, greeting, wording, link_path) -> None:
    """One-line subject with the prefix once; greeting, wording, a SITE_URL link, signature."""
    assert message.subject == PREFIX + subject
    assert message.subject.count("Coworking Norge") == 1
    body = message.body
    assert body.startswith(greeting + "\n\n")
    # The wording is wrapped in the template; read it as one line.
    assert wording in " ".join(body.split())
    assert re.search(rf"^{re.escape(SITE_URL + link_path)}\S*$", body, re.MULTILINE)
    assert body.endswith("\n\nCoworking Norge")
    for stock in STOCK:
        assert stock not in message.subject + body


@pytest.mark.parametrize("prefix", SIGN_UP)
def test_the_sign_up_confirmation_is_in_the_portals_voice(client, prefix):
    subject, greeting, wording, link_path = SIGN_UP[prefix]
    sign_up(client, "kari@example.org", prefix)
    assert_in_the_portals_voice(
        the_only_message(),
        subject=subject,
        greeting=greeting,
        wording=wording,
        link_path=link_path,
    )


@pytest.mark.parametrize("prefix", RESET)
def test_the_password_reset_is_in_the_portals_voice(client, known, prefix):
    subject, greeting, wording, link_path = RESET[prefix]
    client.post(f"{prefix}/accounts/password/reset/", {"email": "finnes@example.org"})
    assert_in_the_portals_voice(
        the_only_message(),
        subject=subject,
        greeting=greeting,
        wording=wording,
        link_path=link_path,
    )


def test_adding_an_address_asks_to_confirm_it_in_the_portals_voice(client, known, settings):
    settings.ACCOUNT_REAUTHENTICATION_REQUIRED = False  # signed in a moment ago
    client.force_login(known)
    client.post("/accounts/email/", {"action_add": "", "email": "ny@example.org"})
    assert EmailAddress.objects.filter(email="ny@example.org", verified=False).exists()
    assert_in_the_portals_voice(
        the_only_message(),
        subject="Bekreft e-postadressen din",
        greeting="Hei Finnes,",
        wording="Denne e-postadressen ble lagt til kontoen din hos Coworking Norge. "
        "Klikk på lenken for å bekrefte den:",
        link_path="/accounts/confirm-email/",
    )


def test_a_sign_up_with_a_known_address_is_in_the_portals_voice(client, known):
    sign_up(client, "finnes@example.org")
    assert_in_the_portals_voice(
        the_only_message(),
        subject="Du har allerede en konto",
        greeting="Hei,",
        wording="prøvde å registrere seg hos Coworking Norge med finnes@example.org, men det "
        "finnes allerede en konto med denne e-postadressen.",
        link_path="/accounts/password/reset/",
    )


def test_a_password_reset_for_an_unknown_address_is_in_the_portals_voice(client):
    client.post("/en/accounts/password/reset/", {"email": "ukjent@example.org"})
    message = the_only_message()
    assert_in_the_portals_voice(
        message,
        subject="No account with this e-mail address",
        greeting="Hello,",
        wording="tried to use ukjent@example.org at Coworking Norge, but no account has this "
        "e-mail address.",
        link_path="/en/accounts/signup/",
    )


def test_a_security_notification_is_in_the_portals_voice(client, known, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.force_login(known)
    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": PASSWORD + "-ny", "password2": PASSWORD + "-ny"},
    )
    message = the_only_message()
    body = " ".join(message.body.split())
    assert message.subject.count("Coworking Norge") == 1
    assert message.body.startswith("Hei,\n\n")
    assert "endring på kontoen din hos Coworking Norge" in body
    assert f"skriv til oss på {django_settings.NETWORK_EMAIL}" in body
    assert message.body.endswith("\n\nCoworking Norge")
    for stock in STOCK:
        if stock != "127.0.0.1":  # the address the change came from
            assert stock not in message.subject + message.body


def test_the_message_after_sign_up_says_what_to_do(client):
    response = sign_up(client, "kari@example.org")
    text = response.content.decode()
    assert "Bekreftelsese-post" not in text
    assert (
        "Vi har sendt en e-post til kari@example.org. Klikk på lenken i den for å bekrefte "
        "adressen." in text
    )


# allauth's messages that our catalogue words otherwise: in force only while the entries are
# live there (the project's LOCALE_PATHS catalogue is read before allauth's). makemessages cannot
# see them in the portal's code and would make them obsolete: these tests then say so.
ALLAUTH_REWORDED = [
    "Confirmation email sent to %(email)s.",
    "Already have an account? Then please %(link)ssign in%(end_link)s.",
    "Forgot your password?",
    "Forgotten your password? Enter your email address below, and we'll send you an email "
    "allowing you to reset it.",
    "We have sent an email to you for verification. Follow the link provided to finalize the "
    "signup process. If you do not see the verification email in your main inbox, check your "
    "spam folder. Please contact us if you do not receive the verification email within a few "
    "minutes.",
    "The email address and/or password you specified are not correct.",
]


def our_catalogue() -> dict[str, str]:
    path = django_settings.LOCALE_PATHS[0] / "nb" / "LC_MESSAGES" / "django.po"
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.translated()}


@pytest.mark.parametrize("msgid", ALLAUTH_REWORDED)
def test_our_catalogue_wins_over_allauths(msgid):
    ours = our_catalogue()
    assert msgid in ours, "reworded in locale/nb/LC_MESSAGES/django.po, not obsolete"
    with translation.override("nb"):
        assert translation.gettext(msgid) == ours[msgid]


# allauth's Norwegian that read badly on the account pages.
AWKWARD = ("vennligst", "epost ", "glemt ditt passord", "ugyldig token", "verifiser", "utgått")


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/accounts/confirm-email/not-a-key/",
        "/accounts/password/reset/key/1-set-password/",
    ],
)
def test_the_account_pages_read_well_in_norwegian(client, path):
    text = client.get(path).content.decode().lower()
    for stock in AWKWARD:
        assert stock not in text, stock


def test_the_sign_out_page_reads_well_in_norwegian(client, known):
    client.force_login(known)
    text = client.get("/accounts/logout/").content.decode()
    assert "Vil du logge ut?" in text
    assert "Endre Passord" not in text
