"""Settings for the Khartoum Process site: one module, configured by environment variables.

The defaults serve a developer's laptop (SQLite, debug on, files on local disk).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-key-for-local-development-only"


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, as it asks: the translated fields' admin widgets and checks.
    "modeltranslation",
    # What the apps share, then the domain. Before the admin: each content app registers its
    # models' history when it starts (meetings.history), and the admin's own start, which loads
    # every admin.py, would otherwise register them with django-reversion's defaults.
    "core",
    "priorities",
    "documents",
    "meetings",
    # The Process over time and the follow-up of its commitments, which read meetings.
    "process",
    "followup",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_prose_editor",
    "reversion",
    "csp",
    # Before the content apps: the Administrator group is given their permissions after each
    # content app migrates (core.roles), and these must exist by then.
    "axes",
    "django_otp",
    "accounts.apps.AuthenticatorAppsConfig",
    "accounts.apps.RecoveryCodesConfig",
    # The features, then the project shell (ARCHITECTURE.md).
    "accounts",
    "secretariat",
    "glance",
    "maintenance",
    "search",
    "demo",
    "api",
    "alerts",
    "khartoum",
]

# The header-setting middleware come first, so that even an answer made by a later middleware
# (a 400 for an unknown host, from CommonMiddleware) carries every header.
MIDDLEWARE = [
    # First, so that every log line of the request, whatever answers it, carries its id.
    "core.logs.RequestIdMiddleware",
    # /health/ for load balancers: by any host name, over plain HTTP, never cached.
    "khartoum.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session middleware: it sees the Vary: Cookie that reading a session adds,
    # and a page it serves skips everything below (core.page_cache).
    "core.page_cache.PageCacheMiddleware",
    # A database or object store that does not answer: a 503 page, not a 500 (khartoum.outage).
    "khartoum.outage.OutageMiddleware",
    # An upload whose transaction is rolled back leaves no file behind (core.upload_rollback).
    "core.upload_rollback.UploadRollbackMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, with the admin and the other unprefixed addresses in the visitor's language.
    "core.languages.LocaleMiddleware",
    # A visitor who chose French or Arabic is taken there from an English address.
    "core.languages.RememberedLanguage",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.views.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After CSRF's and the messages': an admin form sent after its session ended is held
    # across signing in again (core.admin.forms_across_sign_in).
    "core.admin.forms_across_sign_in.HoldFormAcrossSignIn",
    "secretariat.middleware.AdminNullCharacters",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khartoum.urls"
# Forms find their templates among the site's own (the public filter forms render their
# fields with templates/includes/filter_field.html); "django.forms" supplies the defaults.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "khartoum.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A connection broken by an outage is replaced at the next request: the site comes
        # back by itself when the database does (khartoum.outage).
        conn_health_checks=True,
    )
}
if DATABASES["default"].get("ENGINE", "").endswith("postgresql"):
    # A database host that does not answer fails a request in seconds (a 503 page), rather
    # than after the operating system's timeout of minutes. `?connect_timeout=` in
    # DATABASE_URL changes it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its user name or client address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface's languages, each named in its own language (the switcher shows them so, to
# readers of that language). English is unprefixed (/meetings/), French and Arabic have
# /fr/ and /ar/ (khartoum/urls.py); the admin follows the language cookie, then the browser.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
# Remembered for a year once a visitor chooses a language; never set otherwise.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# What visitors read has a column per language (meetings/translation.py,
# documents/translation.py): English is required, French and Arabic fall back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_CUSTOM_FIELDS = ("RichTextField",)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date input formats of our own (day first, never month first): khartoum/formats/<language>/.
FORMAT_MODULE_PATH = ["khartoum.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served by whitenoise at the site's root: favicon.ico, which browsers ask for on every page.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Uploaded files are never served from a public static path: documents and photos go through
# views that check publication, and /media/ itself is open to staff only (admin previews).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The cache: Redis, shared by every server process, when REDIS_URL is set (e.g.
# redis://127.0.0.1:6379/0); otherwise each process's memory, which suits one process on a
# laptop. Short socket timeouts: a Redis that stops answering costs a page milliseconds.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Two aliases (core.redis_cache): "default" for what the code renders or computes, under keys
# that name the code's release (PAGE_CACHE_RELEASE), so a deploy never serves what the one
# before it rendered (the record's version apart); "durable" for what a deploy must not drop
# (sessions, the throttles' counts).
RELEASE_IN_KEYS = {"KEY_FUNCTION": "core.redis_cache.release_key"}
if REDIS_URL:
    SHARED_CACHE = {
        # Django's RedisCache, serving without Redis while it does not answer.
        "BACKEND": "core.redis_cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "khartoum"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {**SHARED_CACHE, **RELEASE_IN_KEYS},
        "durable": SHARED_CACHE,
    }
    # Sessions read from the cache, written through to the database: a Redis restart
    # signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "durable"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            **RELEASE_IN_KEYS,
        },
        "durable": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "durable",
        },
    }
# Parts of a page rendered from the code and the language alone (the site's header and
# footer): cached in each process's memory, which a new release replaces; not cached while
# developing, where templates change under a running server.
CACHES["fragments"] = {
    "BACKEND": (
        "django.core.cache.backends.dummy.DummyCache"
        if DEBUG
        else "django.core.cache.backends.locmem.LocMemCache"
    ),
    "LOCATION": "fragments",
    **RELEASE_IN_KEYS,
}
# The record's version (core.record_version) lives in the cache when every process shares it,
# in the database otherwise.
RECORD_VERSION_IN_CACHE = env_bool("DJANGO_RECORD_VERSION_IN_CACHE", bool(REDIS_URL))
# Anonymous public pages are cached for up to this long (0: not at all; the
# default on a developer's laptop, where templates change under a running server). Every
# change to the record replaces them at once (core.page_cache); downloads do not, so a
# download count shown on a page is at most this old.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# What the code is (e.g. its commit): nothing rendered by another release is served from the
# caches (core.redis_cache.release). By default a digest of the source files, read at the
# first request, so a developer's restart after editing a template renders afresh too.
PAGE_CACHE_RELEASE = os.environ.get("DJANGO_RELEASE", "")

# Uploaded files on S3-compatible object storage (AWS S3, MinIO, Ceph…) when a bucket is
# named; on local disk (MEDIA_ROOT) otherwise. The bucket stays private: every download is
# checked by the site, then sent through a link signed for a minute (or proxied by nginx,
# DJANGO_DOWNLOADS_X_ACCEL_PREFIX). An upload never replaces an object: a name taken gets
# a suffix. Without keys, boto3 finds credentials itself (an instance role, ~/.aws).
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")


def s3_storage(bucket, **options):
    """The default storage on an S3 bucket (tests/object_storage.py uses it too)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "client_config": Config(
                # Path-style addresses (endpoint/bucket/key) work with every S3 API.
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                # An object store that does not answer fails a request in seconds.
                connect_timeout=2,
                read_timeout=20,
                retries={"mode": "standard", "max_attempts": 2},
            ),
            **options,
        },
    }


