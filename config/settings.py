"""Settings for the whole site, read from the environment.

Development needs no variables at all: SQLite in the project folder, DEBUG on,
e-mail on the console. Production sets DEBUG=false and must then name its own
SECRET_KEY and ALLOWED_HOSTS; see "Production" in the README.
"""

import datetime
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address, for links in e-mails that are not sent from a request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin on config.admin_site.AdminSite: the same two-factor login as the rest.
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    # htmx for the back office (ticking attendance, inline rows, search as you type),
    # served from django-htmx's own static files, never from a CDN.
    "django_htmx",
    # Security: second factor (TOTP app and backup codes), login lockout, CSP.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # The ground floor: plumbing that every app uses and that knows no domain.
    "core",
    # The durable e-mail queue (initiatives' sign-ups): mail is a database row first.
    "post_office",
    # The house's floors, lowest first: a lower app never imports a higher one.
    "wei",
    "participants",
    "initiatives",
    "nieuweroute",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.PermissionsPolicyMiddleware",
    "core.headers.RobotsTagMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: bodies above REQUEST_BODY_MAX_KB get a 413.
    "core.limits.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.sessions.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.two_factor.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A public form past its rate limit (core.ratelimit) gets RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that it sees the failed logins of every view above it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wei.navigation.staff_navigation",
            ],
        },
    },
]

# DATABASE_URL unset: SQLite beside manage.py, so a fresh clone runs without a server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    # The embedded database (`make run`) under concurrent writes: each transaction takes
    # the write lock when it begins, and a writer waits up to SQLITE_TIMEOUT seconds for
    # another one to finish instead of failing with "database is locked". (A deferred
    # transaction that read first cannot wait: SQLite refuses its write at once.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env_int("SQLITE_TIMEOUT", 20))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it estimates as costly (a count over every visible
    # participant) to machine code first: about 90 ms each time, far more than the
    # query itself takes. Pages run short queries, so compiling never pays back.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache carries the public forms' rate limits, which must hold across
# workers and hosts: Redis in production, memory in development.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "wijkkompas"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public forms' rate limit (core.ratelimit, django-ratelimit) counts in a cache of
# its own on the same server, which answers "no count" when Redis is down, so the forms
# fail open with a logged warning instead of answering 500. In memory it shares the
# default cache's store, so clearing the one clears the counts too.
CACHES["ratelimit"] = {
    **CACHES["default"],
    **({"BACKEND": "core.ratelimit.FailOpenRedisCache",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}} if REDIS_URL else {}),
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "core.ratelimit.rate_limited"
# Its "ip" key reads the same client address as the login lockout (TRUSTED_PROXY_COUNT).
RATELIMIT_IP_META_KEY = "core.ratelimit.address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new and changed passwords; older hashes still verify and are
# upgraded to Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin lives at a path of the deployment's choosing, away from the usual scanners.
ADMIN_URL = env_str("ADMIN_URL", "beheer/").strip("/") + "/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Where a login without a `next` address lands, by the staff roles (core.two_factor asks).
LOGIN_LANDING_PAGE = "wei.navigation.landing_page"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (after collectstatic); plain
        # finders in development and tests, which never run collectstatic.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded and generated files (e.g. attachments of queued e-mail). Never served
# publicly: they may hold personal data.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP in production, a folder of .eml files
# for local end-to-end checks (EMAIL_BACKEND=file).
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp")
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}, not {_email_backend!r}."
    )
# All of Django's mail goes into django-post-office's queue, written in the same
# transaction as what caused it; `manage.py send_queued_mail` delivers it after
# commit through the backend chosen above, and retries when the server fails.
EMAIL_BACKEND = "core.mail.QueueBackend"  # post_office's queue, texts kept as written
POST_OFFICE = {
    "BACKENDS": {"default": _EMAIL_BACKENDS[_email_backend]},
    "MAX_RETRIES": env_int("EMAIL_MAX_RETRIES", 8),
    # Retried every RETRY_INTERVAL until MAX_RETRIES (post_office has no growing backoff).
    # EMAIL_RETRY_SECONDS, when set, wins: the load run compresses an outage into seconds.
    "RETRY_INTERVAL": datetime.timedelta(
        seconds=env_int("EMAIL_RETRY_SECONDS", 60 * env_int("EMAIL_RETRY_MINUTES", 15))
    ),
    # `make run` convenience: development sends at once instead of waiting for the worker.
    "DEFAULT_PRIORITY": "now" if env_bool("EMAIL_SEND_NOW", DEBUG) else "medium",
    "LOG_LEVEL": 1,
}
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Wijkkompas <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Public sign-ups (initiatives): how long a confirmation link holds, and how many
# public form posts one IP address may make ("10/h", "3/m", "100/d").
SIGNUP_CONFIRMATION_DAYS = env_int("SIGNUP_CONFIRMATION_DAYS", 7)
PUBLIC_FORM_RATE_LIMIT = env_str("PUBLIC_FORM_RATE_LIMIT", "10/h")
if not re.fullmatch(r"[0-9]+/[smhd]", PUBLIC_FORM_RATE_LIMIT):
    raise ImproperlyConfigured(
        f"PUBLIC_FORM_RATE_LIMIT must look like '10/h', not {PUBLIC_FORM_RATE_LIMIT!r}."
    )

