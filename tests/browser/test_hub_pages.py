"""The directory, the profiles and the managers' removals in a real browser: the facility filter
never offers an option with no hub, filters combine, an empty result has a way out, the map names
its markers without overlap, and removals ask first."""

import re

import pytest
from playwright.sync_api import Page, expect

from hubs.models import Facility, Hub, HubManager, HubPhoto
from members.services import user_create_verified
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe
from tests.factories import HubPhotoFactory

pytestmark = pytest.mark.browser

CHIPS = ".hub-filters__chips label"


def chip_counts(page: Page) -> dict[str, int]:
    """{facility label: count} of every facility the page offers."""
    texts = page.locator(CHIPS).evaluate_all("labels => labels.map(label => label.textContent)")
    found = [re.fullmatch(r"\s*(.+?)\s*\((\d+)\)\s*", text).groups() for text in texts]
    return {label: int(count) for label, count in found}


def card_names(page: Page) -> list[str]:
    return page.locator(".hub-cards .card-title").all_inner_texts()


def marker_names(page: Page) -> list[str]:
    return page.locator("svg.hub-map__markers a.hub-map__marker").evaluate_all(
        "links => links.map(link => link.getAttribute('aria-label'))"
    )


@pytest.fixture
def more_facilities(seeded) -> None:
    """Beside the seeded facts, Fabrikken has a café and a meeting room too (as WorkWork)."""
    Hub.objects.get(slug="fabrikken").facilities.set(
        Facility.objects.filter(slug__in=["kafe", "motterom", "kjokken"])
    )


def test_facility_filter_never_offers_an_option_without_hubs_and_each_finds_its_count(
    page: Page, more_facilities
):
    page.goto("/hubs/")
    offered = chip_counts(page)
    assert offered == {
        "Fast arbeidsplass": 1,
        "Møterom": 2,
        "Arrangementslokale": 1,
        "Kjøkken": 1,
        "Kafé": 2,
        "Foto- og lydstudio": 1,
    }
    for label, count in offered.items():
        page.goto("/hubs/")
        page.locator(CHIPS, has_text=label).click()
        page.get_by_role("button", name="Filtrer").click()
        expect(page.locator("#result-count")).to_have_text(f"{count} hub" + ("ber" * (count > 1)))
        assert sorted(marker_names(page)) == sorted(card_names(page))
        assert len(card_names(page)) == count
        # Once chosen, every option offered still finds a hub among those shown.
        assert all(n > 0 for n in chip_counts(page).values())


def test_two_facilities_combine_and_the_map_follows(page: Page, more_facilities):
    page.goto("/hubs/")
    page.locator(CHIPS, has_text="Kafé").click()
    page.locator(CHIPS, has_text="Kjøkken").click()
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(
        f"{page.url.split('/hubs/')[0]}/hubs/?q=&county=&facility=kjokken&facility=kafe"
    )
    assert card_names(page) == ["Fabrikken"]
    assert marker_names(page) == ["Fabrikken"]
    expect(page.locator("input[value=kafe]")).to_be_checked()
    expect(page.locator("input[value=kjokken]")).to_be_checked()


def test_an_empty_result_offers_the_nearest_way_out(page: Page, seeded):
    page.goto("/hubs/?county=oslo&facility=kafe")
    expect(page.locator("#result-count")).to_have_text("0 hubber")
    ways = page.locator(".hub-directory__ways-out a")
    expect(ways).to_have_text(["I alle fylker", "Uten «Kafé»", "Alle hubber"])
    ways.first.click()
    assert card_names(page) == ["WorkWork"]


@pytest.mark.parametrize("viewport_width", [1280, 360])
def test_map_names_every_card_and_no_two_names_overlap(page: Page, seeded, viewport_width):
    page.goto("/hubs/")
    assert sorted(marker_names(page)) == sorted(card_names(page))
    boxes = page.locator(".hub-map text.hub-map__label").evaluate_all(
        """labels => labels.map(label => {
            const box = label.getBoundingClientRect();
            return [label.textContent, box.left, box.top, box.right, box.bottom];
        })"""
    )
    named = sorted(name for name, *_box in boxes)
    assert named == sorted(card_names(page))  # the close-up names the three around Oslo
    for i, (name, left, top, right, bottom) in enumerate(boxes):
        assert bottom - top >= 11, name  # readable: at least 11 px high
        for other, left2, top2, right2, bottom2 in boxes[i + 1 :]:
            overlap = left < right2 and left2 < right and top < bottom2 and top2 < bottom
            assert not overlap, (name, other)


def test_pointing_at_a_card_marks_its_hub_on_the_map(page: Page, seeded):
    page.goto("/hubs/")
    page.locator(".hub-card", has_text="Flow").hover()
    marker = page.locator("a.hub-map__marker[aria-label=Flow]")
    expect(marker).to_have_class("hub-map__marker is-current")
    page.locator("a.hub-map__marker[aria-label=WorkWork] .hub-map__target").hover()
    expect(page.locator(".hub-card", has_text="WorkWork")).to_have_class("card hub-card is-current")


@pytest.fixture
def manager(seeded):
    person, _created = user_create_verified(
        email="mona@example.org", name="Mona Manager", password=PASSWORD
    )
    hub = Hub.objects.get(slug="fabrikken")
    HubManager.objects.create(user=person, hub=hub)
    HubPhotoFactory(hub=hub, alt_text="Langbordet")
    return person


def test_deleting_a_photo_asks_first(page: Page, manager):
    sign_in(page, "mona@example.org")
    page.goto("/me/hubs/fabrikken/photos/")
    page.get_by_role("link", name="Slett bilde 1 …").click()
    expect(page.locator("h1")).to_have_text("Slette bilde 1?")
    page.get_by_role("link", name="Nei, behold det").click()
    expect(page).to_have_url(f"{page.url.split('/me/')[0]}/me/hubs/fabrikken/photos/")
    assert HubPhoto.objects.filter(alt_text="Langbordet").exists()

    page.get_by_role("link", name="Slett bilde 1 …").click()
    page.get_by_role("button", name="Slett bildet").click()
    expect(page.get_by_text("Bildet er slettet.")).to_be_visible()
    assert not HubPhoto.objects.filter(alt_text="Langbordet").exists()


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/hubs/?facility=kafe&facility=motterom",
        "/hubs/?county=oslo&facility=kafe",
        "/hubs/657/",
        "/hubs/coworks/",
    ],
)
def test_directory_and_profile_states_have_no_axe_violations(
    page: Page, more_facilities, path, language, viewport_width
):
    url = path if language == "nb" else f"/en{path}"
    assert page.goto(url).status == 200
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"


@pytest.mark.parametrize("viewport_width", [1280, 320])
def test_the_confirmation_page_has_no_axe_violations(page: Page, manager, viewport_width):
    sign_in(page, "mona@example.org")
    photo = HubPhoto.objects.get(alt_text="Langbordet")
    assert page.goto(f"/me/hubs/fabrikken/photos/{photo.pk}/delete/").status == 200
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
