"""The organisation contact's pages in a real browser: axe, and an invitation accepted by link."""

import re
from datetime import date, timedelta
from decimal import Decimal
from hashlib import sha256
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from billing.services import invoice_draft_create, invoice_issue, payment_register
from hubs.models import Hub
from members.models import Invitation, Organisation, OrganisationContact
from members.services import invitation_send, user_create_verified
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_contact(seeded):
    person, _created = user_create_verified(
        email="anne@example.org", name="Anne Admin", password=PASSWORD
    )
    organisation = Organisation.objects.create(
        legal_name="Fabrikken Drift AS",
        organisation_number="923609016",
        invoice_email="faktura@example.org",
        status="member",
        member_since="2024-01-01",
    )
    Hub.objects.filter(slug="fabrikken").update(organisation=organisation)
    OrganisationContact.objects.create(user=person, organisation=organisation, role="admin")
    fee = [{"description": "Medlemskontingent", "unit_price": Decimal("6000.00")}]
    for issued_on in (date(2024, 1, 15), timezone.localdate() - timedelta(days=45)):
        invoice_issue(
            invoice=invoice_draft_create(organisation=organisation, lines=fee),
            today=issued_on,
            send=False,
        )
    first = organisation.invoices.get(number=1)
    payment_register(invoice=first, amount=first.total_amount, paid_on=date(2024, 2, 1))
    return person


def test_admin_contact_invites_a_hub_manager_who_accepts(page: Page, admin_contact, mailoutbox):
    sign_in(page, "anne@example.org")
    page.goto("/me/organisation/")
    page.get_by_label("E-postadresse").fill("mona@example.org")
    page.get_by_label("Inviter som").select_option(label="ansvarlig for Fabrikken")
    page.get_by_role("button", name="Send invitasjonen").click()
    expect(page.get_by_text("En invitasjon er sendt til mona@example.org.")).to_be_visible()

    link = re.search(r"https?://[^/\s]+(/me/invitations/\S+/)", mailoutbox[0].body).group(1)
    user_create_verified(email="mona@example.org", name="Mona Manager", password=PASSWORD)
    page.context.clear_cookies()
    sign_in(page, "mona@example.org")
    page.goto(link)
    page.get_by_role("button", name="Godta invitasjonen").click()
    expect(page.get_by_text("Velkommen! Invitasjonen er godtatt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Fabrikken")).to_be_visible()


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", ["/me/organisation/", "invitation"])
def test_organisation_pages_have_no_axe_violations(
    page: Page, admin_contact, path, language, viewport_width
):
    if path == "invitation":
        invitation_send(
            organisation=Organisation.objects.get(),
            email="anne@example.org",
            role="invoice",
            invited_by=admin_contact,
        )
        token = "axe-token"
        Invitation.objects.update(token_hash=sha256(token.encode()).hexdigest())
        path = f"/me/invitations/{token}/"
    sign_in(page, "anne@example.org")
    url = path if language == "nb" else f"/en{path}"
    assert page.goto(url).status == 200
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"


def test_admin_contact_sees_the_overdue_invoice_and_downloads_its_pdf(page: Page, admin_contact):
    sign_in(page, "anne@example.org")
    page.goto("/me/organisation/")
    table = page.get_by_role("table", name="Fakturaer")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_text("Forfalt", exact=True)).to_have_count(1)
    with page.expect_download() as download_info:
        table.get_by_role("link", name=re.compile("faktura 2", re.IGNORECASE)).click()
    download = download_info.value
    assert download.suggested_filename == "faktura-2.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
