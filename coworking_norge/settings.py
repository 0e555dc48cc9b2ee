"""Settings for the Coworking Norge portal, read from the environment (see .env.example)."""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A local .env file is read too: `make run` writes one with development settings, so that
# manage.py works by hand in that checkout. Variables set in the environment win over it.
# DJANGO_ENV_FILE names another file to read instead (the test settings name none: /dev/null).
ENV_FILE = Path(os.environ.get("DJANGO_ENV_FILE") or BASE_DIR / ".env")
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE)
# Read after the file, which may set it too.
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR") or BASE_DIR / "var")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "With DJANGO_DEBUG off, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set."
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",
    # Before the admin, whose autodiscovery builds the forms: see CoworkingNorgeConfig.ready.
    "coworking_norge",
    "coworking_norge.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    # The portal's own apps, in the order they import each other (docs/architecture.md).
    "hubs",
    "members",
    "billing",
    "events",
    "visits",
    "knowledge",
    "network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coworking_norge.middleware.RefuseNulMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "coworking_norge.middleware.AdminRequiresMfaMiddleware",
    "coworking_norge.middleware.PrivatePagesMiddleware",
]

ROOT_URLCONF = "coworking_norge.urls"
WSGI_APPLICATION = "coworking_norge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coworking_norge.context_processors.network",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# Connections stay open between requests: a new one per request halves throughput.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A real cache shared by every worker process (allauth's rate limits rely on it). Redis is a help,
# not a dependency: while it is out of reach the site goes on without it (coworking_norge/cache.py).
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "coworking_norge.cache.FailSoftRedisCache"
# Rendered page fragments; each worker keeps its own, keyed by a version held in the shared cache.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
PAGE_CACHE_ENABLED = env.bool("DJANGO_PAGE_CACHE", default=True)

# The portal's address, for links in e-mails; in development, on the port it is served on.
SITE_URL = env.str(
    "SITE_URL",
    default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
    if DEBUG
    else "https://coworkingnorge.no",
).rstrip("/")
# The network's own address for people to write to (the footer, the privacy notice, error pages).
NETWORK_EMAIL = env.str("NETWORK_EMAIL", default="post@coworkingnorge.no")
# Membership: is an approved applicant's hub published at once, or when the secretariat ticks it?
HUB_PUBLISHED_ON_APPROVAL = env.bool("HUB_PUBLISHED_ON_APPROVAL", default=True)
# How many undecided applications one account may have at once (the secretariat may raise it
# for someone who applies for several organisations).
MEMBERSHIP_OPEN_APPLICATIONS_PER_ACCOUNT = env.int(
    "MEMBERSHIP_OPEN_APPLICATIONS_PER_ACCOUNT", default=1
)
# What the membership page says about how long the secretariat usually takes to decide.
MEMBERSHIP_DECISION_WEEKS = env.int("MEMBERSHIP_DECISION_WEEKS", default=4)
# Look organisation numbers up in Brønnøysund's Enhetsregisteret while applying.
BRREG_LOOKUP_ENABLED = env.bool("BRREG_LOOKUP_ENABLED", default=False)
BRREG_API_URL = env.str("BRREG_API_URL", default="https://data.brreg.no/enhetsregisteret/api")

# Membership fees. The seller printed on every invoice; `check --deploy` insists on real values.
INVOICE_SELLER = {
    "name": env.str("INVOICE_SELLER_NAME", default="Coworking Norge"),
    # Made-up defaults in development only (valid check digits, nobody's real number).
    "organisation_number": env.str(
        "INVOICE_SELLER_ORGANISATION_NUMBER", default="999000002" if DEBUG else ""
    ),
    "vat_registered": env.bool("INVOICE_SELLER_VAT_REGISTERED", default=True),
    "address": env.str("INVOICE_SELLER_ADDRESS", default="Postboks 1, 0101 Oslo" if DEBUG else ""),
    "account": env.str("INVOICE_SELLER_ACCOUNT", default="12345678903" if DEBUG else ""),
    "email": env.str("INVOICE_SELLER_EMAIL", default="faktura@coworkingnorge.no"),
}
# Days from issue to due date.
INVOICE_DUE_DAYS = env.int("INVOICE_DUE_DAYS", default=30)
# KID: "mod10" (Luhn) or "mod11", and its length including the check digit (10 to 25): the
# organisation's id in 5 digits, the invoice number in the rest (6 digits by default), the check.
INVOICE_KID_ALGORITHM = env.str("INVOICE_KID_ALGORITHM", default="mod10")
INVOICE_KID_LENGTH = env.int("INVOICE_KID_LENGTH", default=12)
# A member that joins during the year pays for the months from the one it joined in.
INVOICE_PRO_RATA = env.bool("INVOICE_PRO_RATA", default=True)
# Reminders: the first this many days after the due date, then at most one per interval.
INVOICE_REMINDER_AFTER_DAYS = env.int("INVOICE_REMINDER_AFTER_DAYS", default=14)
INVOICE_REMINDER_INTERVAL_DAYS = env.int("INVOICE_REMINDER_INTERVAL_DAYS", default=14)

