"""The library's founding reports, for `manage.py seed`: the two the network's founders made,
as entries that link to where they are described. Every word comes from what public sources say
about the network's founding (the sources are the entries' links); nothing is added. Dates are as
precise as the sources are: the year only (`published_year_only`; `published_on` holds 1 January).

The seed names places, not people, so no person is credited as an author here; the secretariat
adds authors in the admin once they have confirmed them.

Safe to run again: an entry is found by its slug and left as it is (edits in the admin stay)."""

from datetime import date

from django.db import transaction

from knowledge.models import Resource

REPORTS = (
    {
        "slug": "bedre-sammen",
        "title_nb": "Bedre sammen",
        "title_en": "Bedre sammen",
        "summary_nb": (
            "Forskningsprosjekt om kulturrelatert samlokalisering. Den første delrapporten kom "
            "høsten 2016. Omtalt på kunnskapsverket.org."
        ),
        "summary_en": (
            "A research project on culture-related co-location. Its first part-report came out "
            "in autumn 2016. Described on kunnskapsverket.org."
        ),
        "url": "https://kunnskapsverket.org/nyheter/fabrikkenkonferansen-2018-10-punkter-vellykket-coworking",
        "published_on": date(2016, 1, 1),
        "published_year_only": True,
    },
    {
        "slug": "coworking-pa-norsk",
        "title_nb": "Coworking på norsk",
        "title_en": "Coworking på norsk",
        "summary_nb": (
            "Del 2 av Kunnskapsverkets kartlegging, lansert da nye Blender åpnet i Fredrikstad. "
            "Omtalt på kunnskapsverket.org."
        ),
        "summary_en": (
            "Part 2 of the Kunnskapsverket mapping, launched at the opening of the new Blender "
            "in Fredrikstad. Described on kunnskapsverket.org."
        ),
        "url": "https://kunnskapsverket.org/nyheter/det-handler-om-folka-ikke-sant",
        # The sheet dates its source "c. 2018" (Blender moved to its new premises in Nov 2018).
        "published_on": date(2018, 1, 1),
        "published_year_only": True,
    },
)
COMMON = {
    "kind": Resource.Kind.REPORT,
    "phase": Resource.Phase.STARTING,
    "visibility": Resource.Visibility.PUBLIC,
    "status": Resource.Status.PUBLISHED,
    "body_nb": "",  # no text: the entry says only what is known, and links to the rest
    "body_en": "",
}


@transaction.atomic
def seed_create() -> list[str]:
    created = sum(_report_create(report) for report in REPORTS)
    return [f"Seed: {created} founding reports added to the library."]


def _report_create(report: dict) -> bool:
    """Made when no resource has its slug; an existing one is never touched."""
    if Resource.objects.filter(slug=report["slug"]).exists():
        return False
    resource = Resource(**COMMON, **report)
    resource.full_clean()
    resource.save()
    return True
