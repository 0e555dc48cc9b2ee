"""How long a sign-up takes for an address that has an account and for a new one, with the
production password hasher (PBKDF2): with ACCOUNT_PREVENT_ENUMERATION both answer alike, so the
time must not tell them apart either.

    .venv/bin/python bench/signup_timing.py [-n 30]

Production settings (DEBUG off, Django's default hashers) on SQLite in a temporary directory, the
real sign-up view through Django's test client, e-mail kept in memory. Sign-ups for a known and a
new address take turns, each from an address and e-mail of its own (so no rate limit or e-mail
cooldown cuts one short), first with allauth's default adapter (before the fix), then with the
portal's (members.adapter.AccountAdapter). Prints the median and spread of each, in ms.
"""

import argparse
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
from django.contrib.auth.hashers import get_hasher, make_password
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "en-lang-og-trygg-frase-42"  # noqa: S105  (the sign-ups' password, no secret)
CLIENTS = itertools.count()
ADAPTERS = {
    "before (allauth's default adapter)": "allauth.account.adapter.DefaultAccountAdapter",
    "after (members.adapter.AccountAdapter)": "members.adapter.AccountAdapter",
}


def setup_django(tmp: Path) -> None:
    for key in [key for key in os.environ if key.startswith(("DJANGO_", "DATABASE_"))]:
        del os.environ[key]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "coworking_norge.settings",
            "DJANGO_ENV_FILE": os.devnull,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "signup-timing-" + os.urandom(24).hex(),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_VAR_DIR": str(tmp),
            "DATABASE_URL": f"sqlite:///{tmp / 'signup.sqlite3'}",
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": "memorymail://",
        }
    )
    (tmp / "static").mkdir()
    django.setup()
    call_command("migrate", verbosity=0)


def known_accounts(count: int, label: str) -> list[str]:
    """Verified accounts, one per known-address sign-up; one hash for all of them, to be quick."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415  (models load after setup)

    from members.models import User  # noqa: PLC0415

    password = make_password(PASSWORD)
    emails = [f"kjent-{label}-{number}@example.org" for number in range(count)]
    users = User.objects.bulk_create(User(email=e, name="Kjent", password=password) for e in emails)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users
    )
    return emails


def sign_up(client, email: str) -> float:
    """One sign-up, in ms; each from a client address of its own (allauth limits 20/min each)."""
    data = {"name": "Kari Nordmann", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    number = next(CLIENTS)
    began = time.perf_counter()
    response = client.post(
        "/accounts/signup/", data, REMOTE_ADDR=f"10.1.{number // 200}.{number % 200 + 1}"
    )
    elapsed = time.perf_counter() - began
    if response.status_code != 302:
        raise SystemExit(f"error: the sign-up for {email} answered {response.status_code}")
    return elapsed * 1000


def measure(adapter: str, known: list[str], label: str) -> dict:
    from members.models import User  # noqa: PLC0415  (models load after django.setup())

    times: dict[str, list[float]] = {"known": [], "new": []}
    with override_settings(ACCOUNT_ADAPTER=adapter):
        client = Client()
        # Unmeasured: the first request of a process loads templates, translations and the rest.
        sign_up(client, f"varm-{label}@example.org")
        client.logout()
        for number, email in enumerate(known):
            times["known"].append(sign_up(client, email))
            times["new"].append(sign_up(client, f"ny-{label}-{number}@example.org"))
            client.logout()
    assert User.objects.filter(email__startswith=f"ny-{label}-").count() == len(known)
    assert len(mail.outbox) == 2 * len(known) + 1, "every sign-up sent its e-mail"
    mail.outbox.clear()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sign-up time, known address vs new.")
    parser.add_argument("-n", type=int, default=30, help="sign-ups of each kind per adapter")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="coworking-signup-"))
    try:
        setup_django(tmp)
        mail.outbox = []
        hasher = get_hasher()
        print(f"Password hasher: {hasher.algorithm}, {hasher.iterations} iterations; n={args.n}")
        print(f"  {'':40} {'known ms':>9} {'new ms':>9} {'new - known':>12}")
        for index, (name, adapter) in enumerate(ADAPTERS.items()):
            label = f"a{index}"
            times = measure(adapter, known_accounts(args.n, label), label)
            k, n = statistics.median(times["known"]), statistics.median(times["new"])
            print(f"  {name:40} {k:9.1f} {n:9.1f} {n - k:12.1f}")
            for kind in ("known", "new"):
                quartiles = statistics.quantiles(times[kind], n=4)
                print(f"    {kind:>5}: quartiles {', '.join(f'{q:.1f}' for q in quartiles)} ms")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