if S3_BUCKET:
    STORAGES["default"] = s3_storage(
        S3_BUCKET,
        endpoint_url=os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("DJANGO_S3_REGION") or None,
        access_key=os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        secret_key=os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        location=os.environ.get("DJANGO_S3_PREFIX", ""),
        querystring_expire=env_int("DJANGO_S3_LINK_SECONDS", 60),
    )

# The rich-text editor's one extension of the project's own: pasted headings are mapped onto the
# levels it offers. It makes no markup (`html_tags([])`); core/richtext.py keeps the allow-list.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/pasted-structure.js")],
        "extensions": {"PastedStructure": html_tags([])},
    }
]

# Upload limits, in megabytes; checked from the upload's declared size, never by reading it.
DOCUMENT_MAX_UPLOAD_MB = int(os.environ.get("DJANGO_DOCUMENT_MAX_UPLOAD_MB", "50"))
PHOTO_MAX_UPLOAD_MB = int(os.environ.get("DJANGO_PHOTO_MAX_UPLOAD_MB", "20"))
# Bulk uploads send many files in one request.
DATA_UPLOAD_MAX_NUMBER_FILES = 200

# When set (e.g. "/protected-media/"), downloads are handed to nginx with X-Accel-Redirect
# to that internal location after Django has checked access; see the README.
DOWNLOADS_X_ACCEL_PREFIX = os.environ.get("DJANGO_DOWNLOADS_X_ACCEL_PREFIX", "")

# Security headers, on every response in development too, so that a page breaking under them
# shows on a developer's laptop first. The README's production section says why each is set.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything a browser can grant a page that this site never asks for.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    ]
}
CSRF_FAILURE_VIEW = "khartoum.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# No script of the site or of the admin reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp). Public pages load scripts and styles from the site only;
# a page that needs an inline script or style (the admin's rich-text editor and its import map)
# reads `request.csp_nonce`, and only then does its header carry a nonce.
csp_directives = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
}
if os.environ.get("DJANGO_CSP_REPORT_URI"):
    csp_directives["report-uri"] = [os.environ["DJANGO_CSP_REPORT_URI"]]
