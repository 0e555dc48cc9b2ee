"""The participant list (CSV) and the name badges (PDF) as the exports module writes them; the
admin's buttons and actions that serve them are in test_events_admin.py."""

import csv
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from events.exports import badge_registrations, badges_pdf, participants_csv
from events.models import Registration
from events.services import Attendee, registration_cancel, registration_create
from tests.factories import EventFactory, OrganisationContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(event, *names: str, organisation=None) -> None:
    booker = UserFactory(name="Bestiller")
    if organisation is not None:
        OrganisationContactFactory(user=booker, organisation=organisation)
    registration_create(
        event=event,
        booked_by=booker,
        organisation=organisation,
        attendees=[Attendee(name=name, email=f"p{n}@example.org") for n, name in enumerate(names)],
    )


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_list_puts_the_seated_first_then_the_queue_in_order_then_the_cancelled():
    event = EventFactory(title_nb="Seminar", capacity=2)
    register(event, "Berit B", "Anne A", "Carl C", "Dina D")
    registration_cancel(registration=Registration.objects.get(name="Anne A"))

    with translation.override("nb"):
        listed = rows(participants_csv(Registration.objects.filter(event=event), "deltakere"))

    assert listed[0] == [
        "Arrangement",
        "Navn",
        "E-post",
        "Organisasjon",
        "Bestilt av",
        "Status",
        "Plass på ventelisten",
        "Sjekket inn",
    ]
    assert [(row[1], row[5], row[6]) for row in listed[1:]] == [
        ("Berit B", "bekreftet", ""),
        ("Carl C", "bekreftet", ""),
        ("Dina D", "på ventelisten", "1"),
        ("Anne A", "avbestilt", ""),
    ]
    assert {row[4] for row in listed[1:]} == {"Bestiller"}


def test_the_list_is_safe_to_open_in_a_spreadsheet():
    event = EventFactory(title_nb="+Seminar")
    organisation = OrganisationContactFactory(organisation__legal_name="@Firma AS").organisation
    register(event, "=SUM(A1) Navn", organisation=organisation)
    (row,) = rows(participants_csv(Registration.objects.filter(event=event), "x"))[1:]
    assert row[:4] == ["'+Seminar", "'=SUM(A1) Navn", "p0@example.org", "'@Firma AS"]


def test_eight_badges_a_page_for_the_seated_only():
    event = EventFactory(title_nb="Konferansen", capacity=17)
    register(event, *[f"Deltaker{n:02d} X" for n in range(18)])

    text = pages(badges_pdf(badge_registrations(Registration.objects.filter(event=event))))

    assert len(text) == 3
    assert [page.count("Konferansen") for page in text] == [8, 8, 1]
    assert "Deltaker16 X" in text[2]
    assert "Deltaker17" not in "".join(text)  # waiting, no seat


def test_a_very_long_name_is_cut_short_rather_than_spilling_off_the_badge():
    event = EventFactory(title_nb="Seminar")
    long_name = "Bartholomew " * 10 + "Nordmann"
    register(event, long_name.strip())

    (text,) = pages(badges_pdf(badge_registrations(Registration.objects.filter(event=event))))

    assert "…" in text
    assert "Nordmann" not in text
    assert "Bartholomew" in text


def test_a_person_paying_for_themselves_has_no_organisation_on_the_badge():
    event = EventFactory(title_nb="Seminar")
    register(event, "Eva Egen")
    (text,) = pages(badges_pdf(badge_registrations(Registration.objects.filter(event=event))))
    assert text.split("\n") == ["Coworking Norge", "Eva Egen", "Seminar"]


def test_a_long_name_takes_two_lines_and_keeps_the_surname():
    event = EventFactory(title_nb="Seminar")
    register(event, "Maximilian Alexander von Bartholomew-Strandberg")
    (text,) = pages(badges_pdf(badge_registrations(Registration.objects.filter(event=event))))
    assert text.split("\n")[1:3] == ["Maximilian Alexander von", "Bartholomew-Strandberg"]
