"""The error pages (400, 403, the CSRF failure, 404, 500) are the portal's own: translated, in the
site's design, saying what happened and where to go from here. The test settings run with DEBUG
off, so Django draws them as in production."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from coworking_norge.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


def fails(request):
    raise RuntimeError("A test of the 500 page.")


def forbidden(request):
    raise PermissionDenied


# This module is also the URLconf of the tests marked `urls(__name__)`: the site plus two views
# that fail on purpose.
urlpatterns = [
    *site_urlpatterns,
    path("test-errors/500/", fails),
    path("test-errors/403/", forbidden),
]
WAYS_ON = [
    '<a href="/">Forsiden, med kartet over hubbene</a>',
    '<a href="/hubs/">Alle hubber i nettverket</a>',
    '<a href="mailto:post@coworkingnorge.no">post@coworkingnorge.no</a>',
]


def page(response) -> dict:
    """What a visitor meets: the status, the language, the headings, and the site around it."""
    html = response.content.decode()
    return {
        "status": response.status_code,
        "lang": re.search(r'<html lang="([^"]+)"', html).group(1),
        "h1": [
            re.sub(r"\s+", " ", h1).strip() for h1 in re.findall(r"<h1>(.*?)</h1>", html, re.DOTALL)
        ],
        "landmarks": [tag for tag in ("<header", "<main", "<footer") if tag in html],
        "site header": '<header class="site-header' in html and "Coworking Norge</span>" in html,
        "stylesheet": '<link rel="stylesheet" href="/static/css/site.css">' in html,
        # The Content Security Policy forbids inline styles and scripts.
        "inline css or js": bool(re.search(r"\sstyle=|<style|<script(?![^>]*\ssrc=)", html)),
    }


def shows_ways_on(response) -> bool:
    html = response.content.decode()
    return all(link in html for link in WAYS_ON)


def the_site_with(status: int, lang: str, h1: str) -> dict:
    return {
        "status": status,
        "lang": lang,
        "h1": [h1],
        "landmarks": ["<header", "<main", "<footer"],
        "site header": True,
        "stylesheet": True,
        "inline css or js": False,
    }


def test_a_missing_page_is_the_portals_404_in_norwegian(client):
    response = client.get("/finnes-ikke/")
    assert page(response) == the_site_with(404, "nb", "Vi finner ikke denne siden")
    assert "Adressen kan være skrevet feil" in response.content.decode()
    assert shows_ways_on(response)


def test_a_missing_page_under_en_is_the_portals_404_in_english(client):
    response = client.get("/en/does-not-exist/")
    html = response.content.decode()
    assert page(response) == the_site_with(404, "en", "We can't find that page")
    assert '<a href="/en/hubs/">All hubs in the network</a>' in html
    assert '<a href="/en/">The front page, with the map of the hubs</a>' in html


def test_a_form_without_its_csrf_token_is_the_portals_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    html = response.content.decode()
    assert page(response) == the_site_with(403, "nb", "Skjemaet ble ikke sendt")
    assert "Gå tilbake, last inn siden på nytt og prøv igjen." in html
    assert "informasjonskapsler" in html
    assert shows_ways_on(response)


def test_a_nul_in_the_query_is_the_portals_400(client):
    response = client.get("/hubs/?q=%00")
    assert page(response) == the_site_with(400, "nb", "Nettstedet kunne ikke lese forespørselen")
    assert shows_ways_on(response)


def test_a_nul_in_the_query_under_en_is_the_portals_400_in_english(client):
    response = client.get("/en/hubs/?q=%00")
    assert page(response) == the_site_with(400, "en", "The site could not read that request")


@pytest.mark.urls(__name__)
def test_permission_denied_is_the_portals_403(client, user):
    client.force_login(user)
    response = client.get("/test-errors/403/")
    html = response.content.decode()
    assert page(response) == the_site_with(403, "nb", "Du har ikke tilgang til denne siden")
    assert "Kontoen din har ikke tilgang til denne siden." in html
    assert shows_ways_on(response)


@pytest.mark.urls(__name__)
def test_permission_denied_offers_a_visitor_to_sign_in(client):
    response = client.get("/test-errors/403/")
    assert page(response)["status"] == 403
    assert '<a class="btn btn-primary" href="/accounts/login/">Logg inn</a>' in (
        response.content.decode()
    )


@pytest.mark.urls(__name__)
def test_a_server_error_is_the_portals_500_in_both_languages(client):
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    html = response.content.decode()
    assert page(response) == the_site_with(500, "nb", "Noe gikk galt hos oss")
    assert '<section lang="en"' in html
    assert "Something went wrong on our side" in html
    # Drawn without a request: fixed links, nothing a failing database or URLconf could break.
    assert re.findall(r'href="([^"]+)"', html) == [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/css/site.css",
        "/static/img/favicon.svg",
        "/",
        "mailto:post@coworkingnorge.no",
        "/",
        "/hubs/",
        "mailto:post@coworkingnorge.no",
        "/en/",
        "/en/hubs/",
        "mailto:post@coworkingnorge.no",
    ]


def test_the_language_switch_on_a_missing_page_leads_to_the_other_languages_home(client):
    norwegian = client.get("/finnes-ikke/").content.decode()
    english = client.get("/en/does-not-exist/").content.decode()
    assert '<a class="nav-link" href="/en/" hreflang="en" lang="en">English</a>' in norwegian
    assert '<a class="nav-link" href="/" hreflang="nb" lang="nb">Norsk</a>' in english