# Report-only: browsers report what the policy would block and block nothing, to try a change
# of policy on the live site before enforcing it.
if env_bool("DJANGO_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": csp_directives}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": csp_directives}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Off when the TLS-terminating proxy already redirects plain HTTP to HTTPS.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Only a proxy that sets X-Forwarded-Proto itself (and drops the client's) may be trusted
    # with it; otherwise any client could claim that a plain-HTTP request came over HTTPS.
    if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    # A protection turned off by its setting is the operator's documented choice (the proxy
    # redirects; the parent domain is not ours to enrol in browsers' preload lists): the deploy
    # check need not warn about it. Left on, each is checked.
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, kept in [
            ("security.W008", SECURE_SSL_REDIRECT),
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        ]
        if not kept
    ]


# Accounts and sign-in (README, "Accounts and sign-in").

# Signing in is the admin's; after it (and when `next` points off the site) the admin's home.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# How many proxies (nginx, a load balancer) stand in front of the site and append the address
# they saw to X-Forwarded-For. 0: the header is ignored and the connection's address is the
# client's, so a forged header cannot dodge a lockout (core.http.client_address).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# django-axes (accounts.sign_in_limits): after LOGIN_FAILURE_LIMIT failed sign-ins for one user
# name from one client address, that name is refused from that address; after
# LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the names, the address is
# refused. Either for LOGIN_LOCKOUT_MINUTES after the failure that counted last: attempts during
# a lockout are not counted, so they do not make it longer. A user name is never locked from
# every address, so nobody can keep a member of staff out by failing with their name; an
# administrator lifts a lockout at once in the admin.
LOGIN_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 10)
AXES_FAILURE_LIMIT = "accounts.sign_in_limits.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in clears its own user name's failures from its address
# (accounts.sign_in_log.record_sign_in), not the address's: django-axes would clear both.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Successful sign-ins are recorded by the site's own sign-ins (accounts.sign_in_log).
AXES_DISABLE_ACCESS_LOG = True

# Two-factor sign-in (time-based one-time passwords, django-otp) is required of administrators
# and publishers when on: by default in production, not on a developer's laptop.
REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Khartoum Process"

# A session ends after this long without a request; each request starts the time again.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Logs: one JSON object per line on stderr (gunicorn passes it on to the collector), or plain
# lines for a developer's console. Each line carries the request's id (core.logs).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "core.logs.RequestFilter"},
        "visitor_mistake": {"()": "core.logs.VisitorMistake"},
    },
    "formatters": {
        "json": {
            "()": "core.logs.JsonFormatter",
            "fmt": "{asctime}{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "{asctime} {levelname} {name} [{request_id}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # A Host header not in ALLOWED_HOSTS is a visitor's mistake or a scanner's probe, answered
    # with a 400: a warning, not an error of the site.
    "loggers": {"django.security.DisallowedHost": {"filters": ["visitor_mistake"]}},
}

# The read-only JSON API (README, "API"). Anonymous only: no session is read, so staff see
# what everybody sees (never a draft), and no request can write. JSON only: DRF's browsable
# pages would need inline scripts; /api/docs/ documents the API instead.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
# Requests per client address (core.http.client_address): "<number>/<second|minute|hour|day>".
API_THROTTLE_RATE = os.environ.get("DJANGO_API_THROTTLE_RATE", "120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Khartoum Process API",
    "DESCRIPTION": (
        "The public record of the Khartoum Process, read-only: published meetings with their "
        "participants, conclusions and documents; documents with each language's file."
    ),
    "VERSION": "1",
    # 3.1: JSON Schema itself, where an optional nested object is simply "or null".
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the site's own static files, not a CDN: the CSP allows only the site.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The answers every endpoint shares (304, 400, 404, 429), after drf-spectacular's own hook.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_answers",
    ],
}

# Email (README, "Email alerts"). On a developer's laptop emails are printed on the console;
# production sends through an SMTP server.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Khartoum Process <alerts@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's address as visitors reach it, for the links of emails (which have no request to
# take a host from): scheme and host, no trailing slash. Required in production for alerts.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

# Email alerts: how long a confirmation link works, and how many subscription requests one
# client address and one email address may make ("<number>/<second|minute|hour|day>").
ALERTS_CONFIRM_DAYS = env_int("DJANGO_ALERTS_CONFIRM_DAYS", 3)
ALERTS_RATE_PER_ADDRESS = os.environ.get("DJANGO_ALERTS_RATE_PER_ADDRESS", "10/hour")
ALERTS_RATE_PER_EMAIL = os.environ.get("DJANGO_ALERTS_RATE_PER_EMAIL", "3/hour")