# Hubs' own public calendars (iCal), imported by `manage.py import_hub_feeds` (hourly from cron)
# and listed on /events/ as "at the hubs". Off until switched on. A fetch may take at most
# EVENTS_FEEDS_TIMEOUT seconds in all, and a calendar may be at most EVENTS_FEEDS_MAX_BYTES.
EVENTS_FEEDS_ENABLED = env.bool("EVENTS_FEEDS_ENABLED", default=False)
EVENTS_FEEDS_TIMEOUT = env.float("EVENTS_FEEDS_TIMEOUT", default=10.0)
EVENTS_FEEDS_MAX_BYTES = env.int("EVENTS_FEEDS_MAX_BYTES", default=1024 * 1024)
# Networks the fetcher may reach although they are not public (e.g. ["127.0.0.1/32"]): for the
# tests' local server only; never read from the environment.
EVENTS_FEEDS_ALLOW_ADDRESSES: list[str] = []

# The network pass: days a coworker may spend at other member hubs per calendar month (no
# rollover), and how far ahead a day may be requested.
VISITS_MONTHLY_QUOTA = env.int("VISITS_MONTHLY_QUOTA", default=3)
VISITS_BOOKING_DAYS = env.int("VISITS_BOOKING_DAYS", default=56)

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Links and the site name in allauth's e-mails come from SITE_URL, never from the request's Host.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Coworking Norge] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Rate limits count per client address. Behind a reverse proxy every request comes from the proxy,
# so say how to find the client: the number of trusted proxies that append to X-Forwarded-For,
# or the header one trusted proxy sets to the client's address. Off (0, empty) by default:
# those headers are then ignored, since anyone can send them.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
# Rate limits of our own, counted by allauth like its own: membership applications sent, per
# account and per client address (see members.views.join).
ACCOUNT_RATE_LIMITS = {"join": "3/h/user,10/h/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Staff reach the admin only with a second factor set up; off in development, so that the demo's
# secretariat account is a password away.
ADMIN_REQUIRES_MFA = env.bool("ADMIN_REQUIRES_MFA", default=not DEBUG)
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Coworking Norge"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "nb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nb",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
# Dates and numbers per language (15.01.2026 / 15 Jan 2026); amounts through
# coworking_norge.formats.money, so USE_THOUSAND_SEPARATOR stays off (it would group years and ids).
FORMAT_MODULE_PATH = ["coworking_norge.formats"]
USE_I18N = True
USE_TZ = True

# Request bodies: form fields up to 3 MB (the OCR import's confirmation carries the file back in
# one), at most 1,000 of them; uploaded files over 2.5 MB go to a temporary file rather than
# memory (photos are refused over 10 MB in hubs/images.py). Let the proxy in front refuse bodies
# over 12 MB before they reach a worker (README: "Serving").
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The library's files: outside MEDIA_ROOT and never served from a folder; only
# knowledge.views.resource_file sends them, to whoever may read them.
KNOWLEDGE_FILES_ROOT = Path(
    env.str("DJANGO_KNOWLEDGE_FILES_ROOT", default=str(VAR_DIR / "library"))
)
# Below the proxy's request limit (README: client_max_body_size 12m), so a form says it, not nginx.
KNOWLEDGE_MAX_FILE_MB = env.int("KNOWLEDGE_MAX_FILE_MB", default=10)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: SMTP from EMAIL_URL (smtp+tls://user:password@host:587) or the EMAIL_* variables;
# without either, e-mails are printed to the console (development).
if "EMAIL_URL" in os.environ:
    _email = env.email_url("EMAIL_URL")
else:
    _email = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"
        if "EMAIL_HOST" in os.environ
        else "django.core.mail.backends.console.EmailBackend",
        "EMAIL_HOST": env.str("EMAIL_HOST", default=""),
        "EMAIL_PORT": env.int("EMAIL_PORT", default=587),
        "EMAIL_HOST_USER": env.str("EMAIL_HOST_USER", default=""),
        "EMAIL_HOST_PASSWORD": env.str("EMAIL_HOST_PASSWORD", default=""),
        "EMAIL_USE_TLS": env.bool("EMAIL_USE_TLS", default=True),
    }
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email.get("EMAIL_HOST_USER", ""),
        "password": _email.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Coworking Norge <post@coworkingnorge.no>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Scripts and styles come from the site itself only; no 'unsafe-inline' anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
