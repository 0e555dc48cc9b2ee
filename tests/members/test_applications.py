"""Joining the network: apply, withdraw, approve, reject."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError

from hubs.models import Hub, HubManager
from members.models import MembershipApplication, MembershipTier, Organisation, OrganisationContact
from members.services import (
    application_approve,
    application_reject,
    application_submit,
    application_withdraw,
)
from tests.factories import UserFactory
from tests.mail_backends import FAILING

pytestmark = pytest.mark.django_db

VALID_NUMBER = "974760673"  # mod-11 valid


def form_data(**changes) -> dict:
    data = {
        "organisation_name": "Kontorverket AS",
        "organisation_number": "974 760 673",
        "address": "Storgata 1",
        "postcode": "2609",
        "city": "Lillehammer",
        "invoice_email": "faktura@kontorverket.example.org",
        "hub_name": "Kontorverket",
        "hub_city": "Lillehammer",
        "hub_county": "innlandet",
        "hub_capacity": "30",
        "hub_description": "Et kontorfellesskap for kreative folk.",
        "hub_website": "https://kontorverket.example.org",
        "physical_place": "400 m² i sentrum.",
        "community": "Vi velger medlemmer som utfyller hverandre.",
        "facilitation": "En vert arrangerer lunsj og fagkvelder.",
        "motivation": "Vi vil dele erfaringer og ta imot gjester.",
    }
    data.update(changes)
    return data


@pytest.fixture
def applicant(client):
    person = UserFactory(email="soker@example.org", name="Siri Søker")
    client.force_login(person)
    return person


@pytest.fixture
def tiers():
    small = MembershipTier.objects.create(
        name_nb="Liten", yearly_fee=Decimal(5000), min_desks=0, max_desks=19
    )
    large = MembershipTier.objects.create(
        name_nb="Stor", yearly_fee=Decimal(15000), min_desks=20, max_desks=None
    )
    return small, large


def submitted(applicant, **changes) -> MembershipApplication:
    data = form_data(**changes)
    data["organisation_number"] = data["organisation_number"].replace(" ", "")
    data["hub_capacity"] = int(data["hub_capacity"])
    return application_submit(applicant=applicant, data=data)


def test_the_receipt_links_to_the_portal_on_its_own_address(
    client, applicant, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8811"  # what `PORT=8811 make run` gives
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/join/", form_data())
    [receipt] = [message for message in mail.outbox if message.to == [applicant.email]]
    assert "http://127.0.0.1:8811/me/\n" in receipt.body


def test_a_visitor_reads_what_membership_is_and_is_asked_to_sign_in_to_apply(client):
    html = client.get("/join/").content.decode()
    assert "Hva medlemmene får" in html
    assert "Et bevisst sammensatt fellesskap" in html
    assert 'href="/accounts/login/?next=/join/%23apply"' in html
    assert 'href="/accounts/signup/?next=/join/%23apply"' in html
    assert 'name="organisation_name"' not in html


def test_a_visitors_application_post_is_sent_to_sign_in(client):
    response = client.post("/join/", form_data())
    assert response["Location"] == "/accounts/login/?next=/join/"
    assert not MembershipApplication.objects.exists()


def test_applicant_submits_and_both_sides_get_an_email(
    client, applicant, tiers, secretariat_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/join/", form_data())
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    application = MembershipApplication.objects.get()
    assert application.applicant == applicant
    assert application.organisation_number == VALID_NUMBER
    assert application.status == "submitted"
    assert application.suggested_tier == tiers[1]
    assert sorted(m.to[0] for m in mail.outbox) == [secretariat_user.email, applicant.email]
    html = client.get("/me/").content.decode()
    assert "Kontorverket AS – Kontorverket" in html
    assert "innsendt" in html


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("974760674", "ni sifre og et gyldig kontrollsiffer"),
        ("12345678", "ni sifre og et gyldig kontrollsiffer"),
        ("abc", "ni sifre og et gyldig kontrollsiffer"),
        ("", "Feltet er påkrevet."),
    ],
)
def test_invalid_organisation_numbers_get_an_error_next_to_the_field(
    client, applicant, number, message
):
    response = client.post("/join/", form_data(organisation_number=number))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["organisation_number"])
    assert not MembershipApplication.objects.exists()


def test_a_member_cannot_apply_again(client, applicant):
    Organisation.objects.create(
        legal_name="Kontorverket AS",
        organisation_number=VALID_NUMBER,
        invoice_email="a@example.org",
        status="member",
        member_since="2024-01-01",
    )
    response = client.post("/join/", form_data())
    assert response.context["form"].errors["organisation_number"] == [
        "974 760 673 er allerede medlem av nettverket."
    ]


def test_only_one_open_application_per_organisation(client, applicant):
    submitted(UserFactory())
    response = client.post("/join/", form_data())
    assert response.context["form"].errors["organisation_number"] == [
        "En søknad for 974 760 673 er allerede under behandling."
    ]
    assert MembershipApplication.objects.count() == 1


def test_applicant_withdraws_an_undecided_application(client, applicant):
    application = submitted(applicant)
    response = client.post(f"/me/applications/{application.pk}/withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.decided_at is not None
    # Withdrawn, it no longer blocks a new application.
    assert client.post("/join/", form_data()).status_code == 302


def test_withdrawing_asks_first_and_the_question_changes_nothing(client, applicant):
    application = submitted(applicant)
    html = client.get(f"/en/me/applications/{application.pk}/withdraw/").content.decode()
    assert "<h1>Withdraw the application for Kontorverket AS?</h1>" in html
    assert '<button type="submit" class="btn btn-danger actions__danger">' in html
    assert '<a class="btn btn-outline-secondary" href="/en/me/">No, go back</a>' in html
    application.refresh_from_db()
    assert application.status == "submitted"
    me = client.get("/me/").content.decode()
    assert f'href="/me/applications/{application.pk}/withdraw/">Trekk søknaden…' in me


def test_nobody_else_can_withdraw_it(client, applicant):
    application = submitted(UserFactory())
    assert client.post(f"/me/applications/{application.pk}/withdraw/").status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_approval_makes_a_member_its_hub_and_its_people(
    applicant, tiers, secretariat_user, django_capture_on_commit_callbacks
):
    application = submitted(applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organisation = application_approve(application=application, reviewer=secretariat_user)
    assert (organisation.status, organisation.tier, organisation.legal_name) == (
        "member",
        tiers[1],
        "Kontorverket AS",
    )
    assert organisation.member_since is not None
    hub = Hub.objects.get(organisation=organisation)
    assert (hub.name, hub.slug, hub.city, hub.county, hub.capacity, hub.is_published) == (
        "Kontorverket",
        "kontorverket",
        "Lillehammer",
        "innlandet",
        30,
        True,
    )
    assert OrganisationContact.objects.get(organisation=organisation).role == "admin"
    assert HubManager.objects.filter(user=applicant, hub=hub).exists()
    application.refresh_from_db()
    assert (application.status, application.reviewer, application.organisation) == (
        "approved",
        secretariat_user,
        organisation,
    )
    assert [m.to for m in mail.outbox] == [[applicant.email], [secretariat_user.email]]
    assert "Velkommen" in mail.outbox[0].subject


def test_approving_twice_does_nothing_more(applicant, secretariat_user):
    application = submitted(applicant)
    application_approve(application=application, reviewer=secretariat_user)
    again = application_approve(application=application, reviewer=secretariat_user)
    assert again == Organisation.objects.get()
    assert Hub.objects.count() == 1
    assert OrganisationContact.objects.count() == HubManager.objects.count() == 1


def test_hub_waits_for_the_secretariat_when_so_set(applicant, secretariat_user, settings):
    settings.HUB_PUBLISHED_ON_APPROVAL = False
    application_approve(application=submitted(applicant), reviewer=secretariat_user)
    assert not Hub.objects.get().is_published


def test_a_taken_hub_name_gets_a_free_slug(applicant, secretariat_user, hub_factory):
    hub_factory(slug="kontorverket")
    application_approve(application=submitted(applicant), reviewer=secretariat_user)
    assert Hub.objects.filter(slug="kontorverket-2").exists()


def test_rejection_needs_a_reason_and_tells_the_applicant(
    applicant, secretariat_user, django_capture_on_commit_callbacks
):
    application = submitted(applicant)
    with pytest.raises(ValidationError):
        application_reject(application=application, reviewer=secretariat_user, reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_reject(
            application=application, reviewer=secretariat_user, reason="Ikke et kontorfellesskap."
        )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert "Ikke et kontorfellesskap." in mail.outbox[0].body
    assert not Organisation.objects.exists()
    assert not Hub.objects.exists()


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_a_decided_application_cannot_be_approved(applicant, secretariat_user, status):
    application = submitted(applicant)
    MembershipApplication.objects.filter(pk=application.pk).update(status=status)
    with pytest.raises(ValidationError):
        application_approve(application=application, reviewer=secretariat_user)
    assert not Organisation.objects.exists()


def test_withdrawing_twice_is_refused(applicant):
    application = submitted(applicant)
    application_withdraw(application=application, user=applicant)
    with pytest.raises(ValidationError):
        application_withdraw(application=application, user=applicant)


def test_secretariat_approves_in_the_admin_and_decides_the_tier(
    client, applicant, secretariat_user, tiers
):
    application = submitted(applicant)
    assert application.suggested_tier == tiers[1]
    client.force_login(secretariat_user)
    url = f"/admin/members/membershipapplication/{application.pk}/change/"
    html = client.get(url).content.decode()
    assert "Vi velger medlemmer som utfyller hverandre." in html
    data = {"internal_note": "Ser bra ut", "decision_reason": "", "_approve": "1"}
    response = client.post(url, {**data, "suggested_tier": tiers[0].pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.internal_note == "Ser bra ut"
    assert Organisation.objects.get().tier == tiers[0]
    assert "Kontorverket" in client.get("/hubs/").content.decode()


def test_secretariat_rejects_in_the_admin_with_a_reason(client, applicant, secretariat_user):
    application = submitted(applicant)
    client.force_login(secretariat_user)
    url = f"/admin/members/membershipapplication/{application.pk}/change/"
    client.post(url, {"internal_note": "", "decision_reason": "For lite.", "_reject": "1"})
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("rejected", "For lite.")


def test_member_list_exports_as_csv_without_formulas(client, secretariat_user):
    Organisation.objects.create(
        legal_name="=HYPERLINK(1)",
        organisation_number=VALID_NUMBER,
        invoice_email="a@example.org",
        status="member",
        member_since="2024-01-01",
    )
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/members/organisation/",
        {"action": "export_csv", "_selected_action": [Organisation.objects.get().pk]},
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("organisation_number,legal_name,status")
    assert lines[1].startswith("974760673,'=HYPERLINK(1),member")


def test_the_form_is_norwegian_through_and_through(client, applicant):
    html = client.get("/join/").content.decode()
    assert '<option value="" selected>Velg …</option>' in html
    assert "Select an option" not in html
    assert 'Organisasjonsnummer<span class="asteriskField">' in html


def test_staff_who_may_only_view_applications_cannot_approve_them(client, applicant):
    application = submitted(applicant)
    reader = UserFactory(is_staff=True)
    reader.user_permissions.set(
        Permission.objects.filter(codename__in=["view_membershipapplication"])
    )
    client.force_login(reader)
    changelist = "/en/admin/members/membershipapplication/"
    assert client.get(changelist).context["action_form"] is None  # no action is offered
    client.post(changelist, {"action": "approve_selected", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Organisation.objects.exists()


def test_names_pasted_with_line_breaks_are_saved_on_one_line_and_mailed(
    client, applicant, secretariat_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/join/",
            form_data(
                organisation_name="Berg &\r\nCo AS ", hub_name="Berg\nhuset", city="Lille\r\nhammer"
            ),
        )
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert (application.organisation_name, application.hub_name, application.city) == (
        "Berg & Co AS",
        "Berg huset",
        "Lille hammer",
    )
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "[Coworking Norge] Ny medlemssøknad: Berg & Co AS",
        "[Coworking Norge] Vi har mottatt søknaden fra Berg & Co AS",
    ]


def test_a_mail_server_that_is_down_neither_fails_nor_loses_the_application(
    client, applicant, secretariat_user, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": FAILING}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/join/", form_data())
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert MembershipApplication.objects.get().status == "submitted"
    failures = [r.getMessage() for r in caplog.records if r.name == "coworking_norge.mail"]
    assert failures == [
        "E-mail not sent to soker@example.org: "
        "[Coworking Norge] Vi har mottatt søknaden fra Kontorverket AS",
        f"E-mail not sent to {secretariat_user.email}: "
        "[Coworking Norge] Ny medlemssøknad: Kontorverket AS",
    ]


def test_one_account_has_one_application_under_review_at_a_time(
    client, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/join/", form_data())
    response = client.get("/en/join/")
    html = response.content.decode()
    assert "Your application for Kontorverket AS" in html
    assert "Being reviewed" in html
    assert 'name="organisation_name"' not in html
    response = client.post("/en/join/", form_data(organisation_number="923 609 016"))
    assert "You already have an application being reviewed." in response.content.decode()
    assert MembershipApplication.objects.count() == 1
    MembershipApplication.objects.update(status="withdrawn")
    assert 'name="organisation_name"' in client.get("/en/join/").content.decode()


def test_the_secretariat_may_let_an_account_have_more_under_review(client, applicant, settings):
    settings.MEMBERSHIP_OPEN_APPLICATIONS_PER_ACCOUNT = 2
    client.post("/join/", form_data())
    client.post("/join/", form_data(organisation_number="923 609 016"))
    assert MembershipApplication.objects.count() == 2
    response = client.post("/en/join/", form_data(organisation_number="999 999 999"))
    assert "You already have an application being reviewed." in response.content.decode()
    assert MembershipApplication.objects.count() == 2


def test_applications_are_rate_limited_per_account(client, applicant):
    for number in range(3):
        client.post("/join/", form_data())
        MembershipApplication.objects.update(status="withdrawn")
        assert MembershipApplication.objects.count() == number + 1
    response = client.post("/en/join/", form_data())
    assert response.status_code == 429
    assert "You have sent several applications in a short time" in response.content.decode()
    assert MembershipApplication.objects.count() == 3


def test_applications_are_rate_limited_per_address_too(client, settings):
    settings.MEMBERSHIP_OPEN_APPLICATIONS_PER_ACCOUNT = 100
    for _ in range(10):
        client.force_login(UserFactory())
        client.post("/join/", form_data())
        MembershipApplication.objects.update(status="withdrawn")
    client.force_login(UserFactory())
    response = client.post("/en/join/", form_data())
    assert response.status_code == 429
    assert MembershipApplication.objects.count() == 10
