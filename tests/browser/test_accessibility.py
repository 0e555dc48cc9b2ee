"""axe-core finds no WCAG 2.2 AA violation on the main pages, in both languages, wide and narrow."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from hubs.models import Facility, Hub
from tests.factories import HubPhotoFactory

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
PAGES = [
    "/",
    "/hubs/",
    "/hubs/fabrikken/",
    "/join/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
]


@pytest.fixture
def fabrikken_with_content(seeded) -> Hub:
    """A profile with every section filled in, so every part of its template is checked."""
    hub = Hub.objects.get(slug="fabrikken")
    hub.tagline_nb = "Kreativt fellesskap i en gammel fabrikk"
    hub.tagline_en = "A creative community in an old factory"
    hub.description_nb = (
        "Lyse lokaler ved Mesnaelva.\n\nFaste og fleksible plasser, møterom og verksted."
    )
    hub.description_en = (
        "Bright rooms by the Mesna river.\n\nDedicated and flexible desks, meeting rooms."
    )
    hub.address = "Fabrikkgata 1"
    hub.postcode = "2615"
    hub.email = "post@fabrikken.example.org"
    hub.phone = "+47 61 00 00 00"
    hub.website = "https://fabrikken.example.org/"
    hub.capacity = 40
    hub.opening_hours = "Mandag–fredag 08–17"
    hub.visitor_info = "Ring på ved hovedinngangen."
    hub.save()
    hub.facilities.set(
        Facility.objects.filter(slug__in=["fleksibel-plass", "motterom", "verksted"])
    )
    HubPhotoFactory(hub=hub)
    return hub


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        lines.extend(
            f"  - {node['target']}: {node['failureSummary']}".replace("\n", " / ")
            for node in violation["nodes"]
        )
    return "\n".join(lines)


def axe_all(page: Page, paths: list[str], world: dict, language: str) -> list[str]:
    """axe on each path (formatted with `world`), in `language`: what it found, page by page."""
    found = []
    for path in paths:
        path = path.format(**world)
        url = path if language == "nb" else f"/en{path}"
        response = page.goto(url)
        assert (url, response.status) == (url, 200)
        assert page.locator("html").get_attribute("lang") == language
        violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            found.append(f"{url}:\n{describe(violations)}")
    return found


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(
    page: Page, fabrikken_with_content, path, language, viewport_width
):
    url = path if language == "nb" else f"/en{path}"
    response = page.goto(url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("window.innerWidth") == viewport_width

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]

    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"
