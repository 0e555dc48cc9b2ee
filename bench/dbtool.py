"""The benchmark's database chores, run with the benchmark's environment (DATABASE_URL, CACHE_URL…):

    python bench/dbtool.py populate --total 100   # add fake published hubs up to 100 in all
    python bench/dbtool.py rename SLUG "New name" # rename a hub through the ORM (signals fire)
    python bench/dbtool.py events --total 100     # add fake upcoming events up to 100 in all
    python bench/dbtool.py register SLUG EMAIL    # register a person through events' service

Each prints one JSON object on stdout. Writes go through Hub.save(), as the admin's do, so the
page cache is invalidated exactly as in production.
"""

import argparse
import json
import os
import random
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import django
from django.db import transaction
from django.utils.text import slugify

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coworking_norge.settings")

# (town, county value, latitude, longitude): real towns, approximate centres, all inside
# lat 58-70 and lng 5-30 (the model accepts lat 57-72, lng 4-32).
TOWNS = [
    ("Oslo", "oslo", 59.913, 10.752),
    ("Bergen", "vestland", 60.391, 5.322),
    ("Trondheim", "trondelag", 63.430, 10.395),
    ("Stavanger", "rogaland", 58.970, 5.733),
    ("Kristiansand", "agder", 58.147, 7.996),
    ("Tromsø", "troms", 69.649, 18.955),
    ("Drammen", "buskerud", 59.744, 10.204),
    ("Fredrikstad", "ostfold", 59.218, 10.930),
    ("Sandnes", "rogaland", 58.852, 5.735),
    ("Sarpsborg", "ostfold", 59.284, 11.110),
    ("Skien", "telemark", 59.209, 9.609),
    ("Ålesund", "more-og-romsdal", 62.472, 6.155),
    ("Sandefjord", "vestfold", 59.131, 10.217),
    ("Haugesund", "rogaland", 59.413, 5.268),
    ("Tønsberg", "vestfold", 59.267, 10.407),
    ("Moss", "ostfold", 59.434, 10.658),
    ("Porsgrunn", "telemark", 59.140, 9.656),
    ("Bodø", "nordland", 67.280, 14.405),
    ("Arendal", "agder", 58.461, 8.772),
    ("Hamar", "innlandet", 60.795, 11.068),
    ("Larvik", "vestfold", 59.053, 10.027),
    ("Halden", "ostfold", 59.123, 11.387),
    ("Lillehammer", "innlandet", 61.115, 10.466),
    ("Molde", "more-og-romsdal", 62.737, 7.161),
    ("Kongsberg", "buskerud", 59.668, 9.650),
    ("Gjøvik", "innlandet", 60.795, 10.692),
    ("Harstad", "troms", 68.798, 16.541),
    ("Horten", "vestfold", 59.417, 10.483),
    ("Lillestrøm", "akershus", 59.956, 11.050),
    ("Kristiansund", "more-og-romsdal", 63.110, 7.728),
    ("Jessheim", "akershus", 60.142, 11.175),
    ("Elverum", "innlandet", 60.881, 11.563),
    ("Ski", "akershus", 59.719, 10.835),
    ("Alta", "finnmark", 69.969, 23.272),
    ("Narvik", "nordland", 68.438, 17.427),
    ("Grimstad", "agder", 58.340, 8.593),
    ("Steinkjer", "trondelag", 64.015, 11.495),
    ("Levanger", "trondelag", 63.746, 11.300),
    ("Mo i Rana", "nordland", 66.313, 14.143),
    ("Førde", "vestland", 61.452, 5.857),
    ("Voss", "vestland", 60.628, 6.418),
    ("Notodden", "telemark", 59.560, 9.259),
    ("Hønefoss", "buskerud", 60.168, 10.256),
    ("Egersund", "rogaland", 58.452, 6.000),
    ("Mandal", "agder", 58.029, 7.461),
    ("Namsos", "trondelag", 64.466, 11.495),
    ("Sogndal", "vestland", 61.230, 7.100),
    ("Kongsvinger", "innlandet", 60.191, 11.998),
    ("Svolvær", "nordland", 68.234, 14.568),
]

FIRST = [
    "Smia",
    "Loftet",
    "Verkstedet",
    "Fjøset",
    "Bryggen",
    "Kaia",
    "Sagbruket",
    "Meieriet",
    "Tollboden",
    "Stasjonen",
    "Kontoret",
    "Ateljé",
    "Huset",
    "Fabrikken",
    "Tårnet",
    "Lageret",
    "Hagen",
    "Kulturhuset",
    "Sjøhuset",
    "Skuret",
    "Torget",
    "Vognhallen",
    "Bakeriet",
    "Trykkeriet",
]
SECOND = ["Cowork", "Hub", "Kontorfellesskap", "Lab", "Studio", "Arbeidsrom", "Samlokalisering"]

