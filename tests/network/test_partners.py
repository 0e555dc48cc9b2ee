"""The international partners page (/network/partners/), the partners `manage.py seed` names, and
the ways visitors find the page: the English home page and the footer."""

import re
from datetime import date
from itertools import chain

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Organisation
from network.models import Partner
from network.seed import seed_create
from tests.factories import HubFactory, MemberHubFactory, PartnerFactory

pytestmark = pytest.mark.django_db

PAGE = "/network/partners/"


def partner_names(html: str) -> list[str]:
    return re.findall(r'<h2 class="h4 mt-0" id="partner-[^"]+">([^<]+)</h2>', html)


def hub_links(html: str) -> list[str]:
    return re.findall(r'<li><a href="(?:/en)?/hubs/([^/]+)/">', html)


def test_the_page_shows_the_published_partners_in_their_order(client):
    seed_create()
    PartnerFactory(name="Hidden network", published=False, order=1)
    Partner.objects.filter(slug="coworking-europe").update(order=1)
    html = client.get(PAGE).content.decode()
    assert partner_names(html) == [
        "Coworking Europe",
        "The Third Space Group",
        "Workcollectiv",
        "Social Workplaces",
    ]
    assert "Cambridge, Storbritannia" in html
    assert "Nevnt som internasjonal partner da Coworking Norge ble grunnlagt." in html


def test_only_published_hubs_of_member_organisations_are_named_as_honouring_a_scheme(client):
    shown = MemberHubFactory(name="Fabrikken", slug="fabrikken")
    hidden = MemberHubFactory(slug="draft", is_published=False)
    resigned = MemberHubFactory(
        slug="left",
        organisation__status=Organisation.Status.APPLICANT,
        organisation__resigned_on=date(2025, 12, 31),
    )
    no_member = HubFactory(slug="outside")
    PartnerFactory().reciprocal_hubs.set([shown, hidden, resigned, no_member])
    PartnerFactory()  # honoured by none: no such section
    html = client.get(PAGE).content.decode()
    assert hub_links(html) == ["fabrikken"]
    assert html.count("Medlemshubber som også tar imot medlemmene deres") == 1


def test_the_english_page_is_in_english_and_omits_an_empty_offer(client, settings):
    settings.NETWORK_EMAIL = "post@coworkingnorge.no"
    PartnerFactory(name="With offer", order=1, offer_en="A free day at 200 spaces.")
    PartnerFactory(name="Without offer", order=2, website="https://example.org/partner")
    html = client.get(f"/en{PAGE}").content.decode()
    assert "<h1>International partners</h1>" in html
    assert "Brussels, Belgium" in html
    assert "A European network of coworking spaces." in html
    with_offer, without_offer = html.split('id="partner-')[1:3]
    assert "What it offers members" in with_offer
    assert "A free day at 200 spaces." in with_offer
    assert "What it offers members" not in without_offer
    assert "The secretariat can tell you more" in without_offer
    assert '<a href="mailto:post@coworkingnorge.no">' in without_offer
    assert '<a href="https://example.org/partner" rel="noopener external">' in without_offer


def test_with_no_partner_the_page_says_so(client):
    html = client.get(f"/en{PAGE}").content.decode()
    assert "No international partners are listed yet." in html


def queries_for(client, path: str) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def make_partners(count: int) -> None:
    for _ in range(count):
        PartnerFactory().reciprocal_hubs.set(MemberHubFactory.create_batch(2))


def test_the_page_runs_two_queries_with_2_and_8_partners(client):
    make_partners(2)
    with_2 = queries_for(client, PAGE)
    make_partners(6)
    assert queries_for(client, PAGE) == with_2 == 2  # the partners, and their hubs


def test_the_page_is_drawn_afresh_when_a_partner_changes(
    client, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(name="Old name")
    client.get(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        partner.name = "New name"
        partner.save()
    assert partner_names(client.get(PAGE).content.decode()) == ["New name"]


def test_seed_twice_keeps_four_partners_and_the_secretariats_edits(client):
    assert seed_create() == ["Seed: 4 international partners created."]
    Partner.objects.filter(slug="workcollectiv").update(description_nb="Skrevet av sekretariatet.")
    assert seed_create() == ["Seed: 0 international partners created."]
    assert Partner.objects.count() == 4
    assert Partner.objects.get(slug="workcollectiv").description_nb == "Skrevet av sekretariatet."
    # Nothing is claimed that no source confirms: no offer and no website.
    assert not any(chain(*Partner.objects.values_list("offer_nb", "offer_en", "website")))


def test_the_english_home_page_and_every_footer_lead_to_the_partners(client):
    html = client.get("/en/").content.decode()
    block = html.split('id="international-heading"', 1)[1].split("</section>", 1)[0]
    assert ">Coworking Norge internationally</h2>" in block
    assert '<a href="/en/network/partners/">Our international partners</a>' in block
    footer = html.split('<footer class="site-footer', 1)[1]
    assert '<a href="/en/network/">Network in numbers</a>' in footer
    assert '<a href="/en/network/partners/">International partners</a>' in footer
    assert '<a href="/en/knowledge/">Library</a>' in footer
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert '<a class="nav-link" href="/en/knowledge/">Library</a>' in header


def test_the_admin_offers_only_hubs_of_member_organisations(client, secretariat_user):
    member = MemberHubFactory(name="Member hub")
    HubFactory(name="Hub without organisation")
    client.force_login(secretariat_user)
    form = client.get("/admin/network/partner/add/").context["adminform"].form
    assert list(form.fields["reciprocal_hubs"].queryset) == [member]
    assert {"place_nb", "place_en", "description_nb", "offer_en"} <= set(form.fields)
