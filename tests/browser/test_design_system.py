"""The design system in a browser (issue 11): the error summary takes the focus and leads to the
fields, the focus ring is visible (3 px, at least 3:1 against what is behind it) on every kind of
focusable element, and the phone menu lists the two languages as two items."""

import pytest
from playwright.sync_api import Page, expect

from members.services import user_create_verified
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.browser

# The contrast ratio (WCAG 2.x) of two CSS colours, and the colour behind an element.
CONTRAST = """
([ring, element]) => {
  const rgb = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let node = element.parentElement, behind = "rgb(255, 255, 255)";
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") { behind = bg; break; }
    node = node.parentElement;
  }
  const [a, b] = [lum(ring), lum(behind)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


@pytest.fixture
def member(seeded):
    person, _created = user_create_verified(
        email="siri@example.org", name="Siri Søker", password=PASSWORD
    )
    return person


def test_a_failed_submit_focuses_the_error_summary_whose_links_lead_to_the_fields(
    page: Page, member
):
    sign_in(page, "siri@example.org")
    page.goto("/join/")
    page.locator("[name=organisation_number]").fill("123")
    page.get_by_role("button", name="Send søknaden").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert links.count() >= 10  # every required field left empty is listed
    summary.locator("a[href='#id_organisation_number']").click()
    expect(page.locator("#id_organisation_number")).to_be_focused()


@pytest.mark.parametrize(
    "selector",
    [
        "a.navbar-brand",
        "main a",
        ".site-header .nav-link",
        "main .btn-primary",
        "main .btn-outline-primary",
        "footer a",
    ],
)
def test_the_focus_ring_is_three_pixels_and_contrasts_three_to_one(page: Page, seeded, selector):
    page.goto("/join/")
    element = page.locator(selector).first
    element.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so that :focus-visible applies
    expect(element).to_be_focused()
    style = element.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert style[0] == "solid"
    assert float(style[1].removesuffix("px")) >= 2
    ratio = element.evaluate(f"e => ({CONTRAST})([getComputedStyle(e).outlineColor, e])")
    assert ratio >= 3, f"{selector}: {ratio:.2f}"


def test_a_form_field_shows_the_ring_when_focused(page: Page, member):
    sign_in(page, "siri@example.org")
    page.goto("/join/")
    field = page.locator("#id_organisation_number")
    field.focus()
    style = field.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert style == ["solid", "3px"]


@pytest.mark.parametrize("viewport_width", [360])
def test_the_phone_menu_lists_the_two_languages_as_two_items(page: Page, seeded):
    page.goto("/hubs/")
    page.get_by_role("button", name="Meny").click()
    languages = page.get_by_role("list", name="Språk").get_by_role("listitem")
    expect(languages).to_have_count(2)
    expect(languages.nth(0)).to_have_text("Norsk")
    expect(languages.nth(1)).to_have_text("English")
    first, second = (languages.nth(n).bounding_box() for n in range(2))
    assert second["y"] >= first["y"] + first["height"] - 1  # one under the other
    assert min(first["height"], second["height"]) >= 24  # WCAG 2.5.8 target size


@pytest.mark.parametrize("viewport_width", [360])
@pytest.mark.parametrize(
    "path", ["/", "/hubs/", "/hubs/fabrikken/", "/members/", "/join/", "/privacy/"]
)
def test_no_public_page_scrolls_sideways_on_a_phone(page: Page, seeded, path):
    for url in (path, f"/en{path}"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide"
