"""Joining the network in a real browser: an applicant signs in on the way to /join/ and applies,
the secretariat approves in the admin, the new hub and its organisation are in the public
directory, and the applicant, now the hub's manager, edits its profile. Also: the form's errors
and axe on the membership pages."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from hubs.models import Hub, HubManager
from members import services
from members.models import MembershipApplication, Organisation, OrganisationContact
from tests.browser.conftest import CSP_LISTENER, PASSWORD, PageWatch, sign_in
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

APPLICANT = "siri@example.org"
SECRETARIAT = "sekretariat@example.org"
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
    "hub_description": "Et kontorfellesskap for kreative folk midt i byen.",
    "hub_website": "https://kontorverket.example.org/",
    "physical_place": "400 m² i andre etasje, med faste og fleksible plasser og to møterom.",
    "community": "Vi velger medlemmer som utfyller hverandre, og alle kjenner alle.",
    "facilitation": "En vert tar imot nye, arrangerer lunsj og fagkvelder og kobler folk.",
    "motivation": "Vi vil dele erfaringer med andre hubber og ta imot gjester fra nettverket.",
}


@pytest.fixture
def applicant(seeded):
    person, _created = services.user_create_verified(
        email=APPLICANT, name="Siri Søker", password=PASSWORD
    )
    return person


@pytest.fixture
def secretariat(_browser_db):
    person, _created = services.user_create_verified(
        email=SECRETARIAT, name="Siv Sekretær", password=PASSWORD
    )
    services.user_make_secretariat(user=person)
    return person


@pytest.fixture
def new_context(browser: Browser, site_url, page_watch) -> Iterator:
    """Another browser (own cookies), watched like the test's own page, Norwegian and wide."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        ctx = browser.new_context(
            base_url=site_url,
            viewport={"width": 1280, "height": 900},
            locale="nb-NO",
            timezone_id="Europe/Oslo",
        )
        ctx.set_default_timeout(10_000)
        watch(ctx, page_watch)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()
    problems = page_watch.problems()
    assert not problems, "The other browsers saw:\n" + "\n".join(problems)


def watch(ctx: BrowserContext, page_watch: PageWatch) -> None:
    ctx.expose_binding("__reportCspViolation", page_watch.on_csp_event)
    ctx.add_init_script(CSP_LISTENER)
    ctx.on("console", page_watch.on_console)
    ctx.on("request", page_watch.on_request)
    ctx.on("response", page_watch.on_response)
    ctx.on("weberror", lambda web_error: page_watch.on_page_error(web_error.error))


def fill_application(page: Page, **changes: str) -> None:
    for name, value in {**APPLICATION, **changes}.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("select[name=hub_county]").select_option("innlandet")
    page.get_by_role("button", name="Send søknaden").click()


def sign_in_on_the_login_page(page: Page, email: str) -> None:
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()


