"""Paid seats are billed through billing: one invoice per order, a line per attendee at the member
or non-member price, the organisation or the person as buyer; cancelling before the refund
deadline credits the line, after it nothing; free events never bill."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from billing.models import Invoice, InvoiceLine
from events.models import Registration
from events.services import (
    Attendee,
    event_cancel,
    event_capacity_change,
    registration_cancel,
    registration_create,
)
from members.models import Organisation
from tests.factories import EventFactory, OrganisationContactFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"address": "Storgata 2", "postcode": "0155", "city": "Oslo"}


@pytest.fixture
def paid_event():
    return EventFactory(
        title="Driftsseminaret",
        capacity=2,
        member_price=Decimal("1000.00"),
        non_member_price=Decimal("1500.00"),
        vat_rate=Decimal("25.00"),
    )


def lines_of(invoice: Invoice) -> list[tuple]:
    return list(
        invoice.lines.order_by("position").values_list("kind", "unit_price", "quantity", "vat_rate")
    )


def test_a_person_paying_for_themselves_gets_one_invoice_at_the_non_member_price(
    paid_event, django_capture_on_commit_callbacks
):
    person = UserFactory(name="Per Person", email="per@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=paid_event,
            booked_by=person,
            attendees=[Attendee("Per Person", "per@example.org")],
            buyer=ADDRESS,
        )

    invoice = Invoice.objects.get()
    assert (invoice.buyer_user, invoice.organisation) == (person, None)
    assert (invoice.buyer_name, invoice.buyer_email) == ("Per Person", "per@example.org")
    assert (invoice.buyer_address, invoice.buyer_postcode, invoice.buyer_city) == (
        "Storgata 2",
        "0155",
        "Oslo",
    )
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.total_amount == Decimal("1875.00")
    assert lines_of(invoice) == [("event_fee", Decimal("1500.00"), Decimal("1.000"), Decimal(25))]
    assert Registration.objects.get().invoice_line == invoice.lines.get()
    invoice_mails = [m for m in mail.outbox if m.to == ["per@example.org"] and m.attachments]
    assert any(name.endswith(".pdf") for m in invoice_mails for name, *_ in m.attachments)


def test_a_member_organisation_gets_one_invoice_with_a_line_per_colleague_at_member_price(
    paid_event,
):
    contact = OrganisationContactFactory(organisation__legal_name="Huben AS")

    registration_create(
        event=paid_event,
        booked_by=contact.user,
        organisation=contact.organisation,
        attendees=[Attendee("Anne", "anne@example.org"), Attendee("Bjørn", "bjorn@example.org")],
    )

    invoice = Invoice.objects.get()
    assert (invoice.organisation, invoice.buyer_user) == (contact.organisation, None)
    assert invoice.buyer_name == "Huben AS"
    assert (
        lines_of(invoice) == [("event_fee", Decimal("1000.00"), Decimal("1.000"), Decimal(25))] * 2
    )
    descriptions = list(invoice.lines.values_list("description", flat=True))
    assert ["Anne" in descriptions[0], "Bjørn" in descriptions[1]] == [True, True]
    assert invoice.total_amount == Decimal("2500.00")


def test_an_organisation_that_is_not_a_member_pays_the_non_member_price(paid_event):
    contact = OrganisationContactFactory(
        organisation__status=Organisation.Status.RESIGNED,
        organisation__resigned_on=timezone.localdate(),
    )

    registration_create(
        event=paid_event,
        booked_by=contact.user,
        organisation=contact.organisation,
        attendees=[Attendee("Anne", "anne@example.org")],
    )

    assert lines_of(Invoice.objects.get())[0][1] == Decimal("1500.00")


def test_a_free_event_never_bills():
    event = EventFactory(capacity=1)
    registration_create(
        event=event,
        booked_by=UserFactory(),
        attendees=[Attendee("A", "a@example.org"), Attendee("B", "b@example.org")],
    )
    registration_cancel(registration=Registration.objects.get(email="a@example.org"))

    assert not Invoice.objects.exists()


def test_the_waiting_list_is_billed_only_when_promoted(paid_event):
    contact = OrganisationContactFactory()
    registration_create(
        event=paid_event,
        booked_by=contact.user,
        organisation=contact.organisation,
        attendees=[Attendee(f"P{n}", f"p{n}@example.org") for n in range(3)],
    )
    first = Invoice.objects.get()
    assert first.lines.count() == 2

    registration_cancel(registration=Registration.objects.get(email="p0@example.org"))

    promoted = Registration.objects.get(email="p2@example.org")
    assert Invoice.objects.filter(kind="invoice").count() == 2
    assert promoted.status == Registration.Status.CONFIRMED
    second = Invoice.objects.filter(kind="invoice").exclude(pk=first.pk).get()
    assert promoted.invoice_line.invoice == second
    assert lines_of(second) == [("event_fee", Decimal("1000.00"), Decimal("1.000"), Decimal(25))]


def test_cancelling_before_the_refund_deadline_credits_the_line(paid_event):
    contact = OrganisationContactFactory()
    registration_create(
        event=paid_event,
        booked_by=contact.user,
        organisation=contact.organisation,
        attendees=[Attendee("Anne", "anne@example.org"), Attendee("Bjørn", "bjorn@example.org")],
    )
    invoice = Invoice.objects.get()
    anne = Registration.objects.get(email="anne@example.org")

    registration_cancel(registration=anne)

    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert note.credits == invoice
    assert note.total_amount == Decimal("-1250.00")
    assert note.lines.get().credits_line == anne.invoice_line
    invoice.refresh_from_db()
    assert invoice.outstanding == Decimal("1250.00")
    assert invoice.status == Invoice.Status.ISSUED


def test_cancelling_after_the_refund_deadline_credits_nothing():
    event = EventFactory(
        non_member_price=Decimal("500.00"), refund_deadline=timezone.now() + timedelta(days=1)
    )
    person = UserFactory(email="per@example.org")
    registration_create(
        event=event,
        booked_by=person,
        attendees=[Attendee("Per", "per@example.org")],
        buyer=ADDRESS,
    )

    registration_cancel(
        registration=Registration.objects.get(), now=timezone.now() + timedelta(days=2)
    )

    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert not Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).exists()
    assert Invoice.objects.get().outstanding == Decimal("625.00")


def test_cancelling_the_event_credits_every_paid_seat_whatever_the_deadline(paid_event):
    paid_event.refund_deadline = timezone.now() - timedelta(days=1)
    paid_event.registration_opens_at = timezone.now() - timedelta(days=3)
    paid_event.save()
    contact = OrganisationContactFactory()
    registration_create(
        event=paid_event,
        booked_by=contact.user,
        organisation=contact.organisation,
        attendees=[Attendee("Anne", "anne@example.org"), Attendee("Bjørn", "bjorn@example.org")],
    )

    event_cancel(event=paid_event)

    invoice = Invoice.objects.get(kind=Invoice.Kind.INVOICE)
    assert invoice.status == Invoice.Status.CREDITED
    assert invoice.outstanding == Decimal("0.00")
    credited = InvoiceLine.objects.filter(invoice__kind=Invoice.Kind.CREDIT_NOTE)
    assert credited.count() == 2
    # One credit note for the invoice, not one per seat.
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1


def test_seats_given_to_one_booking_at_once_are_billed_on_one_invoice(paid_event):
    contact = OrganisationContactFactory()
    registration_create(
        event=paid_event,
        booked_by=contact.user,
        organisation=contact.organisation,
        attendees=[Attendee(f"P{n}", f"p{n}@example.org") for n in range(4)],
    )

    event_capacity_change(event=paid_event, capacity=4)

    second = Invoice.objects.filter(kind="invoice").order_by("pk").last()
    assert Invoice.objects.filter(kind="invoice").count() == 2
    assert sorted(second.lines.values_list("source_id", flat=True)) == sorted(
        Registration.objects.filter(email__in=["p2@example.org", "p3@example.org"]).values_list(
            "pk", flat=True
        )
    )
