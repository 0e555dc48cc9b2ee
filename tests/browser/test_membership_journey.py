"""The whole way in: sign up, apply, the secretariat approves in the admin, the new hub is in the
directory and its applicant edits it."""

import pytest
from playwright.sync_api import Browser, Page, expect

from hubs.models import Hub, HubManager
from members.models import MembershipApplication, Organisation, OrganisationContact
from members.services import user_create_verified, user_make_secretariat
from tests.browser.conftest import PASSWORD, confirmation_path, sign_in
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

APPLICATION = {
    "organisation_name": "Kontorverket AS",
    "organisation_number": "974 760 673",
    "address": "Storgata 1",
    "postcode": "2609",
    "city": "Lillehammer",
    "invoice_email": "faktura@kontorverket.example.org",
    "hub_name": "Kontorverket",
    "hub_city": "Lillehammer",
    "hub_capacity": "30",
    "hub_description": "Et kontorfellesskap for kreative folk.",
    "physical_place": "400 m² i sentrum.",
    "community": "Vi velger medlemmer som utfyller hverandre.",
    "facilitation": "En vert arrangerer lunsj og fagkvelder.",
    "motivation": "Vi vil dele erfaringer og ta imot gjester.",
}


def fill_application(page: Page, **changes) -> None:
    for name, value in {**APPLICATION, **changes}.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("select[name=hub_county]").select_option("innlandet")
    page.get_by_role("button", name="Send søknaden").click()


def sign_up_through_join(page: Page, site_url: str, mailoutbox) -> None:
    page.goto("/join/")
    expect(page.get_by_role("heading", name="Hva det koster")).to_be_visible()
    page.get_by_role("link", name="Opprett en konto").click()
    page.locator("input[name=name]").fill("Siri Søker")
    page.locator("input[name=email]").fill("siri@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form:has(input[name=password2]) [type=submit]").first.click()
    page.goto(confirmation_path(mailoutbox[-1]))
    page.locator("form[method=post] [type=submit]").first.click()
    # Signed in and back at the form the visitor set out for.
    expect(page).to_have_url(f"{site_url}/join/#apply")
    expect(page.get_by_role("heading", name="Søk", exact=True)).to_be_visible()


def test_sign_up_apply_approve_and_edit(page: Page, browser: Browser, site_url, seeded, mailoutbox):
    sign_up_through_join(page, site_url, mailoutbox)
    fill_application(page)
    expect(page.get_by_text("Takk! Søknaden er sendt til sekretariatet.")).to_be_visible()
    expect(page.get_by_text("Kontorverket AS – Kontorverket")).to_be_visible()
    application = MembershipApplication.objects.get()
    assert application.organisation_number == "974760673"

    secretariat, _created = user_create_verified(
        email="sekretariat@example.org", name="Siv Sekretær", password=PASSWORD
    )
    user_make_secretariat(user=secretariat)
    admin = browser.new_context(base_url=site_url).new_page()
    admin.goto("/admin/")
    admin.locator("input[name=login]").fill("sekretariat@example.org")
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("form:has(input[name=password]) [type=submit]").first.click()
    admin.goto(f"/admin/members/membershipapplication/{application.pk}/change/")
    admin.locator("input[name=_approve]").click()
    expect(admin.get_by_text("Kontorverket AS er medlem.")).to_be_visible()
    admin.context.close()

    organisation = Organisation.objects.get()
    hub = Hub.objects.get(organisation=organisation)
    assert organisation.status == "member"
    assert OrganisationContact.objects.get(organisation=organisation).role == "admin"
    assert HubManager.objects.filter(hub=hub, user__email="siri@example.org").exists()

    page.goto("/hubs/?county=innlandet")
    expect(page.get_by_role("link", name="Kontorverket").first).to_be_visible()
    page.goto("/me/")
    page.get_by_role("link", name="Rediger profilen").click()
    page.get_by_label("Beskrivelse (norsk)").fill("Nå med kaffebar og verksted.")
    page.get_by_role("button", name="Lagre profilen").click()
    page.goto(f"/hubs/{hub.slug}/")
    expect(page.get_by_text("Nå med kaffebar og verksted.")).to_be_visible()


@pytest.fixture
def applicant(seeded):
    person, _created = user_create_verified(
        email="siri@example.org", name="Siri Søker", password=PASSWORD
    )
    return person


def test_a_bad_organisation_number_is_shown_next_to_the_field(page: Page, applicant):
    sign_in(page, "siri@example.org")
    page.goto("/join/")
    fill_application(page, organisation_number="123")
    field = page.locator("input[name=organisation_number]")
    expect(field).to_have_attribute("aria-invalid", "true")
    next_to_field = page.locator("#id_organisation_number ~ .invalid-feedback")
    expect(next_to_field).to_contain_text("ni sifre og et gyldig kontrollsiffer")
    assert not MembershipApplication.objects.exists()
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", ["/join/", "/members/", "/me/"])
def test_membership_pages_have_no_axe_violations(
    page: Page, applicant, path, language, viewport_width
):
    organisation = Organisation.objects.create(
        legal_name="Fabrikken Drift AS",
        organisation_number="923609016",
        invoice_email="faktura@example.org",
        status="member",
        member_since="2024-01-01",
    )
    Hub.objects.filter(slug="fabrikken").update(organisation=organisation)
    sign_in(page, "siri@example.org")
    if path == "/me/":
        page.goto("/join/")
        fill_application(page)
    url = path if language == "nb" else f"/en{path}"
    assert page.goto(url).status == 200
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"
