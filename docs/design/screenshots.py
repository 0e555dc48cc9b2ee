"""Photograph each piece of the design system for docs/design.md.

Run from the repository: .venv/bin/python docs/design/screenshots.py
It needs /usr/bin/chromium, and neither a database nor a running server.

1. What the templates draw is rendered from the real templates and template tags, in Norwegian,
   with the test settings (coworking_norge.settings_test): the header (signed out, and signed in
   as a secretary), the footer, the directory's cards (hubs/templatetags/hub_cards.py: a photo, a
   logo and the placeholder) and a form after a failed submit. Each is written into pieces.html
   between its "<!-- begin NAME -->" and "<!-- end NAME -->" lines, so pieces.html always shows
   the live markup; never edit those parts by hand.
2. Every <section> of pieces.html is photographed with the site's CSS (and Bootstrap's script, as
   on the site) into <id>.png: 800 px wide, or as wide as its data-width (the header and the
   footer at 1280). At 360 px, as a phone shows them: menu.png, the header with its menu opened
   by a click on the menu button, and cards-phone.png, the directory's cards.
"""

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import django
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PIECES = HERE / "pieces.html"

# Made-up pictures for the cards, drawn here: a "photo" that is clearly a drawing, and a logo.
PHOTO = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 300 200'>"
    "<rect width='300' height='200' fill='%231d5c4b'/><circle cx='80' cy='70' r='34' "
    "fill='%23f2c14e'/><rect x='140' y='70' width='130' height='130' fill='%23e6efea'/>"
    "<rect x='160' y='95' width='30' height='30' fill='%231d5c4b'/>"
    "<rect x='215' y='95' width='30' height='30' fill='%231d5c4b'/></svg>"
)
LOGO = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 240 80'>"
    "<circle cx='40' cy='40' r='28' fill='%232f4858'/><text x='80' y='52' font-family='sans-serif' "
    "font-size='34' font-weight='700' fill='%232f4858'>LOGO</text></svg>"
)


def render_live() -> dict[str, str]:
    """The pieces that templates draw, rendered from the templates themselves, in Norwegian."""
    sys.path.insert(0, str(ROOT))
    # The test settings, whatever the environment says: the same pictures on every machine.
    os.environ["DJANGO_SETTINGS_MODULE"] = "coworking_norge.settings_test"
    django.setup()
    # Models load after django.setup().
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415

    from hubs.selectors import CardImage, HubCard, _desks  # noqa: PLC0415
    from hubs.templatetags.hub_cards import hub_card_items  # noqa: PLC0415
    from members.forms import ApplicationForm  # noqa: PLC0415

    class ErrorForm(forms.Form):
        """Two fields of the membership application, the first one wrong."""

        organisation_number = ApplicationForm.base_fields["organisation_number"]
        invoice_email = ApplicationForm.base_fields["invoice_email"]
        clean_organisation_number = ApplicationForm.clean_organisation_number

    def request(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    secretary = SimpleNamespace(is_authenticated=True, is_staff=True, pk=1)
    with translation.override("nb"):
        signed_in = render_to_string("includes/_header.html", request=request(secretary))
        cards = [
            HubCard(
                name="Fabrikken",
                url="#",
                city="Lillehammer",
                county="Innlandet",
                place="Lillehammer, Innlandet",
                tagline="Næringssenter for kreative og kulturelle bedrifter i Steen & Strøms "
                "gamle møbelfabrikk",
                tagline_lang="",
                desks=_desks(40),
                x="0",
                y="0",
                image=CardImage(PHOTO, "", 300, 200, "photo"),
                facilities=("Fleksibel arbeidsplass", "Fast arbeidsplass", "Eget kontor"),
                more_facilities=4,
            ),
            HubCard(
                name="Eksempelhuben (demo)",
                url="#",
                city="Hamar",
                county="Innlandet",
                place="Hamar, Innlandet",
                tagline="En oppdiktet hub for å prøve portalen – finnes ikke.",
                tagline_lang="",
                desks=_desks(25),
                x="0",
                y="0",
                image=CardImage(LOGO, "", 240, 80, "logo"),
                facilities=("Møterom",),
            ),
            HubCard(
                name="Beta",
                url="#",
                city="Vågå",
                county="Innlandet",
                place="Vågå, Innlandet",
                tagline="Kontorfellesskap i Vågå",
                tagline_lang="",
                desks="",
                x="0",
                y="0",
                image=CardImage("", "", 0, 0, "placeholder"),
            ),
        ]
        form = ErrorForm(data={"organisation_number": "123", "invoice_email": "post@example.org"})
        form_html = Template(
            "{% load crispy_forms_tags %}{% include 'includes/_error_summary.html' %}"
            "{% include 'includes/_required_note.html' %}"
            "{{ form.organisation_number|as_crispy_field }}{{ form.invoice_email|as_crispy_field }}"
        ).render(Context({"form": form}))
        live = {
            "header": render_to_string("includes/_header.html", request=request(AnonymousUser())),
            # The same header once more in one page: its menu gets an id of its own.
            "header-signed-in": signed_in.replace("site-nav", "site-nav-signed-in"),
            "footer": render_to_string("includes/_footer.html", request=request(AnonymousUser())),
            # The directory's list (templates/hubs/includes/_directory.html) around the cards.
            "cards": '<ul class="hub-cards list-unstyled row row-cols-1 row-cols-md-2 g-3">'
            f"{hub_card_items(cards)}</ul>",
            "form": form_html,
        }
    # The site's /static/ is ../../static/ from here.
    return {name: html.replace('"/static/', '"../../static/') for name, html in live.items()}


def write_live(live: dict[str, str]) -> None:
    """Each rendered piece into pieces.html, between its begin and end lines."""
    text = PIECES.read_text(encoding="utf-8")
    for name, html in live.items():
        lines = "\n".join(line.rstrip() for line in html.strip().splitlines() if line.strip())
        begin, end = f"<!-- begin {name} -->\n", f"<!-- end {name} -->"
        start, stop = text.find(begin), text.find(end)
        if start < 0 or stop < start:
            raise SystemExit(f"pieces.html has no {begin.strip()} … {end}")
        text = text[: start + len(begin)] + lines + "\n" + text[stop:]
    PIECES.write_text(text, encoding="utf-8")


def photograph() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for width in (800, 1280):
            page = browser.new_page(viewport={"width": width, "height": 600})
            page.goto(PIECES.as_uri())
            page.wait_for_load_state("load")
            for section in page.locator("section").all():
                if int(section.get_attribute("data-width") or 800) != width:
                    continue
                name = section.get_attribute("id")
                if name == "focus":
                    page.locator("#focused").focus()
                    page.keyboard.press("Shift+Tab")
                    page.keyboard.press("Tab")  # from the keyboard, so that :focus-visible applies
                section.screenshot(path=str(HERE / f"{name}.png"), animations="disabled")
            page.close()
        # The phone menu: the header at 360 px, opened by Bootstrap's collapse as on the site.
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(PIECES.as_uri())
        page.wait_for_load_state("load")
        page.locator("#header").evaluate("header => header.scrollIntoView()")
        page.locator("#header .navbar-toggler").click()
        page.locator("#site-nav.show").wait_for()
        page.wait_for_function("!document.querySelector('#site-nav.collapsing')")
        page.mouse.move(1, 1)  # off the links, which a resting pointer would colour
        page.locator("#cards").screenshot(path=str(HERE / "cards-phone.png"))
        page.locator("#header").screenshot(path=str(HERE / "menu.png"), animations="disabled")
        browser.close()


def main() -> None:
    write_live(render_live())
    photograph()


if __name__ == "__main__":
    main()
