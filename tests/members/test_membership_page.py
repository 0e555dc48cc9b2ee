"""The public membership page (/join/): what membership gives, who may join, the fees read from
the database with VAT stated, the steps; and where a signed-in person stands (issue 11)."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import MembershipApplication, MembershipTier, Organisation, OrganisationContact
from tests.factories import OrganisationFactory, UserFactory
from tests.members.test_applications import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers():
    return [
        MembershipTier.objects.create(
            name_nb="Liten", name_en="Small", yearly_fee=Decimal(4000), min_desks=0, max_desks=19
        ),
        MembershipTier.objects.create(
            name_nb="Stor", name_en="Large", yearly_fee=Decimal(15000), min_desks=20
        ),
    ]


def _words(text: str) -> list[str]:
    """Words split at ordinary white space; a non-breaking space stays inside its amount."""
    return re.split(r"[ \t\n]+", text.strip())


def fee_rows(html: str) -> list[list[str]]:
    body = html.split('<table class="table price-table', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.DOTALL)
    return [
        [
            _words(unescape(re.sub(r"<[^>]+>", "", cell)))
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        for row in rows
    ]


def test_the_fees_come_from_the_tiers_with_vat_in_norwegian(client, tiers):
    html = client.get("/join/").content.decode()
    assert fee_rows(html) == [
        [["Liten"], ["0–19"], ["4\xa0000,00\xa0kr"], ["5\xa0000,00\xa0kr", "(25\xa0%\xa0mva.)"]],
        [
            ["Stor"],
            ["20", "eller", "flere"],
            ["15\xa0000,00\xa0kr"],
            ["18\xa0750,00\xa0kr", "(25\xa0%\xa0mva.)"],
        ],
    ]


def test_the_fees_in_english(client, tiers):
    html = client.get("/en/join/").content.decode()
    assert fee_rows(html) == [
        [["Small"], ["0–19"], ["NOK\xa04,000.00"], ["NOK\xa05,000.00", "(25%\xa0VAT)"]],
        [
            ["Large"],
            ["20", "or", "more"],
            ["NOK\xa015,000.00"],
            ["NOK\xa018,750.00", "(25%\xa0VAT)"],
        ],
    ]


def test_without_vat_registration_the_page_says_no_vat_is_added(client, tiers, settings):
    settings.INVOICE_SELLER = {**settings.INVOICE_SELLER, "vat_registered": False}
    html = client.get("/en/join/").content.decode()
    assert fee_rows(html)[0] == [["Small"], ["0–19"], ["NOK\xa04,000.00"], ["NOK\xa04,000.00"]]
    assert "The network is not registered for VAT, so no VAT is added." in html


def test_without_tiers_the_page_says_whom_to_ask(client):
    html = client.get("/en/join/").content.decode()
    assert "price-table" not in html
    assert "The fees for the coming year are not set yet" in html
    assert 'href="mailto:post@coworkingnorge.no"' in html


def test_the_page_names_the_three_parts_and_the_steps(client, settings):
    settings.MEMBERSHIP_DECISION_WEEKS = 3
    html = client.get("/en/join/").content.decode()
    for part in ("A physical place", "A deliberately composed community", "Facilitation"):
        assert f"<dt>{part}</dt>" in html
    assert "usually decides within 3 weeks" in html
    assert html.count('<ol class="steps">') == 1


def test_the_page_runs_the_same_queries_whatever_the_number_of_tiers(client):
    counts = []
    for extra in (1, 6):
        for number in range(extra):
            MembershipTier.objects.create(name_nb=f"T{number}", yearly_fee=1000, min_desks=number)
        with CaptureQueriesContext(connection) as captured:
            client.get("/join/")
        counts.append(len(captured))
        MembershipTier.objects.all().delete()
    assert counts == [1, 1]


def test_an_open_application_shows_its_status_instead_of_a_blank_form(client):
    person = UserFactory()
    client.force_login(person)
    client.post("/en/join/", form_data())
    html = client.get("/en/join/").content.decode()
    assert "Your application for Kontorverket AS" in html
    assert "Being reviewed" in html
    assert 'name="organisation_number"' not in html
    assert MembershipApplication.objects.get().applicant == person


def test_a_contact_of_a_member_organisation_is_told_it_is_a_member(client):
    person = UserFactory()
    organisation = OrganisationFactory(legal_name="Fabrikken AS", status=Organisation.Status.MEMBER)
    OrganisationContact.objects.create(
        organisation=organisation, user=person, role=OrganisationContact.Role.ADMIN
    )
    client.force_login(person)
    html = client.get("/en/join/").content.decode()
    assert "You are a contact of Fabrikken AS, which is a member of the network." in html
    assert "Apply for another organisation" in html


def test_a_signed_in_person_without_roles_gets_the_form_with_the_required_note(client):
    client.force_login(UserFactory())
    html = client.get("/join/").content.decode()
    assert 'name="organisation_number"' in html
    assert "Felt merket med" in html
    assert 'id="error-summary"' not in html


def test_a_failed_application_lists_and_links_every_invalid_field_at_the_top(client):
    client.force_login(UserFactory())
    data = form_data(organisation_number="123", invoice_email="ikke-en-adresse")
    html = client.post("/en/join/", data).content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'<a href="#(id_\w+)">', summary) == [
        "id_organisation_number",
        "id_invoice_email",
    ]
    assert "data-error-summary" in html
    assert "There is a problem" in summary


def test_fee_column_headings_write_mva_with_its_full_stop(client, tiers):
    html = client.get("/join/").content.decode()
    assert "Kontingent ekskl. mva.</th>" in html
    assert "Kontingent inkl. mva.</th>" in html


def _steps(html: str) -> list[str]:
    steps = html.split('<ol class="steps">', 1)[1].split("</ol>", 1)[0]
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", item)).split())
        for item in re.findall(r"<li[^>]*>(.*?)</li>", steps, re.DOTALL)
    ]


def test_the_first_step_is_done_for_a_person_already_signed_in(client):
    assert _steps(client.get("/join/").content.decode())[0] == (
        "Logg inn, eller opprett en konto med e-postadressen din."
    )
    client.force_login(UserFactory(email="kari@example.org"))
    html = client.get("/join/").content.decode()
    assert _steps(html)[0] == "Fullført: Du er logget inn som kari@example.org."
    assert '<li class="steps__done">' in html
    assert len(_steps(html)) == 4
    english = client.get("/en/join/").content.decode()
    assert _steps(english)[0] == "Done: You are signed in as kari@example.org."
