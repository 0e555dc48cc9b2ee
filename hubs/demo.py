"""Clearly fake demo content, for local use only (see `manage.py demo`).

Fabrikken is filled in completely, so a newcomer sees what a full profile looks like: photos and a
logo drawn here (each says "Demobilde" or "Demo"), facilities, opening hours, accessibility answers
and directions, in both languages. What `manage.py seed` knows from public sources stays; the demo
fills only what is still empty, and adds photos only to a hub without any, so running it twice
changes nothing. The pictures go through the same processing as a manager's uploads.
"""

import io
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

from hubs.counties import County
from hubs.images import image_process
from hubs.models import Facility, Hub
from hubs.services import hub_create, hub_logo_set, hub_photo_add, hub_update_profile

DEMO_HUB_SLUG = "demo-eksempelhuben"
FULL_PROFILE_SLUG = "fabrikken"

# Made up for the demo: numbers no one answers, addresses no one reads, texts that say so.
FULL_PROFILE = {
    "email": "hei@fabrikken.example.org",
    "phone": "+47 12 34 56 78",
    "capacity": 40,
    "opening_hours_nb": "Mandag–fredag 08.00–17.00. Medlemmer har nøkkelkort hele døgnet. "
    "(Demotekst.)",
    "opening_hours_en": "Monday–Friday 08:00–17:00. Members have a key card around the clock. "
    "(Demo text.)",
    "visitor_info_nb": "Inngangen er på gavlveggen mot parkeringsplassen. Ring på hos "
    "resepsjonen i første etasje, så henter vi deg. (Demotekst.)",
    "visitor_info_en": "The entrance is on the gable wall facing the car park. Ring at the "
    "reception on the ground floor and we will come and meet you. (Demo text.)",
    "step_free_entrance": True,
    "accessible_toilet": True,
    "lift": False,
    "hearing_loop": False,
    "accessible_parking": True,
    "accessibility_notes_nb": "Trinnfri inngang og HC-toalett i første etasje; andre etasje "
    "har bare trapp. (Demotekst.)",
    "accessibility_notes_en": "Step-free entrance and an accessible toilet on the ground floor; "
    "the first floor is reached by stairs only. (Demo text.)",
}
FULL_PROFILE_FACILITIES = (
    "fleksibel-plass",
    "fast-plass",
    "kontor",
    "motterom",
    "arrangementslokale",
    "kjokken",
    "sykkelparkering",
)
# (alt text, background, accent): the alt text says what the picture is, a drawn demo picture.
# (Norwegian alt text, English alt text, background, accent)
DEMO_PHOTOS = [
    (
        "Demobilde 1: tegnet illustrasjon av et lyst kontorlandskap, ikke et foto",
        "Demo picture 1: a drawn illustration of a bright open-plan office, not a photo",
        "#1d5c4b",
        "#f2c14e",
    ),
    (
        "Demobilde 2: tegnet illustrasjon av et møterom, ikke et foto",
        "Demo picture 2: a drawn illustration of a meeting room, not a photo",
        "#2f4858",
        "#f6ae2d",
    ),
    (
        "Demobilde 3: tegnet illustrasjon av et kjøkken, ikke et foto",
        "Demo picture 3: a drawn illustration of a kitchen, not a photo",
        "#7a4419",
        "#e9d8a6",
    ),
]


def demo_create() -> list[str]:
    """A made-up, unpublished hub, and Fabrikken's profile filled in; nothing to print."""
    if not Hub.objects.filter(slug=DEMO_HUB_SLUG).exists():
        _demo_hub_create()
    hub = Hub.objects.filter(slug=FULL_PROFILE_SLUG).first()
    if hub is not None:
        full_profile_fill(hub)
    return []


def _demo_hub_create() -> None:
    hub_create(
        name="Eksempelhuben (demo)",
        slug=DEMO_HUB_SLUG,
        city="Hamar",
        county=County.INNLANDET,
        latitude=Decimal("60.79450"),
        longitude=Decimal("11.06800"),
        tagline_nb="En oppdiktet hub for å prøve portalen – finnes ikke.",
        tagline_en="A made-up hub to try the portal with – it does not exist.",
        capacity=25,
        is_published=False,
    )


def full_profile_fill(hub: Hub) -> None:
    """Every part of a profile, where it is still empty."""
    changes = {name: value for name, value in FULL_PROFILE.items() if _empty(getattr(hub, name))}
    if not hub.facilities.exists():
        changes["facilities"] = Facility.objects.filter(slug__in=FULL_PROFILE_FACILITIES)
    if changes:
        hub_update_profile(hub=hub, changes=changes, user=None)
    if not hub.photos.exists():
        for number, (alt_nb, alt_en, background, accent) in enumerate(DEMO_PHOTOS, start=1):
            picture = _demo_picture((1600, 1067), background, accent, f"Demobilde {number}")
            hub_photo_add(
                hub=hub,
                image=image_process(picture),
                alt_text=alt_nb,
                alt_text_en=alt_en,
                user=None,
            )
    if not hub.logo:
        logo = _demo_picture((600, 600), "#ffffff", "#1d5c4b", "Demo", mark=hub.name[:1])
        hub_logo_set(hub=hub, upload=image_process(logo), user=None)


def _empty(value) -> bool:
    return value is None or value == ""


def _demo_picture(size, background: str, accent: str, label: str, *, mark: str = "") -> io.BytesIO:
    """A picture drawn here, not a photo: flat shapes and, across it, what it is."""
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    if mark:
        draw.ellipse(
            (width * 0.1, height * 0.1, width * 0.9, height * 0.9), outline=accent, width=24
        )
        _centred(draw, mark, (width / 2, height * 0.42), int(height * 0.4), accent)
        _centred(draw, label, (width / 2, height * 0.72), int(height * 0.12), accent)
    else:
        for i in range(5):  # desks under windows
            left = width * (0.08 + i * 0.18)
            draw.rectangle((left, height * 0.12, left + width * 0.12, height * 0.42), fill=accent)
            draw.rectangle(
                (left - 10, height * 0.7, left + width * 0.14, height * 0.74), fill="#fff"
            )
        _centred(draw, label, (width / 2, height * 0.56), int(height * 0.11), "#ffffff")
        # Inside every centred crop the pages make (object-fit: cover): the directory card's 2:1
        # cuts an eighth off the top and the bottom, a phone's square thumbnail the sides.
        _centred(draw, "coworking-demo", (width / 2, height * 0.8), int(height * 0.05), accent)
    buffer = io.BytesIO()
    image.save(buffer, "PNG" if mark else "JPEG")
    buffer.seek(0)
    return buffer


def _centred(draw: ImageDraw.ImageDraw, text: str, centre, size: int, colour: str) -> None:
    font = ImageFont.load_default(size=size)
    draw.text(centre, text, font=font, fill=colour, anchor="mm")