TAGLINES = [  # (Norwegian, English), about 100 characters each
    (
        "Et kontorfellesskap for kreative næringer midt i {town}, "
        "med plass til frilansere og små team.",
        "A shared office for the creative industries in central {town}, "
        "with room for freelancers and small teams.",
    ),
    (
        "Fleksible arbeidsplasser, møterom og verksted i gamle industrilokaler i {town} sentrum.",
        "Flexible desks, meeting rooms and a workshop in an old industrial building "
        "in central {town}.",
    ),
    (
        "Et levende fellesskap for gründere, designere og utviklere i {town}, åpent for besøkende.",
        "A lively community of founders, designers and developers in {town}, "
        "open to visiting members.",
    ),
    (
        "Rolige arbeidsplasser med utsikt over sjøen, fiber, kaffe og gode naboer i {town}.",
        "Quiet desks with a sea view, fibre, coffee and good neighbours in {town}.",
    ),
]


def _setup() -> None:
    django.setup()


def populate(total: int, seed: int) -> dict:
    from hubs.models import Facility, Hub  # noqa: PLC0415  (models load after django.setup())

    rng = random.Random(seed)
    facilities = list(Facility.objects.all())
    existing = Hub.objects.filter(is_published=True).count()
    names = set(Hub.objects.values_list("name", flat=True))
    slugs = set(Hub.objects.values_list("slug", flat=True))
    new: list[tuple[Hub, list]] = []
    with transaction.atomic():
        while existing + len(new) < total:
            town, county, lat, lng = rng.choice(TOWNS)
            name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {town}"
            if name in names:
                continue
            slug = slugify(name)
            if slug in slugs:
                continue
            names.add(name)
            slugs.add(slug)
            tag_nb, tag_en = rng.choice(TAGLINES)
            hub = Hub(
                name=name,
                slug=slug,
                is_published=True,
                tagline_nb=tag_nb.format(town=town),
                tagline_en=tag_en.format(town=town),
                description_nb=(tag_nb.format(town=town) + "\n\n")
                + "Medlemmer får fast eller fleksibel plass, tilgang til møterom og et fellesskap "
                "som deler kunnskap, oppdrag og lunsj. Dagsbesøkende er velkomne.",
                description_en=(tag_en.format(town=town) + "\n\n")
                + "Members get a fixed or flexible desk, meeting rooms and a community that shares "
                "know-how, work and lunch. Day visitors are welcome.",
                address=f"{rng.choice(['Storgata', 'Kirkegata', 'Havnegata', 'Jernbanegata'])} "
                f"{rng.randint(1, 80)}",
                postcode=f"{rng.randint(1000, 9999)}",
                city=town,
                county=county,
                latitude=Decimal(f"{min(70, max(58, lat + rng.uniform(-0.02, 0.02))):.5f}"),
                longitude=Decimal(f"{min(30, max(5, lng + rng.uniform(-0.02, 0.02))):.5f}"),
                website=f"https://{slug}.example.no/",
                email=f"post@{slug}.example.no",
                phone=f"+47 {rng.randint(400, 999)} {rng.randint(10, 99)} {rng.randint(100, 999)}",
                capacity=rng.randint(8, 120),
                area=rng.randint(150, 2500),
                opening_hours_nb="Mandag–fredag 08–17\nMedlemmer: hele døgnet",
                opening_hours_en="Monday–Friday 8–17\nMembers: around the clock",
                step_free_entrance=rng.choice([True, False, None]),
                accessible_toilet=rng.choice([True, False, None]),
                lift=rng.choice([True, False, None]),
            )
            hub.full_clean()
            new.append((hub, rng.sample(facilities, k=min(len(facilities), rng.randint(2, 6)))))
        # In one go, then one save() for the signals: what a hub's save sets off (the map layout of
        # every hub, the page cache's new version) runs once, not once per hub.
        Hub.objects.bulk_create([hub for hub, _ in new])
        for hub, picked in new:
            hub.facilities.set(picked)
        if new:
            new[0][0].save()
    created = [hub.slug for hub, _ in new]
    published = Hub.objects.filter(is_published=True).count()
    # The profile benchmarked: a generated hub with facilities, a tagline and a description.
    slug = created[0] if created else Hub.objects.filter(is_published=True).order_by("pk")[0].slug
    profile = Hub.objects.get(slug=slug)
    return {
        "created": len(created),
        "published": published,
        "profile": profile.slug,
        "profile_name": profile.name,
    }


def rename(slug: str, name: str) -> dict:
    from hubs.models import Hub  # noqa: PLC0415  (models load after django.setup())

    hub = Hub.objects.get(slug=slug)
    old = hub.name
    hub.name = name
    hub.save()  # post_save -> page cache version bumped once the (auto)commit is done
    return {"slug": slug, "old": old, "new": name}


EVENT_KINDS = ["seminar", "conference", "meetup", "webinar", "open_day"]
EVENT_TITLES = [  # (Norwegian, English)
    ("Frokostseminar om medlemsavtaler", "Breakfast seminar on membership agreements"),
    ("Vertskap og fasilitering", "Hosting and facilitation"),
    ("Økonomien i et kontorfellesskap", "The economics of a coworking space"),
    ("Treff for hubansvarlige", "Meet-up for hub managers"),
    ("Åpen dag", "Open day"),
    ("Bærekraftige lokaler", "Sustainable premises"),
]
# The event whose page is measured: the soonest, a conference with a programme, on the list's
# first page.
BENCH_EVENT = "bench-konferansen"


