"""The organisation contact's pages in a real browser: axe, and an invitation accepted by link."""

import re
from datetime import date, timedelta
from decimal import Decimal
from hashlib import sha256
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from billing.models import Invoice
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
@pytest.mark.parametrize("path", ["/me/organisation/", "invitation", "withdraw"])
def test_organisation_pages_have_no_axe_violations(
    page: Page, admin_contact, path, language, viewport_width
):
    # A pending invitation, so that the page lists it with its buttons.
    invitation = invitation_send(
        organisation=Organisation.objects.get(),
        email="anne@example.org",
        role="invoice",
        invited_by=admin_contact,
    )
    if path == "invitation":
        token = "axe-token"
        Invitation.objects.update(token_hash=sha256(token.encode()).hexdigest())
        path = f"/me/invitations/{token}/"
    elif path == "withdraw":
        path = f"/me/organisation/invitations/{invitation.pk}/withdraw/"
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


def link(message) -> str:
    return re.search(r"https?://[^/\s]+(/me/invitations/\S+/)", message.body).group(1)


def test_admin_contact_sends_an_invitation_again_and_then_withdraws_it(
    page: Page, admin_contact, mailoutbox
):
    invitation = invitation_send(
        organisation=Organisation.objects.get(),
        email="mona@example.org",
        role="contact",
        invited_by=admin_contact,
    )
    Invitation.objects.update(created_at=timezone.now() - timedelta(hours=1))
    sign_in(page, "anne@example.org")
    page.goto("/me/organisation/")
    invitations = page.get_by_role("list", name="Invitasjoner som ikke er godtatt ennå")
    expect(invitations.get_by_role("listitem")).to_have_count(1)
    page.get_by_role("button", name="Send invitasjonen til mona@example.org på nytt").click()
    expect(page.get_by_text("Invitasjonen er sendt på nytt til mona@example.org")).to_be_visible()
    # The first e-mail went out when the invitation was made, the second on "send again".
    assert [message.to for message in mailoutbox] == [["mona@example.org"]] * 2
    assert link(mailoutbox[0]) != link(mailoutbox[1])
    page.get_by_role("button", name="Send invitasjonen til mona@example.org på nytt").click()
    expect(page.get_by_text("ble sendt for mindre enn 5 minutter siden")).to_be_visible()

    page.get_by_role("link", name="Trekk tilbake invitasjonen til mona@example.org…").click()
    expect(page.get_by_role("heading", name="Trekke tilbake invitasjonen?")).to_be_visible()
    page.get_by_role("link", name="Nei, behold den").click()
    expect(invitations.get_by_role("listitem")).to_have_count(1)
    page.get_by_role("link", name="Trekk tilbake invitasjonen til mona@example.org…").click()
    page.get_by_role("button", name="Trekk tilbake invitasjonen").click()
    expect(
        page.get_by_text("Invitasjonen til mona@example.org er trukket tilbake.")
    ).to_be_visible()
    expect(invitations).to_have_count(0)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_organisation_page_gives_what_to_pay_for_the_unpaid_invoice(page: Page, admin_contact):
    sign_in(page, "anne@example.org")
    page.goto("/me/organisation/")
    unpaid = page.get_by_role("article", name="Faktura 2")
    expect(unpaid).to_contain_text("Kontonummer1234.56.78903")
    expect(unpaid).to_contain_text(f"KID{Invoice.objects.get(number=2).kid}")
    expect(unpaid).to_contain_text("Å betale7\xa0500,00\xa0kr")
    expect(page.get_by_role("article", name="Faktura 1")).to_have_count(0)  # paid


@pytest.mark.parametrize("viewport_width", [360])
def test_on_a_phone_an_overdue_invoices_status_and_badge_stand_together(page: Page, admin_contact):
    """Stacked, the row's label goes left and its value right: "Utstedt" sat mid-row, apart from
    its "Forfalt" badge at the far right."""
    sign_in(page, "anne@example.org")
    page.goto("/me/organisation/")
    badge = page.get_by_role("table", name="Fakturaer").get_by_text("Forfalt", exact=True)
    status = badge.locator("xpath=..")
    status_box, badge_box = status.bounding_box(), badge.bounding_box()
    assert status.inner_text().startswith("Utstedt")
    assert badge_box["x"] + badge_box["width"] <= status_box["x"] + status_box["width"] + 1
    # The status text and its badge are one right-aligned value: the text ends just before it.
    text_width = status.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);"
        " return r.getBoundingClientRect().right; }"
    )
    assert badge_box["x"] - text_width < 12
