"""The library in the demo, for local use only (see `manage.py demo`): a public guide with a
Markdown text and tags, added by the secretariat; a members-only budget template (a real XLSX file,
made here and checked like any upload) that manager@example.org submitted for Fabrikken and the
secretariat published; and one more of theirs waiting for review. All clearly made up. Made once:
running the demo again finds each by its title and changes nothing. The services send their
e-mails (to the console in development)."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from hubs.models import Hub
from knowledge.files import file_check
from knowledge.models import Resource, Tag
from knowledge.services import resource_publish, resource_submit
from members.models import User

HUB = "fabrikken"
MANAGER = "manager@example.org"  # manages Fabrikken (members/demo.py)
SECRETARIAT = "secretariat@example.org"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TAGS = (
    ("demo-fellesskap", "Fellesskap (demo)", "Community (demo)"),
    ("demo-okonomi", "Økonomi (demo)", "Finances (demo)"),
    ("demo-arrangementer", "Arrangementer (demo)", "Events (demo)"),
)

GUIDE = {
    "slug": "demo-slik-onboarder-du-nye-medlemmer",
    "title_nb": "Slik tar du imot nye medlemmer (demo)",
    "title_en": "Welcoming new members (demo)",
    "kind": Resource.Kind.GUIDE,
    "phase": Resource.Phase.RUNNING,
    "summary_nb": "En oppdiktet veileder for demoen: tre steg for de første ukene til et nytt "
    "medlem i en hub.",
    "summary_en": "A made-up guide for the demo: three steps for a new member's first weeks "
    "at a hub.",
    "body_nb": "## Før første dag\n\nSend en velkomst-e-post med nøkkel, nettverk og husregler."
    "\n\n## Første uke\n\n- Presenter medlemmet på fellesmøtet\n- Finn en *fadder*\n\n"
    "## Etter en måned\n\nSpør hva som fungerer, og hva som mangler. (Demotekst.)",
    "body_en": "## Before the first day\n\nSend a welcome e-mail with the key, the network and "
    "the house rules.\n\n## The first week\n\n- Introduce the member at the common meeting\n"
    "- Find them a *buddy*\n\n## After a month\n\nAsk what works and what is missing. "
    "(Demo text.)",
    "authors": "Demo Sekretariat",
    "visibility": Resource.Visibility.PUBLIC,
    "status": Resource.Status.PUBLISHED,
}

TEMPLATE = {
    "title_nb": "Budsjettmal for en hub (demo)",
    "title_en": "A hub's budget template (demo)",
    "kind": Resource.Kind.TEMPLATE,
    "phase": Resource.Phase.STARTING,
    "summary_nb": "Et oppdiktet regneark for demoen: inntekter og utgifter for et første år.",
    "summary_en": "A made-up spreadsheet for the demo: income and costs for a first year.",
    "body_nb": "Fyll inn egne tall i kolonne B; resultatet regnes ut selv. (Demotekst.)",
    "body_en": "Fill in your own figures in column B; the result adds up by itself. (Demo text.)",
    "url": "",
    "authors": "Demo Manager",
    "visibility": Resource.Visibility.MEMBERS,
}

WAITING = {
    "title_nb": "Erfaringer fra vår første dugnad (demo)",
    "title_en": "What we learned from our first work party (demo)",
    "kind": Resource.Kind.ARTICLE,
    "phase": Resource.Phase.GROWING,
    "summary_nb": "En oppdiktet artikkel for demoen, som venter på sekretariatets gjennomgang.",
    "summary_en": "A made-up article for the demo, waiting for the secretariat's review.",
    "body_nb": "Vi malte kantina på en lørdag. (Demotekst.)",
    "body_en": "We painted the canteen on a Saturday. (Demo text.)",
    "url": "",
    "authors": "Demo Manager",
    "visibility": Resource.Visibility.PUBLIC,
}


def demo_create() -> list[str]:
    hub = Hub.objects.filter(slug=HUB).first()
    users = {u.email: u for u in User.objects.filter(email__in=[MANAGER, SECRETARIAT])}
    if hub is None or len(users) < 2:
        return []
    tags = _tags()
    made = _guide(tags)
    made += _submitted(TEMPLATE, hub, users[MANAGER], tags[1:2], upload=budget_xlsx)
    template = Resource.objects.filter(title_nb=TEMPLATE["title_nb"]).first()
    if template.status == Resource.Status.SUBMITTED:
        resource_publish(template, by=users[SECRETARIAT])
    made += _submitted(WAITING, hub, users[MANAGER], tags[2:])
    return [f"Demo library: {made} resources added."] if made else []


def _tags() -> list[Tag]:
    return [
        Tag.objects.get_or_create(slug=slug, defaults={"name_nb": nb, "name_en": en})[0]
        for slug, nb, en in TAGS
    ]


@transaction.atomic
def _guide(tags: list[Tag]) -> int:
    """Added by the secretariat in the admin: published at once, submitted by nobody."""
    if Resource.objects.filter(slug=GUIDE["slug"]).exists():
        return 0
    guide = Resource(**GUIDE, published_on=timezone.localdate() - timedelta(days=20))
    guide.full_clean()
    guide.save()
    guide.tags.set(tags[:2])
    return 1


def _submitted(fields: dict, hub: Hub, by: User, tags: list[Tag], upload=None) -> int:
    """Submitted by the hub manager, as on Min side; `upload` makes its file."""
    if Resource.objects.filter(title_nb=fields["title_nb"]).exists():
        return 0
    file = upload() if upload else None
    resource_submit(hub=hub, by=by, data=fields, tags=tags, upload=file)
    return 1


def budget_xlsx() -> SimpleUploadedFile:
    """A small real spreadsheet, checked by its content as any upload is."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Budsjett (demo)"
    rows = [
        ("Post", "Kroner per år"),
        ("Inntekter: medlemsleie", 600000),
        ("Inntekter: dagspass og møterom", 80000),
        ("Utgifter: husleie", -420000),
        ("Utgifter: strøm, renhold og nett", -110000),
        ("Resultat", "=SUM(B2:B5)"),
    ]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("budsjettmal-demo.xlsx", buffer.getvalue(), XLSX_TYPE)
    file_check(upload)  # "xlsx", or a ValidationError: the check every upload gets
    return upload
