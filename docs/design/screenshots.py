"""Photograph each piece of the design system (pieces.html, drawn with the site's own CSS) for
docs/design.md. Run: .venv/bin/python docs/design/screenshots.py (needs /usr/bin/chromium)."""

from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 800, "height": 600})
        page.goto((HERE / "pieces.html").as_uri())
        for section in page.locator("section").all():
            name = section.get_attribute("id")
            if name == "focus":
                page.locator("#focused").focus()
                page.keyboard.press("Shift+Tab")
                page.keyboard.press("Tab")  # from the keyboard, so that :focus-visible applies
            section.screenshot(path=str(HERE / f"{name}.png"))
        browser.close()


if __name__ == "__main__":
    main()
