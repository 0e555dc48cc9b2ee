"""The network pass in a real browser: a manager vouches for a coworker, the coworker accepts and
books today at another hub, the host confirms, the pass opens on a 375-px phone without signing in,
the host marks the arrival there, and the ledger shows the visit hosted at one hub and sent from
the other. axe finds nothing on any page of the network pass, in both languages, wide and narrow."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from hubs.models import Hub
from hubs.services import hub_manager_add
from members.models import Organisation
from members.services import user_create_verified
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, axe_all, describe
from visits.models import HostSettings, Visit, Vouch
from visits.services import closed_day_add, host_settings_save, visit_request, vouch_invite

pytestmark = pytest.mark.browser

EVERY_DAY = {f"desks_{day}": 2 for day in ("monday", "tuesday", "wednesday", "thursday")}
EVERY_DAY |= {f"desks_{day}": 2 for day in ("friday", "saturday", "sunday")}


def person(email: str, name: str):
    user, _created = user_create_verified(email=email, name=name, password=PASSWORD)
    return user


def member_hub(slug: str, number: str) -> Hub:
    """A founding hub, run by a member organisation, with a manager of its own."""
    hub = Hub.objects.get(slug=slug)
    hub.organisation = Organisation.objects.create(
        legal_name=f"{hub.name} Drift AS",
        organisation_number=number,
        invoice_email=f"faktura@{slug}.example.org",
        status="member",
        member_since="2024-01-01",
    )
    hub.save()
    return hub


@pytest.fixture
def two_hubs(seeded) -> dict:
    """Blender Collective (the home hub) and Fabrikken (hosts guests every day, a manager
    confirms), each with its manager."""
    home = member_hub("blender-collective", "923609016")
    host = member_hub("fabrikken", "974760673")
    hub_manager_add(hub=home, user=person("bente@example.org", "Bente Blender"))
    hub_manager_add(hub=host, user=person("frode@example.org", "Frode Fabrikken"))
    host_settings_save(
        hub=host,
        changes={
            "hosts_guests": True,
            "confirmation": HostSettings.Confirmation.MANUAL,
            "arrival_instructions": "Ring på hos Fabrikken, andre etasje.",
            **EVERY_DAY,
        },
    )
    person("cora@example.org", "Cora Coworker")
    return {"home": home, "host": host}


def test_a_coworker_is_vouched_for_books_a_day_and_the_host_checks_the_pass_on_a_phone(
    page: Page, context, two_hubs
):
    # The home hub's manager vouches for the coworker.
    sign_in(page, "bente@example.org")
    page.goto("/me/hubs/blender-collective/coworkers/")
    page.get_by_label("Coworkerens e-postadresse").fill("cora@example.org")
    page.get_by_role("button", name="Godkjenn og send invitasjonen").click()
    expect(page.get_by_role("status")).to_contain_text("cora@example.org")
    assert Vouch.objects.get().email == "cora@example.org"
    invitation = mail.outbox[-1]
    assert invitation.to == ["cora@example.org"]
    link = re.search(r"https?://[^/\s]+(/me/pass/accept/[^\s]+/)", invitation.body).group(1)

    # The coworker follows the link, accepts and books today at Fabrikken.
    coworker = context.browser.new_context(base_url=page.url.split("/me/")[0])
    phone_page = coworker.new_page()
    sign_in(phone_page, "cora@example.org")
    phone_page.goto(link)
    phone_page.get_by_role("button", name="Godta").click()
    expect(phone_page.get_by_role("status")).to_contain_text("Blender Collective")
    phone_page.goto("/hubs/fabrikken/visit/")
    today = timezone.localdate()
    phone_page.locator(f"input[name=day][value='{today.isoformat()}']").check()
    phone_page.get_by_role("button", name="Send forespørselen").click()
    expect(phone_page.get_by_role("status")).to_contain_text("Fabrikken")
    visit = Visit.objects.get()
    assert (visit.status, visit.date, visit.home_hub, visit.host) == (
        "requested",
        today,
        two_hubs["home"],
        two_hubs["host"],
    )

    # The host's manager confirms it.
    host_page = context.browser.new_context(base_url=page.url.split("/me/")[0]).new_page()
    sign_in(host_page, "frode@example.org")
    host_page.goto("/me/hubs/fabrikken/visits/")
    expect(host_page.get_by_text("Cora Coworker").first).to_be_visible()
    host_page.get_by_role("button", name="Bekreft").click()
    expect(host_page.get_by_role("status")).to_contain_text("Cora Coworker")
    visit.refresh_from_db()
    assert visit.status == "confirmed"

    # The pass opens on a 375-px phone without signing in, and tells who and where.
    stranger = context.browser.new_context(
        base_url=page.url.split("/me/")[0], viewport={"width": 375, "height": 740}
    )
    pass_page = stranger.new_page()
    pass_page.goto(visit.get_pass_url())
    main = pass_page.locator("main")
    for text in ("Cora Coworker", "Blender Collective", "Fabrikken", "Gyldig"):
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text("cora@example.org")
    assert pass_page.locator("main svg").count() == 1  # the QR code
    width = pass_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    stranger.close()

    # The host marks the arrival from the pass, signed in.
    host_page.goto(visit.get_pass_url())
    host_page.get_by_role("button", name="Møtte opp", exact=True).click()
    expect(host_page.get_by_role("status")).to_contain_text("Cora Coworker")
    visit.refresh_from_db()
    assert visit.status == "arrived"

    # The ledger: one visit hosted at Fabrikken, one sent from Blender Collective.
    host_page.goto("/me/hubs/fabrikken/ledger/")
    assert ledger_total(host_page) == ("1", "0", "+1")
    page.goto("/me/hubs/blender-collective/ledger/")
    assert ledger_total(page) == ("0", "1", "−1")


def ledger_total(page: Page) -> tuple[str, ...]:
    """Hosted, sent and balance in the year's total row."""
    cells = page.locator("table tfoot tr td")
    return tuple(text.strip() for text in cells.all_inner_texts())


