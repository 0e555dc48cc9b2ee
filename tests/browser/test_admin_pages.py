"""The secretariat's admin in a real browser: axe finds nothing on the pages the portal styles, in
both languages, wide and narrow; lists fit 1280 px; rejecting looks like danger; focus shows."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from billing.models import OcrImport
from billing.services import invoice_draft_create, invoice_issue, payment_register
from hubs.models import Hub
from hubs.services import hub_manager_add, hub_update_profile
from members.models import MembershipTier, Organisation, OrganisationContact
from members.services import application_submit, user_create_verified, user_make_secretariat
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe
from tests.factories import application_data

pytestmark = pytest.mark.browser

FEE = [{"description": "Medlemskontingent 2026 – Liten hub", "unit_price": Decimal("6000.00")}]


@pytest.fixture
def back_office(seeded) -> dict[str, int]:
    """A secretariat with something to do: an application, a member organisation with contacts,
    hubs and invoices (one overdue, one partly paid, one draft), an OCR import, a manager's
    change."""
    secretariat, _created = user_create_verified(
        email="sekretariat@example.org", name="Siv Sekretær", password=PASSWORD
    )
    user_make_secretariat(user=secretariat)
    tier = MembershipTier.objects.create(
        name_nb="Liten hub", name_en="Small hub", yearly_fee=6000, max_desks=19
    )
    applicant, _created = user_create_verified(
        email="siri.soker@example.org", name="Siri Søker", password=PASSWORD
    )
    application = application_submit(
        applicant=applicant,
        data=application_data(organisation_name="Kontorverket Lillehammer AS", hub_capacity=12),
    )
    organisation = Organisation.objects.create(
        legal_name="Fabrikken Drift og Utleie AS",
        organisation_number="923609016",
        address="Fabrikkgata 1",
        postcode="2317",
        city="Hamar",
        invoice_email="faktura@fabrikken.example.org",
        status="member",
        member_since="2024-01-01",
        tier=tier,
    )
    fabrikken = Hub.objects.get(slug="fabrikken")
    Hub.objects.filter(slug__in=["fabrikken", "blender"]).update(organisation=organisation)
    for role, email in (("admin", "anne@example.org"), ("invoice", "ivar@example.org")):
        person, _created = user_create_verified(email=email, name=email, password=PASSWORD)
        OrganisationContact.objects.create(user=person, organisation=organisation, role=role)
        hub_manager_add(hub=fabrikken, user=person)
    hub_update_profile(hub=fabrikken, changes={"tagline_nb": "Nytt slagord"}, user=person)
    long_ago = timezone.localdate() - timedelta(days=60)
    overdue = issued(organisation, today=long_ago)
    payment_register(
        invoice=issued(organisation, today=long_ago), amount=Decimal(1000), paid_on=long_ago
    )
    draft = invoice_draft_create(organisation=organisation, lines=FEE)
    OcrImport.objects.create(file_name="OCR.D150126.txt", sha256="0" * 64, unmatched=1)
    return {
        "application": application.pk,
        "organisation": organisation.pk,
        "invoice": overdue.pk,
        "draft": draft.pk,
        "hub": fabrikken.pk,
    }


def issued(organisation, today):
    draft = invoice_draft_create(organisation=organisation, lines=FEE)
    return invoice_issue(invoice=draft, today=today, send=False)


def admin_sign_in(page: Page) -> None:
    page.goto("/admin/")
    page.locator("input[name=login]").fill("sekretariat@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    expect(page.locator("#site-name")).to_be_visible()


PAGES = {
    "index": "/admin/",
    "application": "/admin/members/membershipapplication/{application}/change/",
    "organisation": "/admin/members/organisation/{organisation}/change/",
    "invoices": "/admin/billing/invoice/",
    "dashboard": "/admin/billing/invoice/dashboard/",
    "invoice-add": "/admin/billing/invoice/add/",  # an autocomplete (select2), an empty inline
    "hub": "/admin/hubs/hub/{hub}/change/",  # inlines of photos and managers (an autocomplete)
    "hub-history": "/admin/hubs/hub/{hub}/history/",  # scrolls sideways in its box on a phone
}


@pytest.mark.parametrize("viewport_width", [1280, 360])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_admin_page_has_no_axe_violations(page: Page, back_office, name, language, viewport_width):
    admin_sign_in(page)
    path = PAGES[name].format(**back_office)
    url = path if language == "nb" else f"/en{path}"
    response = page.goto(url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]

    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"


@pytest.mark.parametrize(
    ("language", "organisation", "user"),
    [("nb", "Organisasjon:", "Bruker"), ("en", "Organisation:", "User")],
)
def test_every_autocomplete_is_named_by_its_fields_label(
    page: Page, back_office, language, organisation, user
):
    """select2 names its combobox by the chosen item only: each is named by its label (or its
    column's name in an inline's row), a row added to an inline too."""
    admin_sign_in(page)
    prefix = "" if language == "nb" else "/en"
    page.goto(f"{prefix}{PAGES['invoice-add']}")
    expect(page.get_by_role("combobox", name=organisation, exact=True)).to_be_visible()

    page.goto(f"{prefix}{PAGES['hub']}".format(**back_office))
    users = page.get_by_role("combobox", name=re.compile(f"^{user} "))
    expect(users).to_have_count(2)  # Anne and Ivar, each named "User <who>"
    expect(users.first).to_have_accessible_name(re.compile(f"^{user} .*@example.org"))
    page.locator("#managers-group .add-row a").click()
    expect(page.get_by_role("combobox", name=user, exact=True)).to_be_visible()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_required_label_shows_an_asterisk_screen_readers_skip(page: Page, back_office, language):
    admin_sign_in(page)
    page.goto(PAGES["invoice-add"] if language == "nb" else f"/en{PAGES['invoice-add']}")
    after = "element => getComputedStyle(element, '::after').content"
    required = page.locator("label.required[for=id_organisation]")
    assert required.evaluate(after) == '"*" / ""'  # shown, with no text for screen readers
    assert page.locator("label[for=id_your_reference]").evaluate(after) == "none"
    assert page.locator("#lines-group thead th.required").first.evaluate(after) == '"*" / ""'
    expect(page.locator("#invoice_form .required-note")).to_be_visible()


LISTS = [
    "/admin/members/membershipapplication/",
    "/admin/members/organisation/",
    "/admin/hubs/hub/",
    "/admin/billing/payment/",
    "/admin/billing/ocrimport/",
    "/admin/members/user/",
    "/admin/hubs/hubmanager/",
    "/admin/members/membershiptier/",
    "/admin/hubs/historicalhub/",
]


@pytest.mark.parametrize("viewport_width", [360])
def test_a_drafts_long_issue_button_wraps_on_a_phone_instead_of_leaving_the_screen(
    page: Page, back_office
):
    admin_sign_in(page)
    page.goto("/admin/billing/invoice/{draft}/change/".format(**back_office))
    button = page.locator("input[name=_issue]")
    expect(button).to_have_value(re.compile("Lagre og utsted"))
    box = button.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert box["height"] > 40  # two lines or more


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_to_do_heading_reads_like_the_app_captions(page: Page, back_office, language):
    admin_sign_in(page)
    page.goto("/admin/" if language == "nb" else "/en/admin/")
    heading = page.locator("#todo-heading")
    caption = page.locator(".app-list .module caption").first
    styles = (
        "element => [getComputedStyle(element).textTransform, getComputedStyle(element).fontSize]"
    )
    assert heading.evaluate(styles) == caption.evaluate(styles)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_lists_fit_1280_px_without_scrolling_sideways(page: Page, back_office, language):
    admin_sign_in(page)
    wider = {}
    for path in LISTS:
        page.goto(path if language == "nb" else f"/en{path}")
        results = page.locator("#changelist .results")
        expect(results).to_be_visible()
        scroll, width = results.evaluate("element => [element.scrollWidth, element.clientWidth]")
        if scroll > width:
            wider[path] = (scroll, width)
    assert wider == {}


def test_reject_is_a_danger_button_set_apart_from_approve(page: Page, back_office):
    admin_sign_in(page)
    page.goto(PAGES["application"].format(**back_office))
    approve = page.get_by_role("button", name="Godkjenn: gjør organisasjonen til medlem")
    reject = page.get_by_role("button", name="Avslå, med begrunnelsen over")
    background = "element => getComputedStyle(element).backgroundColor"
    assert reject.evaluate(background) == "rgb(186, 33, 33)"  # Django's delete red
    assert approve.evaluate(background) != "rgb(186, 33, 33)"
    approve_box, reject_box = approve.bounding_box(), reject.bounding_box()
    assert reject_box["x"] - (approve_box["x"] + approve_box["width"]) > 200


# The contrast of two sRGB colours given as "rgb(r, g, b)" (WCAG 2.x relative luminance).
CONTRAST = """([first, second]) => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""
# The ring's colour and width, and the colour behind the element (its first opaque ancestor).
RING = """(element) => {
  const style = getComputedStyle(element);
  let behind = element.parentElement;
  while (behind && getComputedStyle(behind).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/)) {
    behind = behind.parentElement;
  }
  const background = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
  return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor, background];
}"""


