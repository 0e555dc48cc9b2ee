import os
import re
import subprocess
import sys

import pytest

from members.services import user_create_verified

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/", secure=True)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_production_security_headers(client):
    response = client.get("/hubs/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure(client):
    user_create_verified(email="a@example.org", name="A", password="et-langt-passord-1")
    assert client.get("/accounts/login/", secure=True).cookies["csrftoken"]["secure"] is True
    response = client.post(
        "/accounts/login/",
        {"login": "a@example.org", "password": "et-langt-passord-1"},
        secure=True,
    )
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


def test_pages_load_nothing_from_other_sites(client, hub_factory):
    hub_factory(slug="noe", website="https://noe.example.org")
    for path in ("/", "/hubs/", "/hubs/noe/", "/accounts/login/", "/accounts/signup/"):
        html = client.get(path).content.decode()
        # Links that only name an address (canonical, alternate languages) load nothing.
        html = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "", html)
        loaded = re.findall(
            r'<(?:link|script|img|iframe|source|video|audio)\b[^>]*?(?:src|href)="([^"]+)"', html
        )
        assert loaded, path
        foreign = [url for url in loaded if not url.startswith(("/", "http://testserver/"))]
        assert foreign == [], path


def _start_django(
    env: dict, *, show: str = "", settings: str = "coworking_norge.settings"
) -> subprocess.CompletedProcess:
    """Django set up in a fresh process with the production settings and only `env` (no .env
    file unless `env` names one); `show` is printed from the settings."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("PORT", "SITE_URL", "DATABASE_URL")
    }
    code = "import django; django.setup()"
    if show:
        code += f"; from django.conf import settings; print({show})"
    return subprocess.run(  # noqa: S603  (this interpreter, running our own code)
        [sys.executable, "-c", code],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": settings,
            "DJANGO_ENV_FILE": "/nonexistent/.env",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_DEBUG": "0"},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60},
        {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "coworkingnorge.no"},
    ],
)
def test_without_debug_the_app_refuses_to_start_without_secret_key_and_hosts(env):
    result = _start_django(env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_the_env_file_of_make_run_lets_manage_py_run_by_hand(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# Written by make run\nDJANGO_DEBUG=1\n")
    result = _start_django({"DJANGO_ENV_FILE": str(env_file)}, show="settings.DEBUG")
    assert (result.returncode, result.stdout.strip()) == (0, "True"), result.stderr


def test_the_tests_read_no_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DJANGO_DEBUG=1\nDATABASE_URL=postgres://x@127.0.0.1:1/x\nSITE_URL=http://x.test\n"
    )
    show = "settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.SITE_URL"
    result = _start_django(
        {"DJANGO_ENV_FILE": str(env_file)}, show=show, settings="coworking_norge.settings_test"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("False django.db.backends.sqlite3 https://coworkingnorge.no")


def test_the_env_file_may_name_the_data_folder(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"DJANGO_DEBUG=1\nDJANGO_VAR_DIR={tmp_path / 'data'}\n")
    result = _start_django(
        {"DJANGO_ENV_FILE": str(env_file)},
        show="settings.DATABASES['default']['NAME'], settings.MEDIA_ROOT",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(tmp_path / "data" / "db.sqlite3"),
        str(tmp_path / "data" / "media"),
    ]


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\n")
    result = _start_django({"DJANGO_ENV_FILE": str(env_file), "DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({"DJANGO_DEBUG": "1"}, "http://127.0.0.1:8000"),
        ({"DJANGO_DEBUG": "1", "PORT": "8811"}, "http://127.0.0.1:8811"),
        ({"DJANGO_DEBUG": "1", "PORT": "8811", "SITE_URL": "http://x.test/"}, "http://x.test"),
    ],
)
def test_in_development_links_in_emails_follow_the_port_served_on(env, site_url):
    result = _start_django(env, show="settings.SITE_URL")
    assert (result.returncode, result.stdout.strip()) == (0, site_url), result.stderr


def test_with_secret_key_and_hosts_the_app_starts():
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "a.no"}
    assert _start_django(env).returncode == 0


def test_language_is_norwegian_at_bare_paths_and_english_under_en(client):
    assert '<html lang="nb">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


def test_language_switch_keeps_the_page_and_query(client, hub_factory):
    hub_factory(slug="noe")
    html = client.get("/hubs/?county=oslo").content.decode()
    assert 'href="/en/hubs/?county=oslo" hreflang="en"' in html
    html = client.get("/en/hubs/noe/").content.decode()
    assert 'href="/hubs/noe/" hreflang="nb"' in html
    assert 'aria-current="true" lang="en">English</span>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/hubs/", "/me/", "/en/join/"])
def test_pages_drawn_for_a_signed_in_person_are_kept_by_no_cache(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_a_visitors_public_page_may_be_cached(client):
    assert "no-store" not in client.get("/hubs/").get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"organisation_name": "x" * (3 * 1024 * 1024 + 1)}, {f"f{i}": "x" for i in range(1001)}],
    ids=["too-large", "too-many-fields"],
)
def test_an_oversized_form_is_refused_with_a_400(client, user, data):
    client.force_login(user)
    response = client.post("/join/", data)
    assert response.status_code == 400
    assert b'class="application-form"' not in response.content  # refused before the view
