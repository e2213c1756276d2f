"""Settings for Twinning, read from the environment.

Defaults give the embedded set-up (SQLite under ``var/``, database task queue, local-memory cache);
``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis (cache + RQ task queue).
``DEBUG=0`` is production: it requires ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import contextlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TWINNING_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a production server that forgets the variable never shows debug pages.
# `make run` and `make test` turn it on for the demo and the tests.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Twinning refuses to start without a secret key unless DEBUG=1 "
            "(development: `make run` sets it). In production set SECRET_KEY to a long random value (for "
            "example the output of `python -c 'import secrets; print(secrets.token_urlsafe(64))'`)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set. In production (DEBUG=0) list the host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "twinning.core.admin_apps.TwinningAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_prose_editor",  # the rich-text editor's assets (twinning/core/richtext.py)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # The stack, from the bottom (docs/architecture.md): each app imports only those listed before it.
    "twinning.core",
    "twinning.staff",
    "twinning.reference",
    "twinning.schools",
    "twinning.accounts",
    # Shared by the domains: the one discussion engine (forums → discussions → threads → posts).
    "twinning.discussions",
    # Domains (docs/architecture.md): each on the foundation, depending on another only where declared.
    "twinning.moderation",
    "twinning.contacts",
    "twinning.partners",
    "twinning.projects",
    "twinning.groups",
    "twinning.twinspace",
    "twinning.certificates",
    "twinning.learning",
    "twinning.events",
    "twinning.competences",
    "twinning.knowledge",
    "twinning.support",
    "twinning.publishing",
    "twinning.newsletter",
    "twinning.stats",
    # Wagtail, for publishing (docs/publishing.md): after the domain apps, so the platform's templates win.
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "twinning.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "twinning.core.middleware.LocaleMiddleware",  # Django's, keeping the 404s of views outside /el/ /en/
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body (the CSRF check reads POST): refuse oversized requests unread.
    "twinning.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "twinning.core.middleware.EmbedFramesMiddleware",  # frame-src from the embeds' allow-list
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "twinning.accounts.middleware.StaffIdleTimeoutMiddleware",
    "twinning.accounts.middleware.StaffMFAMiddleware",
    "twinning.accounts.middleware.PrivatePagesNoStoreMiddleware",
    "twinning.accounts.middleware.LastSeenMiddleware",
    "twinning.core.pupils.PupilAreaMiddleware",  # pupils see only their workspaces (domain §6)
    "axes.middleware.AxesMiddleware",
    # Wagtail's admin under /cms/: group membership synced from the platform's roles, others kept out.
    "twinning.publishing.middleware.CMSAccessMiddleware",
]

ROOT_URLCONF = "twinning.urls"
# Every form is drawn the same way: labels above, hints, errors tied to fields, an error summary.
FORM_RENDERER = "twinning.core.forms.TwinningFormRenderer"
WSGI_APPLICATION = "twinning.wsgi.application"
ASGI_APPLICATION = "twinning.asgi.application"

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
                "twinning.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'twinning.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    DATABASES["default"].setdefault("TEST", {})
    # Planner cost of a random page read. PostgreSQL's default (4) assumes spinning disks and made it
    # scan whole tables instead of using the trigram search indexes; 1.1 is the usual value for SSDs and
    # in-memory working sets (docs/performance.md). Set DB_RANDOM_PAGE_COST="" to keep the server's value.
    _page_cost = os.environ.get("DB_RANDOM_PAGE_COST", "1.1")
    if _page_cost:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(_page_cost)}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and task queue ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "twinning.core.cache.RedisCache",  # one client per pool (core/cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "twinning"),
        }
    }
    INSTALLED_APPS.append("django_tasks_rq")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # Sessions read from the shared cache (one query less per request), written through to the database
    # so that a restart of Redis logs nobody out. Never with the per-process memory cache: a session
    # ended in one worker would live on in another's copy.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id first (twinning/core/hashers.py); PBKDF2 only to verify passwords stored before, re-hashed at sign-in.
PASSWORD_HASHERS = [
    "twinning.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the e-mail address from the sign-up's browser signs the person in (no second login).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Every e-mail's subject starts with the community's name (allauth's and the platform's own).
EMAIL_SUBJECT_PREFIX_PLATFORM = "[eTwinning] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX_PLATFORM
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "twinning.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "twinning.accounts.forms.SignupForm"}
ACCOUNT_PREVENT_ENUMERATION = True
# Failed logins are limited per client address here, and per login name *and* address by django-axes.
# allauth's default also limits per login name alone, which lets anyone lock a named teacher out.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Twinning"
MFA_ADAPTER = "twinning.accounts.mfa_adapter.MFAAdapter"
# Fernet keys (comma-separated, the first encrypts) for TOTP secrets at rest; without it a key is derived
# from SECRET_KEY. Set it in production so that rotating SECRET_KEY does not void every authenticator.
MFA_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEYS")
# Staff sessions (NSO, CSS, ambassadors, administrators) end after this long without a request.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30"))

# How many reverse proxies in front of the application append to X-Forwarded-For (nginx: 1). The
# client's address for rate limits, lockouts and /healthz comes from there (twinning.core.net).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# django-axes: lock a username from one address, never a whole school network (pupils share IPs).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "twinning.accounts.axes.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "twinning.core.net.client_ip"

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "el"
LANGUAGES = [("el", _("Greek")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Athens"
USE_I18N = True
USE_TZ = True
# Dates as Europeans write them in both languages: day/month/year, 24-hour clock (twinning/formats/).
FORMAT_MODULE_PATH = ["twinning.formats"]

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# The H5P player (npm package h5p-standalone, installed by `make` with `npm ci`) is served from its dist folder.
STATICFILES_DIRS = [BASE_DIR / "static", ("h5p-standalone", BASE_DIR / "node_modules" / "h5p-standalone" / "dist")]
with contextlib.suppress(OSError):  # a read-only deployment collects static files elsewhere beforehand
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Public media: files anyone may see (served by the proxy under /media/, or by Django when
# SERVE_PUBLIC_MEDIA is on). Private files (profile photos, registry imports, later workspace files) live
# elsewhere under random names and are served only through views that check who asks (docs/security.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
SERVE_PUBLIC_MEDIA = env_bool("SERVE_PUBLIC_MEDIA", True)
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# How private files leave the server: "django" (the application streams them), "nginx"
# (X-Accel-Redirect to PRIVATE_MEDIA_INTERNAL_URL) or "sendfile" (X-Sendfile, Apache/lighttpd).
PRIVATE_MEDIA_SERVER = os.environ.get("PRIVATE_MEDIA_SERVER", "django")
PRIVATE_MEDIA_INTERNAL_URL = os.environ.get("PRIVATE_MEDIA_INTERNAL_URL", "/_private/")
if PRIVATE_MEDIA_SERVER not in ("django", "nginx", "sendfile"):
    raise ImproperlyConfigured("PRIVATE_MEDIA_SERVER must be django, nginx or sendfile.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": PRIVATE_MEDIA_INTERNAL_URL},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Request size: a body larger than the view accepts is refused (413) before it is read. Views that take
# uploads declare their own limit (twinning.core.uploads.accepts_upload); the proxy caps it too.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SCHOOL_IMPORT_MAX_BYTES = int(os.environ.get("SCHOOL_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
# An uploaded registry file is deleted this many days after the upload (the import's record stays).
SCHOOL_IMPORT_FILE_DAYS = int(os.environ.get("SCHOOL_IMPORT_FILE_DAYS", "7"))
PROFILE_PHOTO_MAX_BYTES = 2 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------
# In development e-mails are printed, readably, by `make run` (twinning.core.mail.ReadableConsoleBackend).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "twinning.core.mail.ReadableConsoleBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Production e-mail through an e-mail service's API (django-anymail, docs/newsletter.md): ANYMAIL_ESP names it
# ("mailgun", "postmark", "sendgrid", "amazon_ses"…), ANYMAIL_API_KEY is its key; otherwise SMTP as above.
ANYMAIL_ESP = os.environ.get("ANYMAIL_ESP", "").strip().lower()
if ANYMAIL_ESP:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
    _key_name = {"postmark": "SERVER_TOKEN", "mailersend": "API_TOKEN", "amazon_ses": ""}.get(ANYMAIL_ESP, "API_KEY")
    ANYMAIL = {f"{ANYMAIL_ESP.upper()}_{_key_name}": os.environ.get("ANYMAIL_API_KEY", "")} if _key_name else {}
    if os.environ.get("ANYMAIL_SENDER_DOMAIN"):  # Mailgun, SparkPost…: the domain the messages are sent from
        ANYMAIL[f"{ANYMAIL_ESP.upper()}_SENDER_DOMAIN"] = os.environ["ANYMAIL_SENDER_DOMAIN"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eTwinning <no-reply@twinning.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute address of the site, for links in e-mails sent by background tasks (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Helpdesk by e-mail (docs/support-email.md): the support address (replies come to support+<ticket's token>@ its
# domain), the mailbox `manage.py fetch_support_mail` reads (imaps://user:pass@host:993/INBOX or
# pop3s://user:pass@host:995; empty: not read), the HMAC key of the inbound webhook (empty: no webhook), the
# largest e-mail taken, and the largest attached file kept (at most SUPPORT_ATTACHMENT_MAX_FILES per e-mail).
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "support@twinning.example")
SUPPORT_MAILBOX_URL = os.environ.get("SUPPORT_MAILBOX_URL", "")
SUPPORT_MAILBOX_AFTER = os.environ.get("SUPPORT_MAILBOX_AFTER", "delete")  # IMAP: "delete", "keep" or a folder
SUPPORT_INBOUND_SECRET = os.environ.get("SUPPORT_INBOUND_SECRET", "")
SUPPORT_INBOUND_MAX_BYTES = int(os.environ.get("SUPPORT_INBOUND_MAX_BYTES", str(10 * 1024 * 1024)))
SUPPORT_ATTACHMENT_MAX_BYTES = int(os.environ.get("SUPPORT_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
SUPPORT_ATTACHMENT_MAX_FILES = 3
# The receiving mail server's name in its Authentication-Results header; when set, only its verdict counts.
SUPPORT_MAIL_AUTHSERV_ID = os.environ.get("SUPPORT_MAIL_AUTHSERV_ID", "")
# Certificates: the RSA key signing Open Badges (PEM; made on first use if missing, docs/certificates.md);
# retired keys (paths separated by os.pathsep) stay published in the JWKS so older badges still verify.
OPEN_BADGES_KEY_FILE = os.environ.get("OPEN_BADGES_KEY_FILE", str(VAR_DIR / "open-badges-key.pem"))
OPEN_BADGES_RETIRED_KEY_FILES = [p for p in os.environ.get("OPEN_BADGES_RETIRED_KEY_FILES", "").split(os.pathsep) if p]

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CSRF_FAILURE_VIEW = "twinning.core.errorviews.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# --- Publishing (Wagtail, docs/publishing.md) -------------------------------------------------
WAGTAIL_SITE_NAME = "eTwinning"
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Editors sign in through the platform's login (allauth + the staff's second factor), never Wagtail's form.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# Documents are public publications (e-books, guides): served directly, no per-document check.
WAGTAILDOCS_SERVE_METHOD = "direct"
WAGTAILDOCS_EXTENSIONS = ["pdf", "epub", "odt", "docx", "pptx", "odp"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
PUBLISHING_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # e-books and guides (PDF, EPUB) uploaded in the CMS
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third party from the admin (privacy, CSP)
WAGTAILADMIN_COMMENTS_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True

# --- Logging: one JSON object per line --------------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
        "fontTools": {"level": "WARNING"},  # the PDF font subsetter reports every glyph at INFO
    },
}
