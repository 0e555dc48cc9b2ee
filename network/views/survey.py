"""A hub's yearly survey on Min side (/me/hubs/<slug>/survey/): while a survey is open its managers
file the hub's figures (and change them until it is closed); otherwise they read the latest
closed survey's answers. Either way, once the hub has answered, its figures stand beside the
network's median and range: those only once the survey is closed, and only where at least
SURVEY_MIN_ANSWERS hubs answered, never another hub's figures. Only managers of member hubs see
it (404 for anyone else; the secretariat reads the answers in the admin)."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coworking_norge.decorators import owner_only
from coworking_norge.form_errors import add_service_errors
from hubs.models import Hub
from network.forms import SurveyAnswerForm
from network.models import SURVEY_MIN_ANSWERS, Survey, SurveyAnswer
from network.permissions import hubs_surveyed_for
from network.selectors import survey as selectors
from network.services import survey_answer_file

TEMPLATE = "network/me/hub_survey.html"


def _hubs(user):
    return hubs_surveyed_for(user).select_related("organisation")


@owner_only(_hubs, "GET", "HEAD", "POST", lookup=("slug", "slug"))
def hub_survey(request: HttpRequest, hub: Hub) -> HttpResponse:
    survey = selectors.survey_open()
    if survey is None:
        return _too_late(request, hub) if request.method == "POST" else _closed_page(request, hub)
    own = SurveyAnswer.objects.filter(survey=survey, hub=hub).first()
    # The form writes what is posted onto its instance: a copy, so that `own` stays as filed.
    form = SurveyAnswerForm(
        request.POST if request.method == "POST" else None, instance=copy(own) or SurveyAnswer()
    )
    if form.is_bound and _filed(request, form, survey, hub):
        return redirect(reverse("me:hub_survey", kwargs={"slug": hub.slug}) + "#beside-network")
    context = {
        "hub": hub,
        "survey": survey,
        "minimum": SURVEY_MIN_ANSWERS,
        "form": form,
        "own": own,
        "late": survey.deadline < timezone.localdate(),
        # Shown once the hub has answered, so that the network's figures never steer an answer.
        "beside": _beside(hub, survey, own) if own else None,
    }
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


def _filed(request: HttpRequest, form: SurveyAnswerForm, survey: Survey, hub: Hub) -> bool:
    if not form.is_valid():
        return False
    try:
        survey_answer_file(survey=survey, hub=hub, by=request.user, data=form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _thanks(survey))
    return True


def _thanks(survey: Survey) -> str:
    if survey.deadline < timezone.localdate():
        return _(
            "Thank you — your answers are saved. You can change them until the secretariat "
            "closes the survey."
        )
    return _("Thank you — your answers are saved. You can change them until %(date)s.") % {
        "date": date_format(survey.deadline, "DATE_FORMAT")
    }


def _too_late(request: HttpRequest, hub: Hub) -> HttpResponse:
    """Answers sent after the survey closed (the form was open meanwhile): said not to be saved,
    rather than the closed page shown as if they had been."""
    messages.error(
        request, _("The survey closed before your answers arrived: they were not saved.")
    )
    return redirect(reverse("me:hub_survey", kwargs={"slug": hub.slug}))


def _closed_page(request: HttpRequest, hub: Hub) -> HttpResponse:
    """The latest closed survey, read only; a line saying there is none yet."""
    survey = selectors.survey_latest_closed()
    context = {
        "hub": hub,
        "survey": survey,
        "minimum": SURVEY_MIN_ANSWERS,
        "beside": _beside(hub, survey) if survey else None,
    }
    return render(request, TEMPLATE, context)


def _beside(hub: Hub, survey: Survey, own: SurveyAnswer | None = None) -> dict:
    """The hub's answer and a row per figure: its own value, and the network's median and
    range when enough hubs answered (hub_beside_network gives none otherwise) and the survey is
    closed. While it is open a hub may file again and again: with the median and range beside
    each filing, a low answer and then a high one would give the middle hubs' figures away."""
    if survey.is_open:
        beside = {"survey": survey, "own": own, "rows": [], "open": True}
    else:
        beside = selectors.hub_beside_network(hub, survey)
    network = {row["name"]: row for row in beside["rows"]}
    own = beside["own"]
    rows = [
        {**network.get(name, {}), "label": label, "own": getattr(own, name) if own else None}
        for name, label in selectors.FIGURES
    ]
    return {**beside, "rows": rows, "shown": bool(network)}
