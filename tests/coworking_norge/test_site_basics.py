"""Basics of a public site (issue 11): favicon, robots.txt, sitemap.xml with hreflang alternates,
the footer's contact details, the privacy notice, and a language switch of two items."""

import re

import pytest

from knowledge.models import Resource
from tests.factories import EventFactory, HubFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client, settings):
    settings.SITE_URL = "https://coworkingnorge.no"
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /en/me/" in lines
    assert lines[-1] == "Sitemap: https://coworkingnorge.no/sitemap.xml"


def test_the_sitemap_lists_every_public_page_in_both_languages_on_site_url(client, settings):
    settings.SITE_URL = "https://coworkingnorge.no"
    HubFactory(slug="huset")
    HubFactory(slug="skjult", is_published=False)
    EventFactory(slug="driftsseminaret")
    EventFactory(slug="utkast", published=False)
    ResourceFactory(slug="veileder")
    ResourceFactory(slug="for-medlemmer", visibility=Resource.Visibility.MEMBERS)
    ResourceFactory(slug="til-vurdering", status=Resource.Status.SUBMITTED, published_on=None)
    xml = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    locations = re.findall(r"<loc>https://coworkingnorge\.no(\S*?)</loc>", xml)
    pages = [
        *["/", "/hubs/", "/events/", "/events/past/", "/members/", "/join/", "/privacy/"],
        *["/knowledge/", "/network/", "/network/partners/"],
        *["/hubs/huset/", "/events/driftsseminaret/", "/knowledge/veileder/"],
    ]
    assert locations == [path for page in pages for path in (page, f"/en{page}")]
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="https://coworkingnorge.no/en/hubs/huset/"/>'
        in xml
    )
    assert "skjult" not in xml
    assert "utkast" not in xml
    # Members-only resources are not for search engines, nor what waits for review.
    assert "for-medlemmer" not in xml
    assert "til-vurdering" not in xml
    assert "localhost" not in xml


def test_favicon_ico_leads_to_the_icon_and_pages_name_their_icons(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.ico")
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">' in html


def test_the_footer_gives_the_networks_contact_details(client):
    footer = client.get("/en/").content.decode().split('<footer class="site-footer', 1)[1]
    assert "Postboks 1, 0101 Oslo" in footer
    assert '<a href="mailto:post@coworkingnorge.no">post@coworkingnorge.no</a>' in footer
    assert "Org. no. 999000002" in footer
    assert '<a href="/en/privacy/">Privacy</a>' in footer


def test_sign_up_shows_the_privacy_notice_with_a_link(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "Vi lagrer navnet og e-postadressen din for å gi deg en konto" in html
    assert '<a href="/privacy/">Slik behandler vi personopplysninger</a>' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy/", "Slik behandler vi personopplysninger"),
        ("/en/privacy/", "How we handle personal data"),
    ],
)
def test_the_privacy_page_in_both_languages(client, path, heading):
    html = client.get(path).content.decode()
    assert f"<h1>{heading}</h1>" in html
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert article.count("<h2>") == 5


def test_the_language_switch_is_a_list_of_two_items(client):
    html = client.get("/hubs/").content.decode()
    pattern = r'<ul class="navbar-nav language-switch"[^>]*>(.*?)</ul>'
    switch = re.search(pattern, html, re.DOTALL).group(1)
    items = [
        re.sub(r"<[^>]+>|\s+", "", item)
        for item in re.findall(r"<li[^>]*>(.*?)</li>", switch, re.DOTALL)
    ]
    assert items == ["Norsk", "English"]
    assert '<a class="nav-link" href="/en/hubs/" hreflang="en" lang="en">English</a>' in switch
