"""The yearly survey in the demo, for local use only (see `manage.py demo`). The year before last's
survey is closed, with made-up figures from three founding hubs, so that /network/ shows the
network's median and range. Last year's survey is open: the same three hubs have answered it, and
Fabrikken has not, so that manager@example.org sees the form. Blender Collective is a member
through visits' demo; 657 and WorkWork get made-up member organisations of their own here, since
only member hubs are asked. Last year's survey is opened through survey_open (its e-mails go to the
console in development); the demo figures are written directly, as no demo account manages those
hubs. Made once: running the demo again finds the surveys and changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from coworking_norge import fragments
from hubs.models import Hub
from hubs.signals import SCOPE as HUBS_SCOPE
from members.models import MembershipTier, Organisation, User
from network.models import Survey, SurveyAnswer
from network.selectors.survey import survey_open
from network.services import survey_open as survey_open_service

SECRETARIAT = "secretariat@example.org"
DEADLINE_DAYS = 30
# Made up: organisation numbers valid by the mod-11 check, and plausible figures, not real ones.
ORGANISATIONS = {
    "657": ("999999905", "657 Demo AS (oppdiktet)", "0175", "Oslo"),
    "workwork": ("999999913", "WorkWork Demo AS (oppdiktet)", "7011", "Trondheim"),
}
FIGURES = {
    "657": (120, 2000, 150, 85, "350", 40, SurveyAnswer.Occupancy.FROM_90),
    "blender-collective": (45, 900, 60, 70, "250", 24, SurveyAnswer.Occupancy.FROM_75),
    "workwork": (70, 1200, 90, 40, "300", 18, SurveyAnswer.Occupancy.FROM_50),
}
FIELDS = ("desks", "area", "members", "creative_share", "day_pass_price", "events_held")


def demo_create() -> list[str]:
    year = timezone.localdate().year - 1
    hubs = {hub.slug: hub for hub in Hub.objects.filter(slug__in=[*FIGURES, "fabrikken"])}
    secretariat = User.objects.filter(email=SECRETARIAT).first()
    if len(hubs) < len(FIGURES) + 1 or secretariat is None:
        return []
    for slug in ORGANISATIONS:  # members first: the opened survey asks them
        _member(hubs[slug])
    earlier = _closed_survey(year - 1, secretariat)
    for slug, figures in FIGURES.items():
        _answer(earlier, hubs[slug], figures)
    survey = _survey(year, secretariat)
    if survey is None:
        return []
    for slug, figures in FIGURES.items():
        _answer(survey, hubs[slug], figures)
    names = ", ".join(hubs[slug].name for slug in FIGURES)
    return [
        f"Demo hub survey {year - 1}: closed, with made-up figures from {names} (on /network/)",
        f"Demo hub survey {year}: open; made-up demo figures from {names}; "
        "Fabrikken not answered (manager@example.org: /me/hubs/fabrikken/survey/)",
    ]


def _closed_survey(year: int, by: User) -> Survey:
    """The year before's survey, already closed: /network/ shows only closed surveys' figures."""
    survey, _created = Survey.objects.get_or_create(
        year=year,
        defaults={"deadline": date(year + 1, 3, 1), "opened_by": by, "closed_at": timezone.now()},
    )
    return survey


def _survey(year: int, by: User) -> Survey | None:
    """Last year's survey, opened once; None when another survey is open or the year was
    surveyed and closed since."""
    survey = Survey.objects.filter(year=year).first()
    if survey is None and survey_open() is None:
        deadline = timezone.localdate() + timedelta(days=DEADLINE_DAYS)
        survey = survey_open_service(year=year, deadline=deadline, by=by)
    return survey if survey is not None and survey.is_open else None


def _member(hub: Hub) -> None:
    """A made-up member organisation behind the hub, if it has none."""
    if hub.organisation_id is not None:
        return
    number, name, postcode, city = ORGANISATIONS[hub.slug]
    organisation, _created = Organisation.objects.get_or_create(
        organisation_number=number,
        defaults={
            "legal_name": name,
            "address": "Demogata 3",
            "postcode": postcode,
            "city": city,
            "invoice_email": f"faktura-{hub.slug}@example.org",
            "status": Organisation.Status.MEMBER,
            "member_since": date(2024, 1, 1),
            "tier": MembershipTier.objects.order_by("min_desks").first(),
        },
    )
    Hub.objects.filter(pk=hub.pk).update(organisation=organisation)
    hub.organisation = organisation
    fragments.invalidate(HUBS_SCOPE)  # the map and directory show member hubs


def _answer(survey: Survey, hub: Hub, figures: tuple) -> None:
    if SurveyAnswer.objects.filter(survey=survey, hub=hub).exists():
        return
    *numbers, occupancy = figures
    answer = SurveyAnswer(survey=survey, hub=hub, occupancy=occupancy)
    for name, value in zip(FIELDS, numbers, strict=True):
        setattr(answer, name, Decimal(value) if name == "day_pass_price" else value)
    answer.full_clean()
    answer.save()