def test_the_whole_journey(page: Page, new_context, site_url, applicant, secretariat):
    # A visitor looks at the directory first, so its pages are cached before anything changes.
    visitor = new_context()
    visitor.goto("/hubs/")
    expect(visitor.locator("ul.hub-cards")).not_to_contain_text("Kontorverket")
    visitor.goto("/members/")
    expect(visitor.get_by_text("Kontorverket AS")).to_have_count(0)

    # The applicant is sent to sign in on the way to the form, and brought back to it.
    page.goto("/join/")
    expect(page).to_have_url(f"{site_url}/accounts/login/?next=/join/")
    sign_in_on_the_login_page(page, APPLICANT)
    expect(page).to_have_url(f"{site_url}/join/")
    expect(page.get_by_role("status")).to_contain_text("Logget inn som")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk om medlemskap")

    fill_application(page)
    expect(page).to_have_url(f"{site_url}/me/")
    expect(page.get_by_text("Takk! Søknaden er sendt til sekretariatet.")).to_be_visible()
    applications = page.get_by_role("region", name="Dine medlemssøknader")
    expect(
        applications.get_by_role("heading", name="Kontorverket AS – Kontorverket")
    ).to_be_visible()
    expect(applications.locator("strong")).to_have_text("innsendt")
    expect(applications.get_by_role("button", name="Trekk søknaden")).to_be_visible()
    application = MembershipApplication.objects.get()
    assert application.applicant == applicant
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert application.organisation_number == "974760673"
    assert application.hub_county == "innlandet"
    assert not Organisation.objects.filter(organisation_number="974760673").exists()

    # The secretariat approves it in the admin, in a browser of its own.
    admin = new_context()
    admin.goto("/admin/")
    sign_in_on_the_login_page(admin, SECRETARIAT)
    expect(admin).to_have_url(f"{site_url}/admin/")
    admin.goto(f"/admin/members/membershipapplication/{application.pk}/change/")
    admin.get_by_role("button", name="Godkjenn: gjør organisasjonen til medlem").click()
    expect(admin).to_have_url(f"{site_url}/admin/members/membershipapplication/")
    expect(admin.get_by_text("Kontorverket AS er medlem.")).to_be_visible()

    organisation = Organisation.objects.get(organisation_number="974760673")
    assert organisation.status == Organisation.Status.MEMBER
    assert organisation.legal_name == "Kontorverket AS"
    hub = Hub.objects.get(organisation=organisation)
    assert (hub.slug, hub.name, hub.city, hub.county) == (
        "kontorverket",
        "Kontorverket",
        "Lillehammer",
        "innlandet",
    )
    assert hub.is_published
    contact = OrganisationContact.objects.get(organisation=organisation)
    assert (contact.user, contact.role) == (applicant, OrganisationContact.Role.ADMIN)
    assert HubManager.objects.filter(hub=hub, user=applicant).exists()
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.organisation == organisation

    # The visitor sees the new hub and its organisation in the directory at once.
    visitor.goto("/hubs/")
    expect(
        visitor.locator("ul.hub-cards").get_by_role("link", name="Kontorverket")
    ).to_have_attribute("href", "/hubs/kontorverket/")
    visitor.goto("/members/")
    card = visitor.locator("article", has=visitor.get_by_role("heading", name="Kontorverket AS"))
    expect(card.get_by_role("link", name="Kontorverket")).to_have_attribute(
        "href", "/hubs/kontorverket/"
    )
    expect(card).to_contain_text("Lillehammer")

    # Back as the applicant: the hub is theirs to edit.
    page.goto("/me/")
    managed = page.get_by_role("region", name="Hubber du er ansvarlig for")
    expect(managed.get_by_role("heading", name="Kontorverket")).to_be_visible()
    managed.get_by_role("link", name="Rediger profilen").click()
    expect(page).to_have_url(f"{site_url}/me/hubs/kontorverket/edit/")
    page.get_by_label("Beskrivelse (norsk)").fill("Nå med kaffebar og eget verksted i kjelleren.")
    page.get_by_role("button", name="Lagre profilen").click()
    expect(page.get_by_text("Profilen til Kontorverket er lagret.")).to_be_visible()

    visitor.goto("/hubs/kontorverket/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Kontorverket")
    expect(visitor.get_by_text("Nå med kaffebar og eget verksted i kjelleren.")).to_be_visible()
    hub.refresh_from_db()
    assert hub.description_nb == "Nå med kaffebar og eget verksted i kjelleren."


def test_bad_organisation_number_is_shown_next_to_the_field(page: Page, applicant):
    sign_in(page, APPLICANT)
    page.goto("/join/")
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        fill_application(page, organisation_number="123")
    assert sent.value.status == 400

    expect(page.get_by_role("alert")).to_contain_text("Søknaden er ikke sendt")
    field = page.get_by_label("Organisasjonsnummer")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("123")
    error = "ni sifre og et gyldig kontrollsiffer"
    expect(page.get_by_text(error)).to_be_visible()
    # Right after the field, and read out with it.
    expect(field.locator("xpath=following-sibling::*[1]")).to_contain_text(error)
    expect(field).to_have_accessible_description(re.compile(error))
    # The rest of what was typed is kept.
    expect(page.locator("[name=organisation_name]")).to_have_value("Kontorverket AS")
    expect(page.locator("[name=motivation]")).to_have_value(APPLICATION["motivation"])
    assert not MembershipApplication.objects.exists()


@pytest.fixture
def membership_pages(applicant, secretariat):
    """A member organisation with a published hub, and the applicant's own open application."""
    other, _created = services.user_create_verified(
        email="ola@example.org", name="Ola Medlem", password=PASSWORD
    )
    data = {
        **APPLICATION,
        "organisation_name": "Fabrikkhallen AS",
        "organisation_number": "923609016",
        "hub_name": "Fabrikkhallen",
        "hub_city": "Gjøvik",
        "hub_county": "innlandet",
        "hub_capacity": 12,
        "language": "nb",
    }
    approved = services.application_submit(applicant=other, data=data)
    services.application_approve(application=approved, reviewer=secretariat)
    open_data = {
        **APPLICATION,
        "organisation_number": "974760673",
        "hub_county": "innlandet",
        "hub_capacity": 30,
        "language": "nb",
    }
    services.application_submit(applicant=applicant, data=open_data)


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", ["/join/", "/members/", "/me/"])
def test_membership_pages_have_no_axe_violations(
    page: Page, membership_pages, path, language, viewport_width
):
    sign_in(page, APPLICANT)
    url = path if language == "nb" else f"/en{path}"
    assert page.goto(url).status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("window.innerWidth") == viewport_width
    if path == "/members/":
        expect(page.get_by_role("link", name="Fabrikkhallen")).to_be_visible()
    if path == "/me/":
        expect(page.locator("#applications-heading")).to_be_visible()

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]

    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"


def test_the_form_with_errors_has_no_axe_violations(page: Page, applicant):
    sign_in(page, APPLICANT)
    page.goto("/join/")
    fill_application(page, organisation_number="123", postcode="26", invoice_email="faktura")
    expect(page.locator("[aria-invalid=true]")).to_have_count(3)

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]

    assert not violations, f"axe on /join/ with errors:\n{describe(violations)}"
