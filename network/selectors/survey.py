"""The yearly survey's reads. A figure of the network is shown only where at least
SURVEY_MIN_ANSWERS hubs answered it, and then only as the median and the range: no hub's own
figures are ever shown to anyone but that hub's managers (and the secretariat)."""

from decimal import Decimal
from statistics import median

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub
from members.models import Organisation
from network.models import SURVEY_MIN_ANSWERS, Survey, SurveyAnswer, SurveyReminder

# The survey's figures, in the order they are shown, with how each is labelled.
FIGURES = (
    ("desks", _("Desks")),
    ("area", _("Area (m²)")),
    ("members", _("Members (people)")),
    ("creative_share", _("Share in the creative industries (%)")),
    ("day_pass_price", _("Day-pass price (NOK)")),
    ("events_held", _("Events held")),
)


def survey_open() -> Survey | None:
    return Survey.objects.open().first()


def survey_latest_with_answers() -> Survey | None:
    """The newest survey whose figures may be shown to the public: closed (while a survey is open,
    each new answer would move the median and range, and so tell something of that hub's
    figures), with at least SURVEY_MIN_ANSWERS answers."""
    return (
        Survey.objects.filter(closed_at__isnull=False)
        .annotate(answered=Count("answers"))
        .filter(answered__gte=SURVEY_MIN_ANSWERS)
        .order_by("-year")
        .first()
    )


def survey_latest_closed() -> Survey | None:
    return Survey.objects.filter(closed_at__isnull=False).order_by("-year").first()


def hubs_asked(survey: Survey) -> QuerySet[Hub]:
    """The hubs a survey asks: those of member organisations."""
    return Hub.objects.filter(organisation__status=Organisation.Status.MEMBER).order_by("name")


def hubs_not_answered(survey: Survey) -> QuerySet[Hub]:
    return hubs_asked(survey).exclude(survey_answers__survey=survey)


def survey_aggregates(survey: Survey | None) -> dict:
    """{"answers": n, "figures": [{"name", "label", "median", "low", "high"}], "occupancy":
    [(label, count)]}, or {"answers": n, "figures": [], "occupancy": []} when fewer than
    SURVEY_MIN_ANSWERS hubs answered (one query)."""
    answers = list(SurveyAnswer.objects.filter(survey=survey)) if survey else []
    shown = len(answers) >= SURVEY_MIN_ANSWERS
    return {
        "survey": survey,
        "answers": len(answers),
        "figures": [_figure(name, label, answers) for name, label in FIGURES] if shown else [],
        "occupancy": _occupancy(answers) if shown else [],
    }


def _figure(name: str, label, answers: list[SurveyAnswer]) -> dict:
    values = [getattr(answer, name) for answer in answers]
    middle = median(values)
    if isinstance(middle, float):  # the mean of the two middle whole numbers
        middle = Decimal(str(middle))
    return {"name": name, "label": label, "median": middle, "low": min(values), "high": max(values)}


def _occupancy(answers: list[SurveyAnswer]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(SurveyAnswer.Occupancy.values, 0)
    for answer in answers:
        counts[answer.occupancy] += 1
    return [(SurveyAnswer.Occupancy(value).label, count) for value, count in counts.items()]


def hub_beside_network(hub: Hub, survey: Survey) -> dict:
    """A hub's own answer beside the network's median and range, for its managers."""
    aggregates = survey_aggregates(survey)
    own = SurveyAnswer.objects.filter(survey=survey, hub=hub).first()
    rows = [
        {**figure, "own": getattr(own, figure["name"]) if own else None}
        for figure in aggregates["figures"]
    ]
    return {**aggregates, "own": own, "rows": rows}


def survey_answer_status(survey: Survey) -> list[dict]:
    """For the secretariat: each asked hub, and each hub that answered though no longer asked,
    with when it filed (None: not yet) and when it was last reminded; not answered first, then
    by name (three queries)."""
    answers = {
        a.hub_id: a for a in SurveyAnswer.objects.filter(survey=survey).select_related("hub")
    }
    reminded = dict(
        SurveyReminder.objects.filter(survey=survey)
        .values("hub_id")
        .annotate(last=Max("sent_at"))
        .order_by()
        .values_list("hub_id", "last")
    )
    hubs = {hub.pk: hub for hub in hubs_asked(survey)}
    hubs.update({pk: answer.hub for pk, answer in answers.items() if pk not in hubs})
    rows = [
        {
            "hub": hub,
            "filed_at": answers[pk].filed_at if pk in answers else None,
            "reminded_at": reminded.get(pk),
        }
        for pk, hub in hubs.items()
    ]
    return sorted(rows, key=lambda row: (row["filed_at"] is not None, row["hub"].name.lower()))