# The largest request body the site reads, in KiB: forms only, no uploads anywhere.
# File parts of a multipart body escape DATA_UPLOAD_MAX_MEMORY_SIZE, so this counts the
# whole body (core.limits); set the proxy's limit to the same (client_max_body_size).
REQUEST_BODY_MAX_KB = env_int("REQUEST_BODY_MAX_KB", 512)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_KB * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_KB * 1024

# Privacy (AVG): how long personal data is kept; `manage.py apply_retention`, run
# daily, anonymises and removes what is past these periods (participants.privacy).
RETENTION_OUTFLOW_MONTHS = env_int("RETENTION_OUTFLOW_MONTHS", 24)
RETENTION_UNCONFIRMED_SIGNUP_DAYS = env_int("RETENTION_UNCONFIRMED_SIGNUP_DAYS", 30)
RETENTION_MAIL_DAYS = env_int("RETENTION_MAIL_DAYS", 90)
if min(RETENTION_OUTFLOW_MONTHS, RETENTION_MAIL_DAYS) < 1:
    raise ImproperlyConfigured(
        "RETENTION_OUTFLOW_MONTHS and RETENTION_MAIL_DAYS must be 1 or more."
    )
if RETENTION_UNCONFIRMED_SIGNUP_DAYS < SIGNUP_CONFIRMATION_DAYS:
    # A sign-up must outlive its confirmation link, or a valid link would find nothing.
    raise ImproperlyConfigured(
        "RETENTION_UNCONFIRMED_SIGNUP_DAYS must be at least SIGNUP_CONFIRMATION_DAYS."
    )

# Production hardening; all of it is checked by `manage.py check --deploy`.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Security: what the README's "Security" section promises, setting by setting.
# A second factor (an authenticator app, or a backup code) for every account;
# required whenever DEBUG is off, so the demo login of `make run` stays one step.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Wijkkompas")
# How long a one-time link to enrol a first authenticator app holds (core.two_factor).
TWO_FACTOR_ENROLMENT_HOURS = env_int("TWO_FACTOR_ENROLMENT_HOURS", 72)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no secrets or QR codes of devices in the admin

# A logged-in session ends after this many minutes without a page being opened.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords or codes
# for one account, or from one address, logging in is refused for
# LOGIN_LOCKOUT_MINUTES. Behind a proxy, TRUSTED_PROXY_COUNT says how many proxies
# append to X-Forwarded-For, so the lockout counts the client and not the proxy.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "core.two_factor.views.locked_out"
# Failures expire after the lockout time; they are not wiped by a success, which would
# let anyone with one working account reset the count of their address between guesses.
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_VERBOSE = False  # log lockouts without the start-up banner; names and addresses masked
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Content-Security-Policy (django-csp 4): only this site's own files; no inline
# script or style anywhere (templates keep their CSS in static files). Bootstrap's
# form controls draw their icons from data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# No camera, microphone or location for any page (core.headers).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG

# HSTS preload (security.W021) is a promise to the browser vendors that every
# subdomain of the host will be HTTPS forever; a municipality decides that per
# domain, so it is opt-in through SECURE_HSTS_PRELOAD and the check stays quiet.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# No personal data in the logs: every handler masks e-mail addresses (for instance in
# an SMTP refusal that the mail queue logs); see participants.logfilters.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "participants.logfilters.RedactPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-post-office adds a handler of its own, unfiltered, unless its logger has one.
    "loggers": {
        "post_office": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint tells every layout step at INFO; a report's PDF needs its warnings only.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
