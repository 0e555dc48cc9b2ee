"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

One Chromium serves the whole session; every test gets a fresh context (cookies, storage) and page.
Each page is watched while the test runs: a Content Security Policy violation, an uncaught script
error, a failed sub-resource or a request to anything but the live server fails the test when its
browser context is closed.
"""

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

from hubs.services import seed_reference_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-long-test-password"

# Reports every securitypolicyviolation event of every document to the test (the console
# message Chromium writes says the same; the event also catches what a page reports quietly).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}`,
  });
});
"""


@dataclass
class PageWatch:
    """What a browser context did that the site should never make it do."""

    site: str
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    broken_resources: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"console: {message.text}")

    def on_csp_event(self, _source, violation: dict) -> None:
        self.csp_violations.append(f"securitypolicyviolation: {violation}")

    def on_request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith((f"{self.site}/", "data:", "about:", "blob:")) or url == self.site):
            self.foreign_requests.append(url)

    def on_response(self, response: Response) -> None:
        # A page's own 404 may be what a test wants; a stylesheet, script or image never.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken_resources.append(f"{response.status} {response.url}")

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def problems(self) -> list[str]:
        return [
            *self.csp_violations,
            *(f"script error: {error}" for error in self.page_errors),
            *(f"request outside the site: {url}" for url in self.foreign_requests),
            *(f"broken resource: {resource}" for resource in self.broken_resources),
        ]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: from the browser's start on, this thread has an event loop running,
    which code under test that mixes sync and async (async_to_sync, asyncio.run) cannot bear."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


class SerialWSGIServer(ThreadedWSGIServer):
    """Reads requests in threads, as Django's live server does, but runs the site for one at a
    time: every thread shares the one in-memory SQLite connection, and two requests using it at
    once (a page's late script fetch and the next page) fail with "bad parameter or other API
    misuse". A server without threads would hang on the idle sockets Chromium opens in advance."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    # Fires request_finished inside the lock, as the server would after sending.
                    response.close()

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session")
def _serial_live_server() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialWSGIServer)
        yield


@pytest.fixture(scope="session")
def live_server(_serial_live_server, live_server):
    """pytest-django's live server, answering one request at a time and stopped only once its
    request threads have ended: otherwise a thread still answering Chromium's last request may use
    a connection no longer shared."""
    yield live_server
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker, live_server) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with django_db_blocker.unblock():
        test_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in this thread (it switches
        # to it in a greenlet while it waits on the browser), so Django takes every ORM call of
        # the test code for one made from async code and refuses it. The test code is synchronous.
        # Set only while the browser runs, so the rest of the suite keeps Django's check.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        _keep_connections(test_connections)
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _keep_connections(test_connections: dict) -> None:
    """Go on using the test database connections made before Playwright started.

    With an event loop running in the thread, Django keeps its connections per async context
    rather than per thread, so test code would get new ones from here on: ones without the
    database contents saved for serialized rollback, which then silently does nothing.
    """
    for alias, connection in test_connections.items():
        connections[alias] = connection


@pytest.fixture
def _browser_db(django_db_serialized_rollback, settings):
    """Live-server tests commit for real and each one ends by emptying every table; serialized
    rollback puts back what the migrations wrote (the Sekretariat group and its permissions).
    """
    settings.ROOT_URLCONF = "tests.browser.urls"


@pytest.fixture
def site_url(live_server, _browser_db) -> str:
    return live_server.url


@pytest.fixture
def viewport_width() -> int:
    """Overridden by tests parametrised over widths."""
    return 1280


@pytest.fixture
def page_watch(site_url) -> PageWatch:
    return PageWatch(site=site_url)


@pytest.fixture
def context(browser: Browser, site_url, viewport_width, page_watch) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=site_url,
        viewport={"width": viewport_width, "height": 900},
        locale="nb-NO",
        timezone_id="Europe/Oslo",
    )
    ctx.set_default_timeout(10_000)
    ctx.expose_binding("__reportCspViolation", page_watch.on_csp_event)
    ctx.add_init_script(CSP_LISTENER)
    ctx.on("console", page_watch.on_console)
    ctx.on("request", page_watch.on_request)
    ctx.on("response", page_watch.on_response)
    ctx.on("weberror", lambda web_error: page_watch.on_page_error(web_error.error))
    yield ctx
    # Closing waits for the browser's last events, so everything the pages did is counted.
    ctx.close()
    problems = page_watch.problems()
    assert not problems, "The browser saw:\n" + "\n".join(problems)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def seeded(_browser_db) -> dict[str, int]:
    """The founding hubs and the facility tags, as `manage.py seed` loads them."""
    return seed_reference_data()


def confirmation_path(message: mail.EmailMessage) -> str:
    """The path of the e-mail's confirmation link (the link says https; the live server is http)."""
    match = re.search(r"https?://[^/\s]+(/[^\s]*/confirm-email/[^\s]+/)", message.body)
    assert match, f"no confirmation link in:\n{message.body}"
    return match.group(1)


def sign_in(page: Page, email: str) -> None:
    """Sign in through allauth's form, as a person would (Norwegian pages)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    # The header's "Logg ut" is folded away at 320 px; the message is always shown.
    expect(page.get_by_role("status")).to_contain_text(re.compile("logget inn som", re.IGNORECASE))