@pytest.fixture
def visits_world(two_hubs) -> dict[str, str]:
    """Every page of the network pass with something in it: a vouched coworker with a requested
    visit, a closed day, and an open invitation."""
    home, host = two_hubs["home"], two_hubs["host"]
    manager = home.managers.get().user
    coworker = person("vera@example.org", "Vera Visitor")
    vouch = vouch_invite(
        hub=home, email=coworker.email, until=timezone.localdate() + timedelta(days=200), by=manager
    )
    Vouch.objects.filter(pk=vouch.pk).update(coworker=coworker, accepted_at=timezone.now())
    vouch_invite(
        hub=home,
        email="cora@example.org",
        until=timezone.localdate() + timedelta(days=30),
        by=manager,
    )
    visit = visit_request(visitor=coworker, host=host, day=timezone.localdate() + timedelta(days=2))
    closed = closed_day_add(hub=host, day=timezone.localdate() + timedelta(days=9), reason="Ferie")
    invitation = next(m for m in mail.outbox if m.to == ["cora@example.org"])
    token = re.search(r"/me/pass/accept/([^\s/]+)/", invitation.body)
    return {
        "pass": visit.get_pass_url(),
        "visit": str(visit.pk),
        "vouch": str(vouch.pk),
        "closed": str(closed.pk),
        "token": token.group(1),
    }


PUBLIC = ["/hubs/fabrikken/visit/", "{pass}"]
COWORKER = ["/me/", "/me/pass/", "/hubs/fabrikken/visit/", "/me/pass/visits/{visit}/cancel/"]
INVITED = ["/me/pass/", "/me/pass/accept/{token}/"]
HOST = [
    "/me/hubs/fabrikken/visits/",
    "/me/hubs/fabrikken/visits/{visit}/decline/",
    "/me/hubs/fabrikken/hosting/",
    "/me/hubs/fabrikken/hosting/closed/{closed}/remove/",
    "/me/hubs/fabrikken/ledger/",
    "{pass}",
]
HOME = [
    "/me/hubs/blender-collective/coworkers/",
    "/me/hubs/blender-collective/coworkers/{vouch}/renew/",
    "/me/hubs/blender-collective/coworkers/{vouch}/revoke/",
]


@pytest.mark.parametrize("viewport_width", [1280, 320])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_network_pass_page_has_no_axe_violations(
    page: Page, context, visits_world, language, viewport_width
):
    found = axe_all(page, PUBLIC, visits_world, language)
    for email, paths in (
        ("vera@example.org", COWORKER),
        ("cora@example.org", INVITED),
        ("frode@example.org", HOST),
        ("bente@example.org", HOME),
    ):
        context.clear_cookies()
        sign_in(page, email)
        found += axe_all(page, paths, visits_world, language)
    context.clear_cookies()
    response = page.goto("/pass/not-a-real-pass/")
    assert response.status == 404
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        found.append(f"invalid pass:\n{describe(violations)}")

    assert not found, f"axe at {viewport_width}px:\n" + "\n".join(found)
