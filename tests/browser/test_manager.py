"""A hub manager in a real browser: signs in, edits the profile in both languages, adds a photo."""

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from hubs.models import Hub, HubManager
from members.services import user_create_verified
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, describe

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(seeded):
    person, _created = user_create_verified(
        email="mona@example.org", name="Mona Manager", password=PASSWORD
    )
    HubManager.objects.create(user=person, hub=Hub.objects.get(slug="fabrikken"))
    return person


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "darkolivegreen").save(buffer, "JPEG")
    return buffer.getvalue()


def test_manager_edits_both_languages_and_adds_a_photo(page: Page, manager):
    sign_in(page, "mona@example.org")
    page.goto("/me/")
    page.get_by_role("link", name="Rediger profilen").click()
    page.get_by_label("Beskrivelse (norsk)").fill("Verksted og kontor under samme tak.")
    page.get_by_label("Beskrivelse (engelsk)").fill("Workshop and office under one roof.")
    page.get_by_role("button", name="Lagre profilen").click()
    expect(page.get_by_text("Profilen til Fabrikken er lagret.")).to_be_visible()

    page.get_by_role("link", name="Bilder og logo").first.click()
    page.locator("input[name=image]").set_input_files(
        {"name": "lokalet.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    page.get_by_label("Alternativ tekst (norsk)").fill("Arbeidsplasser ved store vinduer")
    page.get_by_label("Alternativ tekst (engelsk)").fill("Desks by tall windows")
    page.get_by_role("button", name="Last opp bildet").click()
    expect(page.get_by_text("Bildet er lagt til.")).to_be_visible()

    page.goto("/hubs/fabrikken/")
    expect(page.get_by_text("Verksted og kontor under samme tak.")).to_be_visible()
    photo = page.get_by_role("img", name="Arbeidsplasser ved store vinduer")
    expect(photo).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", photo.element_handle()) == 800
    page.goto("/en/hubs/fabrikken/")
    expect(page.get_by_text("Workshop and office under one roof.")).to_be_visible()
    expect(page.get_by_role("img", name="Desks by tall windows")).to_be_visible()


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", ["/me/", "/me/hubs/fabrikken/edit/", "/me/hubs/fabrikken/photos/"])
def test_manager_pages_have_no_axe_violations(page: Page, manager, path, language, viewport_width):
    sign_in(page, "mona@example.org")
    url = path if language == "nb" else f"/en{path}"
    assert page.goto(url).status == 200
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe on {url} at {viewport_width}px:\n{describe(violations)}"
