"""A lead is two or three lines (issue 11, the type scale): on every public page that has one, in
both languages, on a wide screen and on a phone. The rest of what a page says goes in its body."""

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = ["/", "/hubs/657/", "/join/", "/members/", "/events/", "/knowledge/", "/network/"]
PAGES += ["/network/partners/", "/privacy/"]

LINES = """
(lead) => {
  const style = getComputedStyle(lead);
  return Math.round(lead.getBoundingClientRect().height / parseFloat(style.lineHeight));
}
"""


@pytest.mark.parametrize("viewport_width", [1280, 360])
def test_every_lead_is_at_most_three_lines(page: Page, seeded, viewport_width):
    too_long, seen = [], 0
    for prefix in ("", "/en"):
        for path in PAGES:
            page.goto(prefix + path)
            for lead in page.locator(".lead").all():
                seen += 1
                lines = lead.evaluate(LINES)
                if lines > 3:
                    too_long.append(f"{prefix}{path}: {lines} lines: {lead.inner_text()[:60]}")
    assert seen >= len(PAGES), "fewer leads than pages: the selector finds nothing"
    assert too_long == [], "\n".join(too_long)
