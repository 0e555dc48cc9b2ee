"""The public pages in a real browser: the map, the directory's filters and the language switch."""

import math
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from hubs.reference_data import FOUNDING_HUBS

pytestmark = pytest.mark.browser

FOUNDING_NAMES = sorted(name for name, *_rest in FOUNDING_HUBS)
MARKERS = "figure.hub-map svg.hub-map__markers"


def marker_names(scope: Locator) -> list[str]:
    return sorted(
        scope.locator("a.hub-map__marker").evaluate_all(
            "links => links.map(link => link.getAttribute('aria-label'))"
        )
    )


def test_home_map_has_a_named_link_for_every_founding_hub(page: Page, seeded):
    page.goto("/")

    expect(page.locator(MARKERS).locator("a.hub-map__marker")).to_have_count(11)
    assert marker_names(page.locator(MARKERS)) == FOUNDING_NAMES
    map_group = page.get_by_role("group", name="Norgeskart med alle hubbene")
    flow = map_group.get_by_role("link", name="Flow", exact=True)
    expect(flow).to_have_attribute("href", "/hubs/flow/")
    for name in FOUNDING_NAMES:
        expect(map_group.get_by_role("link", name=name, exact=True)).to_have_count(1)


@pytest.mark.parametrize("path", ["/", "/hubs/"])
def test_map_click_targets_are_24px_and_never_overlap(page: Page, seeded, path):
    """WCAG 2.2 target size (2.5.8), which axe does not measure on SVG links."""
    page.goto(path)

    targets = page.locator(f"{MARKERS} .hub-map__target").evaluate_all(
        """circles => circles.map(circle => {
            const box = circle.getBoundingClientRect();
            return [box.x + box.width / 2, box.y + box.height / 2, box.width];
        })"""
    )
    assert len(targets) == 11
    assert min(width for _x, _y, width in targets) >= 24
    for i, (x1, y1, width) in enumerate(targets):
        for x2, y2, _width in targets[i + 1 :]:
            assert math.hypot(x2 - x1, y2 - y1) >= width - 0.5


def test_home_map_markers_are_reached_with_tab(page: Page, seeded):
    page.goto("/")

    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.matches('a.hub-map__marker')"
            " ? document.activeElement.getAttribute('aria-label') : null"
        )
        if focused:
            reached.append(focused)
        elif reached:
            break
    assert sorted(reached) == FOUNDING_NAMES
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/hubs/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(reached[-1])


def test_directory_county_filter_narrows_list_count_and_map(page: Page, seeded):
    page.goto("/hubs/")
    expect(page.locator("#result-count")).to_have_text("11 hubber")

    page.get_by_label("Fylke").select_option("innlandet")
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(r"/hubs/\?(.+&)?county=innlandet(&|$)"))
    expect(page.locator(".hub-cards .card-title")).to_have_text(["Beta", "Fabrikken"])
    expect(page.locator("#result-count")).to_have_text("2 hubber")
    expect(page.get_by_label("Fylke")).to_have_value("innlandet")
    map_group = page.get_by_role("group", name="Kart over hubbene som vises")
    expect(map_group.get_by_role("link")).to_have_count(2)
    assert marker_names(map_group) == ["Beta", "Fabrikken"]


def test_language_switch_goes_to_english_and_back(page: Page, seeded, site_url):
    page.goto("/hubs/fabrikken/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    page.locator("ul.language-switch").get_by_role("link", name="English").click()

    expect(page).to_have_url(f"{site_url}/en/hubs/fabrikken/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Hubs", exact=True).first).to_be_visible()

    page.locator("ul.language-switch a[hreflang='nb']").click()

    expect(page).to_have_url(f"{site_url}/hubs/fabrikken/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator("h1")).to_have_text("Fabrikken")
