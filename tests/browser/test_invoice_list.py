"""The secretariat's invoice list at 1280 px: number, organisation, due date, total, outstanding
and status with an overdue badge, all visible without scrolling sideways, amounts right-aligned
and written in the page's language."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from billing.services import invoice_credit, invoice_draft_create, invoice_issue, payment_register
from members.services import user_create_verified, user_make_secretariat
from tests.browser.conftest import PASSWORD, sign_in
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

LONG_NAME = "Kontorfellesskapet i Det Gamle Meieriet på Vestre Toten Samvirkelag SA"
FEE = [{"description": "Medlemskontingent", "unit_price": Decimal("1234567.89")}]
COLUMNS = {
    "nb": ["Nummer", "Organisasjon", "Totalt", "Utestående", "Status"],
    "en": ["Number", "Organisation", "Total", "Outstanding", "Status"],
}
OVERDUE = {"nb": "Forfalt", "en": "Overdue"}
AMOUNT = {"nb": "1\xa0543\xa0209,86\xa0kr", "en": "NOK\xa01,543,209.86"}

# Whether anything on the page, or inside the list's own scrolling box, is wider than its room.
OVERFLOW = """() => {
  const results = document.querySelector("#changelist .results");
  return {
    page: [document.documentElement.scrollWidth, window.innerWidth],
    list: [results.scrollWidth, results.clientWidth],
  };
}"""


@pytest.fixture
def invoices(_browser_db):
    """Large amounts and long names: an overdue invoice, a paid one, a credit note, a draft."""
    person, _created = user_create_verified(
        email="sekretariat@example.org", name="Siri Sekretariat", password=PASSWORD
    )
    user_make_secretariat(user=person)
    long_ago = timezone.localdate() - timedelta(days=60)
    issued = [
        invoice_issue(
            invoice=invoice_draft_create(
                organisation=OrganisationFactory(legal_name=f"{LONG_NAME} {n}"), lines=FEE
            ),
            today=long_ago,
            send=False,
        )
        for n in range(3)
    ]
    payment_register(invoice=issued[1], amount=issued[1].total_amount, paid_on=long_ago)
    invoice_credit(invoice=issued[2], send=False)
    invoice_draft_create(organisation=issued[0].organisation, lines=FEE)
    return issued


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_invoice_list_fits_1280_px_with_amounts_right_aligned(page: Page, invoices, language):
    sign_in(page, "sekretariat@example.org")
    prefix = "" if language == "nb" else "/en"
    page.goto(f"{prefix}/admin/billing/invoice/")
    headers = page.locator("#result_list thead th:not(.action-checkbox-column)")
    assert [text.strip() for text in headers.all_text_contents()] == COLUMNS[language]
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"][0] <= overflow["page"][1], overflow
    assert overflow["list"][0] <= overflow["list"][1], overflow

    overdue_row = page.locator("#result_list tbody tr", has=page.locator(".invoice-badge"))
    expect(overdue_row.locator("td.field-organisation_name")).to_have_text(f"{LONG_NAME} 0")
    badge = overdue_row.locator(".field-status_badge .invoice-badge")
    expect(badge).to_have_text(OVERDUE[language])
    for column in ("total_money", "outstanding_amount"):
        cell = overdue_row.locator(f"td.field-{column}")
        expect(cell).to_have_text(AMOUNT[language])
        assert cell.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= page.viewport_size["width"]  # in sight, not scrolled to
    assert page.locator("#result_list .invoice-badge").count() == 1  # only the overdue one