def populate_events(total: int, seed: int) -> dict:
    """Upcoming published events up to `total`, at the hubs and elsewhere, each with a few
    confirmed registrations; the first a conference with a programme."""
    from django.utils import timezone  # noqa: PLC0415  (after django.setup())

    from coworking_norge import fragments  # noqa: PLC0415
    from events.models import Event, Registration, RegistrationOrder  # noqa: PLC0415
    from hubs.models import Hub  # noqa: PLC0415
    from members.models import User  # noqa: PLC0415

    rng = random.Random(seed)
    hubs = list(Hub.objects.filter(is_published=True).order_by("pk"))
    booker, _ = User.objects.get_or_create(email="bench-booker@example.org", defaults={"name": "B"})
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    missing = total - Event.objects.upcoming().count()
    with transaction.atomic():
        events = [_bench_event(number, rng, hubs, start) for number in range(max(missing, 0))]
        Event.objects.bulk_create(events)
        events = list(Event.objects.filter(slug__in=[event.slug for event in events]))
        orders = RegistrationOrder.objects.bulk_create(
            RegistrationOrder(event=event, booked_by=booker) for event in events
        )
        Registration.objects.bulk_create(
            Registration(
                event=order.event,
                order=order,
                name=f"Deltaker {number}",
                email=f"deltaker{number}-{order.event_id}@example.org",
                status="confirmed",
                confirmed_at=timezone.now(),
            )
            for order in orders
            for number in range(rng.randint(0, 8))
        )
        _bench_programme()
        fragments.invalidate("events")
    return {"events": Event.objects.upcoming().count(), "event": BENCH_EVENT}


def _bench_event(number: int, rng, hubs: list, start):
    from events.models import Event  # noqa: PLC0415

    title_nb, title_en = rng.choice(EVENT_TITLES)
    hub = rng.choice(hubs) if number % 3 else None
    price = Decimal(rng.choice([0, 0, 300, 500, 1200]))
    starts = start + timedelta(days=1 + number * 3, hours=rng.randint(0, 3))
    event = Event(
        title=f"{title_nb} {number + 1}",
        title_nb=f"{title_nb} {number + 1}",
        title_en=f"{title_en} {number + 1}",
        slug=BENCH_EVENT if number == 0 else f"bench-{number:03d}",
        kind="conference" if number == 0 else rng.choice(EVENT_KINDS),
        starts_at=starts,
        ends_at=starts + timedelta(hours=rng.choice([2, 3, 6, 30])),
        hub=hub,
        venue_name="" if hub else "Kulturhuset",
        venue_address="" if hub else "Storgata 1, 0155 Oslo",
        description_nb="Et arrangement for dem som driver kontorfellesskap. " * 6,
        description_en="An event for the people who run coworking spaces. " * 6,
        capacity=rng.choice([20, 40, 80, 150]),
        member_price=price,
        non_member_price=price * 2,
        published=True,
    )
    event.full_clean(validate_unique=False)
    return event


def _bench_programme() -> None:
    from events.models import Event, ProgrammeItem  # noqa: PLC0415

    event = Event.objects.filter(slug=BENCH_EVENT).first()
    if event is None or event.programme.exists():
        return
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(
            event=event,
            starts_at=event.starts_at + timedelta(minutes=45 * number),
            title=f"Innlegg {number + 1}",
            title_nb=f"Innlegg {number + 1}",
            title_en=f"Talk {number + 1}",
            speakers="Kari Nordmann, Ola Nordmann",
            room=f"Sal {number % 3 + 1}",
        )
        for number in range(12)
    )


def register(slug: str, email: str) -> dict:
    """One person registers through events' service, as the registration page does: the
    service invalidates the events' pages once it commits."""
    from events.models import Event  # noqa: PLC0415  (after django.setup())
    from events.services import Attendee, registration_create  # noqa: PLC0415
    from events.services.registrations import seats_free  # noqa: PLC0415
    from members.models import User  # noqa: PLC0415

    person, _ = User.objects.get_or_create(email=email, defaults={"name": "Bench"})
    event = Event.objects.get(slug=slug)
    registration_create(event=event, booked_by=person, attendees=[Attendee("Bench", email)])
    return {"slug": slug, "seats_left": seats_free(Event.objects.get(slug=slug))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Database chores of the benchmark.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("populate")
    p.add_argument("--total", type=int, default=100)
    p.add_argument("--seed", type=int, default=2024)
    r = sub.add_parser("rename")
    r.add_argument("slug")
    r.add_argument("name")
    e = sub.add_parser("events")
    e.add_argument("--total", type=int, default=100)
    e.add_argument("--seed", type=int, default=2024)
    g = sub.add_parser("register")
    g.add_argument("slug")
    g.add_argument("email")
    args = parser.parse_args(argv)
    _setup()
    if args.command == "populate":
        result = populate(args.total, args.seed)
    elif args.command == "events":
        result = populate_events(args.total, args.seed)
    elif args.command == "register":
        result = register(args.slug, args.email)
    else:
        result = rename(args.slug, args.name)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
