"""The secretariat's events admin: the list (its figures, in a fixed number of queries), saving
through event_save (a larger capacity fills seats from the queue; SEQUENCE grows once), the
refusals shown as messages, the actions (publish, cancel after a confirmation, participants as
CSV, name badges), the registrations' admin and the front page's to-do item."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from events.models import Event, FeedEvent, HubFeed, Registration
from events.services import Attendee, event_cancel, registration_create
from tests.admin_forms import change_form_data
from tests.factories import (
    EventFactory,
    HubFactory,
    OrganisationContactFactory,
    ProgrammeItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:events_{name}", args=args)


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def people(event, count: int, start: int = 0, organisation=None) -> None:
    booker = UserFactory()
    if organisation is not None:
        OrganisationContactFactory(user=booker, organisation=organisation)
    registration_create(
        event=event,
        booked_by=booker,
        organisation=organisation,
        attendees=[
            Attendee(name=f"Person {n}", email=f"p{n}@example.org")
            for n in range(start, start + count)
        ],
    )


def statuses(event) -> list[tuple[str, str, int | None]]:
    return list(
        Registration.objects.filter(event=event)
        .order_by("email")
        .values_list("email", "status", "position")
    )


def posted(response, **changes) -> dict:
    """The change page's form as a browser posts it back, amounts of 0 included (which
    change_form_data leaves out, as if they were unticked boxes)."""
    data = change_form_data(response)
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if isinstance(field, forms.DecimalField) and form[name].value() is not None:
            data.setdefault(name, str(form[name].value()))
    return data | changes


def save(staff, event, **changes):
    page = staff.get(url("event_change", event.pk))
    return staff.post(url("event_change", event.pk), posted(page, **changes))


# The change page and saving


def test_the_change_page_offers_the_participant_list_the_badges_and_the_door(staff):
    event = EventFactory(slug="konferansen", kind=Event.Kind.CONFERENCE)
    ProgrammeItemFactory(event=event, title_nb="Åpning")

    html = staff.get(url("event_change", event.pk)).content.decode()

    assert url("event_participants", event.pk) in html
    assert url("event_badges", event.pk) in html
    assert "/events/konferansen/check-in/" in html
    assert url("event_cancel", event.pk) in html
    assert 'name="title_nb"' in html
    assert 'name="title_en"' in html
    assert 'name="description_en"' in html
    assert 'name="programme-0-title_nb"' in html
    assert 'value="Åpning"' in html


def test_moments_are_one_input_each_in_oslo_time(staff):
    event = EventFactory(kind=Event.Kind.CONFERENCE)
    event.starts_at = timezone.make_aware(timezone.datetime(2031, 6, 12, 9, 30))
    event.ends_at = event.starts_at + timedelta(hours=8)
    event.save()
    ProgrammeItemFactory(event=event, starts_at=event.starts_at)

    html = staff.get(url("event_change", event.pk)).content.decode()

    assert 'type="datetime-local" name="starts_at" value="2031-06-12T09:30"' in html
    assert 'type="datetime-local" name="programme-0-starts_at" value="2031-06-12T09:30"' in html
    assert 'name="starts_at_0"' not in html


def test_the_change_page_in_norwegian_names_its_buttons(staff):
    event = EventFactory()
    html = staff.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    for words in ("Deltakere (CSV)", "Navneskilt (PDF)", "Innsjekking i døra"):
        assert words in html


def test_raising_the_capacity_in_the_admin_promotes_from_the_waiting_list(staff, committed):
    event = EventFactory(capacity=1)
    people(event, 4)
    mail.outbox.clear()

    with_callbacks = committed(save, staff=staff, event=event, capacity="3")

    assert with_callbacks.status_code == 302
    assert statuses(event) == [
        ("p0@example.org", "confirmed", None),
        ("p1@example.org", "confirmed", None),
        ("p2@example.org", "confirmed", None),
        ("p3@example.org", "waitlisted", 1),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["p1@example.org", "p2@example.org"]
    assert Event.objects.get(pk=event.pk).sequence == 0  # seats are no calendar's business


def test_lowering_the_capacity_below_the_seats_taken_is_refused_and_nothing_is_saved(staff):
    event = EventFactory(capacity=3, title_nb="Før")
    people(event, 3)

    response = save(staff, event, capacity="2", title_nb="Etter")

    assert response.status_code == 302
    assert texts(response) == [
        "3 people already hold a seat; cancel registrations before lowering the capacity "
        "below that."
    ]
    event.refresh_from_db()
    assert (event.capacity, event.title_nb) == (3, "Før")


def test_moving_the_start_raises_the_sequence_once(staff):
    event = EventFactory()
    page = staff.get(url("event_change", event.pk))
    data = posted(page)
    later = timezone.localtime(event.starts_at) + timedelta(hours=1)

    staff.post(
        url("event_change", event.pk), data | {"starts_at": later.strftime("%Y-%m-%dT%H:%M")}
    )

    event.refresh_from_db()
    assert event.starts_at == later
    assert event.sequence == 1


def test_changing_only_the_programme_raises_the_sequence_once(staff):
    event = EventFactory(kind=Event.Kind.CONFERENCE)
    item = ProgrammeItemFactory(event=event, title_nb="Åpning")

    save(staff, event, **{"programme-0-title_nb": "Velkommen"})

    item.refresh_from_db()
    assert item.title_nb == "Velkommen"
    assert Event.objects.get(pk=event.pk).sequence == 1
    save(staff, event)
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_an_event_added_in_the_admin_is_saved_with_its_programme(staff):
    page = staff.get(url("event_add"))
    start = timezone.localtime() + timedelta(days=40)
    data = posted(page) | {
        "title_nb": "Nasjonal konferanse",
        "slug": "nasjonal-konferanse",
        "kind": "conference",
        "starts_at": f"{start.date().isoformat()}T09:00",
        "ends_at": f"{start.date().isoformat()}T17:00",
        "venue_name": "Fabrikken",
        "capacity": "120",
        "member_price": "0",
        "non_member_price": "0",
        "vat_rate": "25",
        "programme-TOTAL_FORMS": "1",
        "programme-0-starts_at": f"{start.date().isoformat()}T09:30",
        "programme-0-title_nb": "Åpning",
    }

    response = staff.post(url("event_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="nasjonal-konferanse")
    assert (event.capacity, event.sequence, event.published) == (120, 0, False)
    assert list(event.programme.values_list("title_nb", flat=True)) == ["Åpning"]


# The list


def test_the_list_shows_seats_taken_the_queue_and_the_state(staff):
    event = EventFactory(title_nb="Fullt seminar", capacity=2)
    people(event, 5)
    event_cancel(event=EventFactory(title_nb="Avlyst seminar"))

    html = staff.get(url("event_changelist")).content.decode()

    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Fullt seminar.*?</tr>", html, re.DOTALL).group(0)
    assert "2 of 2" in row
    assert '<td class="field-waiting_column">3</td>' in row
    assert '<td class="field-state_column">Published</td>' in row
    cancelled = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Avlyst seminar.*?</tr>", html, re.DOTALL)
    assert '<td class="field-state_column">Cancelled</td>' in cancelled.group(0)


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("event_changelist"))
    assert response.status_code == 200
    return len(captured)


def test_the_list_runs_the_same_queries_for_2_and_30_events(staff):
    for _ in range(2):
        people(EventFactory(hub=HubFactory()), 2)
    few = list_queries(staff)
    for index in range(28):
        event = EventFactory(hub=HubFactory() if index % 2 else None, capacity=1)
        people(event, 2)
    assert list_queries(staff) == few


def test_the_to_do_list_counts_proposals_to_publish(staff):
    proposer = UserFactory()
    for published in (False, False, True):
        EventFactory(proposed_by=proposer, published=published)
    event_cancel(event=EventFactory(proposed_by=proposer, published=False))
    EventFactory(published=False)  # the secretariat's own draft

    html = staff.get("/admin/").content.decode()

    item = re.search(r"<a[^>]*href=\"([^\"]*proposal=open)\"[^>]*>(.*?)</a>", html, re.DOTALL)
    assert item is not None
    assert "2" in item.group(2)
    assert "arrangementsforslag å publisere" in html.lower()
    listed = staff.get(item.group(1).replace("&amp;", "&")).context["cl"].result_list
    assert len(listed) == 2


# Actions


def act(staff, action: str, events, **extra):
    data = {"action": action, "_selected_action": [event.pk for event in events], **extra}
    return staff.post(url("event_changelist"), data)


def test_publishing_publishes_and_refuses_a_cancelled_event(staff):
    draft = EventFactory(title_nb="Utkast", published=False)
    cancelled = event_cancel(event=EventFactory(title_nb="Avlyst", published=False))

    response = act(staff, "publish_selected", [draft, cancelled])

    assert Event.objects.get(pk=draft.pk).published
    assert not Event.objects.get(pk=cancelled.pk).published
    assert sorted(texts(response)) == [
        "Avlyst: A cancelled event cannot be published.",
        "Utkast is published.",
    ]


def test_cancelling_asks_first_then_cancels_and_tells_everyone(staff, committed):
    event = EventFactory(title_nb="Seminar", capacity=1)
    people(event, 2)
    mail.outbox.clear()

    question = act(staff, "cancel_selected", [event])

    html = question.content.decode()
    assert "Everyone registered (2 people, seated or waiting)" in html
    assert f'<input type="hidden" name="_selected_action" value="{event.pk}">' in html
    assert '<input type="submit" value="Yes, cancel and tell everyone">' in html
    assert '<a href="/en/admin/events/event/" class="button cancel-link">' in html
    assert '<li><a href="/en/admin/events/event/">Events</a></li>' in html
    assert "delete-confirmation" in html.split("<body", 1)[1].split(">", 1)[0]
    assert not Event.objects.get(pk=event.pk).is_cancelled
    response = committed(act, staff=staff, action="cancel_selected", events=[event], post="yes")
    assert texts(response) == ["Seminar is cancelled; everyone registered is e-mailed."]
    assert Event.objects.get(pk=event.pk).is_cancelled
    assert sorted(message.to[0] for message in mail.outbox) == ["p0@example.org", "p1@example.org"]


def test_the_cancel_button_asks_first_and_cancels_on_post(staff):
    event = EventFactory(title_nb="Seminar")
    assert (
        "Yes, cancel and tell everyone" in staff.get(url("event_cancel", event.pk)).content.decode()
    )
    assert not Event.objects.get(pk=event.pk).is_cancelled

    response = staff.post(url("event_cancel", event.pk))

    assert response["Location"] == url("event_change", event.pk)
    assert Event.objects.get(pk=event.pk).is_cancelled
    html = staff.get(url("event_change", event.pk)).content.decode()
    assert "This event was cancelled" in html
    assert url("event_cancel", event.pk) not in html


def test_cancelling_twice_is_refused_with_a_message(staff):
    event = event_cancel(event=EventFactory(title_nb="Seminar"))
    response = staff.post(url("event_cancel", event.pk))
    assert texts(response) == ["Seminar: This event is already cancelled."]


def test_someone_without_the_right_cannot_cancel_or_export(client):
    event = EventFactory()
    client.force_login(UserFactory(is_staff=True))
    for name in ("event_cancel", "event_participants", "event_badges"):
        assert client.get(url(name, event.pk)).status_code == 403
    assert client.post(url("event_cancel", event.pk)).status_code == 403
    assert not Event.objects.get(pk=event.pk).is_cancelled


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_participant_list_has_everyone_with_their_state(staff):
    event = EventFactory(title_nb="Seminar", slug="seminar", capacity=2)
    organisation = OrganisationContactFactory(organisation__legal_name="Fabrikken AS").organisation
    people(event, 2, organisation=organisation)
    registration_create(
        event=event,
        booked_by=UserFactory(name="Eva Egen", email="eva@example.org"),
        attendees=[Attendee(name="Eva Egen", email="eva@example.org")],
    )
    Registration.objects.filter(email="p0@example.org").update(
        checked_in_at=timezone.make_aware(timezone.datetime(2031, 6, 12, 8, 47))
    )

    response = staff.get(url("event_participants", event.pk))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="coworking-norge-participants-seminar-' in response["Content-Disposition"]
    booker = Registration.objects.get(email="p0@example.org").order.booked_by
    assert csv_rows(response) == [
        [
            "Event",
            "Name",
            "E-mail",
            "Organisation",
            "Booked by",
            "Status",
            "Place in the queue",
            "Checked in",
        ],
        [
            "Seminar",
            "Person 0",
            "p0@example.org",
            "Fabrikken AS",
            booker.name,
            "confirmed",
            "",
            "12 Jun 2031, 08:47",
        ],
        ["Seminar", "Person 1", "p1@example.org", "Fabrikken AS", booker.name, "confirmed", "", ""],
        ["Seminar", "Eva Egen", "eva@example.org", "", "Eva Egen", "on the waiting list", "1", ""],
    ]


def test_the_participant_list_action_covers_the_selected_events(staff):
    first = EventFactory(title_nb="Første")
    second = EventFactory(title_nb="=Andre")
    people(first, 1)
    people(second, 1, start=1)

    response = act(staff, "export_participants", [first, second])

    rows = csv_rows(response)
    assert [row[:3] for row in rows[1:]] == [
        ["Første", "Person 0", "p0@example.org"],
        ["'=Andre", "Person 1", "p1@example.org"],  # no formula for a spreadsheet to run
    ]


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_badges_carry_name_organisation_and_event_and_print_norwegian_letters(staff):
    event = EventFactory(title_nb="Nasjonal konferanse", capacity=9)
    organisation = OrganisationContactFactory(
        organisation__legal_name="Ålesund Øst AS"
    ).organisation
    registration_create(
        event=event,
        booked_by=organisation.contacts.get().user,
        organisation=organisation,
        attendees=[
            Attendee(name="Åse Ærlig-Øvrebø", email="ase@example.org"),
            *[Attendee(name=f"Deltaker {n}", email=f"d{n}@example.org") for n in range(9)],
        ],
    )

    response = staff.get(url("event_badges", event.pk))

    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages == 2  # nine seated, eight a page; the one waiting gets no badge
    assert "Åse Ærlig-Øvrebø" in text
    assert "Ålesund Øst AS" in text
    assert "Nasjonal konferanse" in text
    assert "Deltaker 7" in text
    assert "Deltaker 8" not in text


def test_badges_for_the_selected_events(staff):
    first, second = EventFactory(title_nb="Første"), EventFactory(title_nb="Andre")
    people(first, 1)
    people(second, 1, start=1)
    response = act(staff, "print_badges", [first, second])
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Person 0" in text
    assert "Person 1" in text


def test_an_event_without_seated_people_prints_an_empty_page(staff):
    pages, _text = pdf_text(staff.get(url("event_badges", EventFactory().pk)).content)
    assert pages == 1


# Registrations


def test_registrations_are_listed_searched_and_never_edited(staff):
    event = EventFactory(title_nb="Seminar", capacity=1)
    people(event, 2)

    listed = staff.get(url("registration_changelist"), {"q": "p1@example"})
    assert [r.email for r in listed.context["cl"].result_list] == ["p1@example.org"]
    waiting = staff.get(url("registration_changelist"), {"status__exact": "waitlisted"})
    assert [r.email for r in waiting.context["cl"].result_list] == ["p1@example.org"]
    registration = Registration.objects.get(email="p0@example.org")
    html = staff.get(url("registration_change", registration.pk)).content.decode()
    assert 'name="name"' not in html
    assert url("registration_cancel", registration.pk) in html
    assert staff.get(url("registration_add")).status_code == 403


def test_cancelling_a_registration_in_the_admin_promotes_the_next(staff, committed):
    event = EventFactory(capacity=1)
    people(event, 3)
    seated = Registration.objects.get(email="p0@example.org")
    mail.outbox.clear()

    question = staff.get(url("registration_cancel", seated.pk))
    assert "Person 0" in question.content.decode()
    response = committed(staff.post, path=url("registration_cancel", seated.pk))

    assert response["Location"] == url("registration_change", seated.pk)
    assert statuses(event) == [
        ("p0@example.org", "cancelled", None),
        ("p1@example.org", "confirmed", None),
        ("p2@example.org", "waitlisted", 1),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["p0@example.org", "p1@example.org"]


def test_the_cancel_action_on_registrations_asks_first_and_skips_the_cancelled(staff):
    event = EventFactory(capacity=5)
    people(event, 3)
    chosen = list(Registration.objects.filter(email__in=["p0@example.org", "p1@example.org"]))
    data = {"action": "cancel_selected", "_selected_action": [r.pk for r in chosen]}

    question = staff.post(url("registration_changelist"), data).content.decode()
    assert "Person 1" in question
    assert '<input type="submit" value="Yes, cancel">' in question
    assert not Registration.objects.filter(status="cancelled").exists()
    staff.post(url("registration_changelist"), data | {"post": "yes"})

    assert sorted(
        Registration.objects.filter(status="cancelled").values_list("email", flat=True)
    ) == ["p0@example.org", "p1@example.org"]


# The hubs' calendars


def test_the_hub_calendars_are_shown_and_not_edited(staff):
    feed = HubFeed.objects.create(
        hub=HubFactory(name="Fabrikken"), url="https://example.org/cal.ics"
    )
    FeedEvent.objects.create(
        feed=feed, uid="a@example.org", title="Frokostmøte", starts_at=timezone.now()
    )

    feeds = staff.get(url("hubfeed_changelist")).content.decode()
    events = staff.get(url("feedevent_changelist")).content.decode()

    assert "https://example.org/cal.ics" in feeds
    assert "Frokostmøte" in events
    assert "Fabrikken" in events
    assert staff.get(url("hubfeed_add")).status_code == 403
    assert staff.get(url("feedevent_add")).status_code == 403
    change = staff.get(url("hubfeed_change", feed.pk)).content.decode()
    assert 'name="url"' not in change


def test_an_event_with_registrations_offers_cancel_but_not_delete(staff):
    client = staff
    empty = EventFactory(slug="tomt")
    taken = EventFactory(slug="tatt")
    registration_create(
        event=taken, booked_by=UserFactory(), attendees=[Attendee("Anne", "anne@example.org")]
    )

    assert "/delete/" in client.get(f"/admin/events/event/{empty.pk}/change/").content.decode()
    page = client.get(f"/admin/events/event/{taken.pk}/change/").content.decode()
    assert f"/admin/events/event/{taken.pk}/delete/" not in page
    assert (
        client.post(f"/admin/events/event/{taken.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Event.objects.filter(pk=taken.pk).exists()
