"""Accounts in a real browser: sign up and confirm by e-mail; the secretariat in the admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from members.models import User
from members.services import user_create_verified, user_make_secretariat
from tests.browser.conftest import PASSWORD, confirmation_path

pytestmark = pytest.mark.browser


def test_signup_then_email_link_signs_the_person_in(page: Page, site_url, mailoutbox):
    page.goto("/accounts/signup/")
    page.locator("input[name=name]").fill("Kari Nordmann")
    page.locator("input[name=email]").fill("kari@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form:has(input[name=password2]) [type=submit]").first.click()

    expect(page).to_have_url(f"{site_url}/accounts/confirm-email/")
    assert [message.to for message in mailoutbox] == [["kari@example.org"]]
    page.goto(confirmation_path(mailoutbox[0]))
    page.locator("form[method=post] [type=submit]").first.click()

    expect(page).to_have_url(f"{site_url}/")
    expect(page.get_by_role("link", name="Logg ut")).to_be_visible()
    user = User.objects.get(email="kari@example.org")
    assert user.name == "Kari Nordmann"
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [("kari@example.org", True, True)]


def test_secretariat_signs_in_through_admin_and_opens_a_hub(page: Page, site_url, seeded):
    person, _created = user_create_verified(
        email="sekretariat@example.org", name="Siri Sekretær", password=PASSWORD
    )
    user_make_secretariat(user=person)

    page.goto("/admin/")
    expect(page).to_have_url(f"{site_url}/accounts/login/?next=%2Fadmin%2F")
    page.locator("input[name=login]").fill("sekretariat@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    expect(page).to_have_url(f"{site_url}/admin/")

    page.goto("/admin/hubs/hub/")
    expect(page.locator("#result_list tbody th a")).to_have_count(11)
    page.locator("#result_list").get_by_role("link", name="Fabrikken", exact=True).click()

    expect(page).to_have_url(re.compile(r"/admin/hubs/hub/\d+/change/$"))
    expect(page.locator("input[name=name]")).to_have_value("Fabrikken")
    expect(page.locator("input[name=city]")).to_have_value("Lillehammer")