@pytest.mark.parametrize(
    "target",
    [
        "#content-main .todo-item a",  # on white
        "#nav-sidebar caption a",  # on an app's teal caption
        "#nav-sidebar th a",  # on the sidebar's white
        "#header #site-name a",  # on the header's teal
    ],
)
def test_focus_shows_a_ring_of_at_least_3_to_1(page: Page, back_office, target):
    admin_sign_in(page)
    page.goto("/admin/members/organisation/" if target.startswith("#nav") else "/admin/")
    page.keyboard.press("Tab")  # keyboard use, so that focus is shown as it is to a keyboard user
    link = page.locator(target).first
    link.focus()
    style, width, colour, background = link.evaluate(RING)
    assert style == "solid"
    assert width >= 2
    assert page.evaluate(CONTRAST, [colour, background]) >= 3


def test_the_sidebars_links_are_at_least_24_px_high(page: Page, back_office):
    admin_sign_in(page)
    page.goto("/admin/members/organisation/")
    heights = page.locator("#nav-sidebar td a, #nav-sidebar th a").evaluate_all(
        "links => links.map((link) => link.getBoundingClientRect().height)"
    )
    assert heights
    assert min(heights) >= 24


def test_approving_offers_the_fee_and_issuing_it_leads_to_the_invoice(page: Page, back_office):
    admin_sign_in(page)
    page.goto(PAGES["application"].format(**back_office))
    page.get_by_role("button", name="Godkjenn: gjør organisasjonen til medlem").click()
    expect(page.get_by_text("Kontorverket Lillehammer AS er medlem.")).to_be_visible()
    expect(page.locator("h1")).to_have_text(
        f"Fakturere kontingenten for {timezone.localdate().year}?"
    )
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)

    page.get_by_role("button", name="Utsted og send fakturaen").click()
    expect(page.get_by_text("1 fakturert, 0 hoppet over")).to_be_visible()
    assert "/admin/billing/invoice/" in page.url
