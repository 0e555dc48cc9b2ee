"""The library and the network in numbers in a real browser: axe finds nothing on the library, a
resource (as a visitor and as a member), the submission form, the survey form, /network/ and the
partners page, in both languages, wide and narrow; every chart on /network/ has its table."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from hubs.models import Hub
from hubs.services import hub_manager_add
from knowledge.models import Resource
from members.services import user_create_verified
from network.models import Survey, SurveyAnswer
from network.seed import seed_create as partners_seed
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import axe_all
from tests.browser.test_visits import member_hub

pytestmark = pytest.mark.browser

PUBLIC = [
    "/knowledge/",
    "/knowledge/?kind=guide&phase=running",
    "/knowledge/{public}/",
    "/knowledge/{members_only}/",
    "/network/",
    "/network/partners/",
]
MANAGER = ["/knowledge/{members_only}/", "/me/library/", "/me/library/submit/", "{survey}"]


def _answer(survey: Survey, hub: Hub, desks: int) -> None:
    SurveyAnswer.objects.create(
        survey=survey, hub=hub, desks=desks, area=desks * 20, members=desks + 5,
        creative_share=60, day_pass_price=Decimal(250), events_held=10,
        occupancy=SurveyAnswer.Occupancy.FROM_75,
    )  # fmt: skip


@pytest.fixture
def library_world(seeded) -> dict:
    partners_seed()
    hubs = [
        member_hub(slug, number)
        for slug, number in (
            ("fabrikken", "974760673"),
            ("blender-collective", "923609016"),
            ("657", "982463718"),
        )
    ]
    user, _created = user_create_verified(
        email="frode@example.org", name="Frode", password=PASSWORD
    )
    hub_manager_add(hub=hubs[0], user=user)
    # Last year's survey is open (the manager's form); the year before's is closed with three
    # answers, so /network/ shows its median and range.
    this_year = timezone.localdate().year
    Survey.objects.create(year=this_year - 1, deadline=timezone.localdate())
    closed = Survey.objects.create(
        year=this_year - 2, deadline=timezone.localdate(), closed_at=timezone.now()
    )
    for hub, desks in zip(hubs[1:], (30, 60), strict=True):
        _answer(closed, hub, desks)
    _answer(closed, Hub.objects.exclude(pk__in=[h.pk for h in hubs]).first(), 20)
    common = {
        "kind": Resource.Kind.GUIDE, "phase": Resource.Phase.RUNNING,
        "status": Resource.Status.PUBLISHED, "published_on": timezone.localdate(),
        "hub": hubs[1],
    }  # fmt: skip
    Resource.objects.create(
        slug="a-starte", title_nb="Å starte et kontorfellesskap", title_en="Starting a space",
        summary_nb="Hva du trenger.", summary_en="What you need.",
        body_nb="## Lokalene\n\nEt lyst rom.\n\n| År | Plasser |\n|---|---|\n| 2025 | 20 |",
        body_en="## The premises\n\nA bright room.", **common,
    )  # fmt: skip
    Resource.objects.create(
        slug="medlemsavtale", title_nb="Mal for medlemsavtale", title_en="Membership template",
        summary_nb="En mal.", summary_en="A template.", body_nb="Bare for medlemmer.",
        visibility=Resource.Visibility.MEMBERS, **common,
    )  # fmt: skip
    return {
        "public": "a-starte",
        "members_only": "medlemsavtale",
        "survey": f"/me/hubs/{hubs[0].slug}/survey/",
    }


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_library_and_network_pages_have_no_axe_violations(
    page: Page, context, library_world, language, viewport_width
):
    found = axe_all(page, PUBLIC, library_world, language)
    page.goto("/network/" if language == "nb" else "/en/network/")
    assert page.locator("main svg[role=img]").count() >= 3
    assert page.locator("main svg[role=img]").count() <= page.locator("main table").count()
    sign_in(page, "frode@example.org")
    found += axe_all(page, MANAGER, library_world, language)
    assert not found, f"axe at {viewport_width}px:\n" + "\n".join(found)
