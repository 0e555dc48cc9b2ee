"""Settings for the tests: production-like (DEBUG off), with fast hashing and in-memory e-mail."""

import os

# The tests run production-like and read no .env file, whatever a local one says.
os.environ["DJANGO_ENV_FILE"] = os.devnull
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-that-is-long-enough-0123456789-abcdefghij"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from coworking_norge.settings import *  # noqa: F403
from coworking_norge.settings import BASE_DIR, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "frags"},
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Static files straight from the source folders; no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
INVOICE_SELLER = {
    "name": "Coworking Norge",
    "organisation_number": "999000002",
    "vat_registered": True,
    "address": "Postboks 1, 0101 Oslo",
    "account": "12345678903",
    "email": "faktura@coworkingnorge.no",
}
# The admin's own tests sign in without a second factor; tests/coworking_norge/test_admin_mfa.py
# turns the requirement on and checks it.
ADMIN_REQUIRES_MFA = False
