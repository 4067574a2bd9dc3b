"""Settings for xiaoan, driven by environment variables.

| variable | meaning | default |
|---|---|---|
| XIAOAN_DEBUG | 1 for development | 0 |
| XIAOAN_DEMO | 1 for the demo (`xiaoan demo` sets it): production settings, but a generated key kept under the data dir, cookies over plain HTTP and the seed's date | 0 |
| SECRET_KEY | required in production; debug and the demo keep one under the data dir | — |
| DATABASE_URL | sqlite:///… or postgres://… | SQLite under XIAOAN_DATA_DIR |
| XIAOAN_DATA_DIR | database, uploads, collected static files | ./var |
| XIAOAN_ALLOWED_HOSTS | comma-separated host names | localhost,127.0.0.1,[::1] |
| XIAOAN_SECURE_COOKIES | 0 to allow cookies over plain HTTP in production | on unless debug |
| XIAOAN_TODAY | pins the clock's date (the demo: 2024-03-04) | unset |
| XIAOAN_WEBHOOK_URL | messaging-robot webhook for notifications | unset |
| XIAOAN_TASK_BACKEND | database, immediate or rq | database |
| XIAOAN_REDIS_URL | Redis for the rq backend | redis://localhost:6379/0 |
| XIAOAN_MAX_UPLOAD_MB | attachment size limit | 20 |
| XIAOAN_IMPORT_MAX_MB | size limit of an imported 12345 export (100,000 rows ≈ 22 MB) | 100 |
| XIAOAN_ARCHIVE_MAX_MB | most an uploaded .xlsx/.docx may unpack to, and the largest CSV read (a 200,000-row 12345 export unpacks to ≈ 420 MB); readers of smaller files use less | 500 |
| XIAOAN_ARCHIVE_MAX_ENTRIES | most parts an uploaded .xlsx/.docx may hold | 1000 |
| XIAOAN_ARCHIVE_MAX_RATIO | most a part larger than 1 MB may be compressed (real office files: under 20×) | 100 |
| XIAOAN_CSRF_TRUSTED_ORIGINS | comma-separated origins behind a proxy (https://…) | unset |
| XIAOAN_LOCKOUT_FAILURES / XIAOAN_LOCKOUT_MINUTES | wrong passwords that lock one username from one address, and the first lock's minutes (each further failure doubles it) | 5 / 15 |
| XIAOAN_LOCKOUT_MAX_MINUTES | the longest such lock | 1440 |
| XIAOAN_LOCKOUT_ADDRESS_FAILURES | wrong passwords from one address, any usernames, within an hour that lock the address | 20 |
| XIAOAN_TOKEN_DAYS | default validity of a new API token, in days | 90 |
| XIAOAN_SESSION_IDLE_MINUTES / XIAOAN_SESSION_MAX_HOURS | a session ends after this long idle / this long after sign-in | 30 / 12 |
| XIAOAN_PASSWORD_MAX_DAYS | days after which a password must be changed | unset: never |
| XIAOAN_HSTS_SECONDS / XIAOAN_HSTS_INCLUDE_SUBDOMAINS | Strict-Transport-Security, sent when secure cookies are on | 31536000 / 1 |
| XIAOAN_WEBHOOK_MAX_ATTEMPTS | webhook attempts before a delivery is kept as failed | 6 |
| XIAOAN_WEBHOOK_FLAVOUR | message shape: wecom (企业微信) or dingtalk (钉钉) | wecom |
| XIAOAN_BASE_URL | public address, for absolute links in webhook messages | unset |
| XIAOAN_JOB_STALL_SECONDS | a running import or briefing build silent this long has lost its worker: it is queued again once, then failed | 600 |
| XIAOAN_CONN_MAX_AGE | seconds a PostgreSQL connection is kept | 60 |
| XIAOAN_REPLICA_URL | postgres://… of a streaming read replica: the dashboard and the exports read from it | unset: all on DATABASE_URL |
| XIAOAN_MEDIA_ROOT | where uploads are stored | XIAOAN_DATA_DIR/media |
| XIAOAN_LOG_LEVEL | logging level | INFO |
| XIAOAN_BIND, XIAOAN_WEB_WORKERS, XIAOAN_WEB_THREADS | `xiaoan serve` defaults | 127.0.0.1:8000, 2×cores+1, 4 |
| XIAOAN_MAP_TILE_URL, XIAOAN_MAP_TILE_ATTRIBUTION | map tile server (intranets run their own) | unset: a plain background |
| XIAOAN_INSPECTION_DAYS | JSON: inspection interval in days by place kind | built-in intervals |
| XIAOAN_NINE_SMALL_KINDS | comma-separated place kinds counted as 九小场所 | the classic nine |
| XIAOAN_REPORT_LIMIT_PER_HOUR / _PER_DAY | public reward reports per client | 5 / 20 |
| XIAOAN_TRUSTED_PROXIES | comma-separated proxy addresses whose X-Forwarded-For is believed | unset |
| XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR | wrong ticket codes a client may try per hour | 20 |
| XIAOAN_REPORT_PHOTO_MAX_MB | size limit of one photo on the public form | 10 |
| XIAOAN_SMS_GATEWAY, XIAOAN_SMS_URL, XIAOAN_SMS_API_KEY, XIAOAN_SMS_SIGN | texts to reporters: database (record only) or http | database |
| XIAOAN_COMPLAINT_DEADLINE_WORKDAYS | working days a dispatched 12345 order has | 5 |
| XIAOAN_DUPLICATE_DAYS | days within which similar orders of a place are likely duplicates | 3 |
| XIAOAN_SPIKE_RATIO, XIAOAN_SPIKE_MIN_COUNT, XIAOAN_SPIKE_BASELINE_DAYS | 12345 spike alerts | 3, 10, 28 |
| XIAOAN_DIGEST_HOUR | hour (Asia/Shanghai) from which the daily digest goes out | 8 |
| XIAOAN_SECURITY_LOG_DAYS | days the security log is kept (never below 180) | 180 |
| XIAOAN_UPLOAD_QUOTA_MB | attachment uploads per user per day | 200 |
| XIAOAN_PII_KEY | secret (≥ 32 characters) encrypting callers' and reporters' names and phones; production web and worker processes refuse to start without it | debug, the demo and tests keep one under XIAOAN_DATA_DIR |
| XIAOAN_PII_CIPHER | sm4-gcm or aes-gcm, for newly written personal data | sm4-gcm |
| XIAOAN_BACKUP_KEY | passphrase of `xiaoan backup FILE --encrypt` and of restoring such a file | unset |

The allowed hosts default to localhost, 127.0.0.1 and [::1]; secure cookies
default to on whenever debug is off.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from xiaoan.demo.city import DEMO_TODAY


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("XIAOAN_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("XIAOAN_DEBUG", False)
#: the demo runs like production (no debug) on a laptop: see the table above
DEMO = env_bool("XIAOAN_DEMO", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEBUG and not DEMO:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：生产环境必须通过环境变量 SECRET_KEY 提供密钥"
            "（开发请设置 XIAOAN_DEBUG=1；演示请运行 xiaoan demo）。"
        )
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
#: the test suite runs with debug off; like the demo it needs no key of its own
_TESTING = "pytest" in sys.modules


def _pii_key() -> str:
    """The secret encrypting personal information at rest (see core/pii.py)."""
    key = os.environ.get("XIAOAN_PII_KEY", "")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured(
                "XIAOAN_PII_KEY 过短：个人信息加密密钥至少需要 32 个字符"
                "（可用 `python -c 'import secrets; print(secrets.token_urlsafe(32))'` 生成）。"
            )
        return key
    if not DEBUG and not DEMO and not _TESTING:
        # the web and worker processes refuse to start without it (core/pii.require_key);
        # tools that never touch personal data (checks, makemigrations, mypy) still run
        return ""
    key_file = DATA_DIR / "pii_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(32))
    return key_file.read_text().strip()


XIAOAN_PII_KEY = _pii_key()
XIAOAN_PII_CIPHER = os.environ.get("XIAOAN_PII_CIPHER", "") or "sm4-gcm"
if XIAOAN_PII_CIPHER not in {"sm4-gcm", "aes-gcm"}:
    raise ImproperlyConfigured(
        f"XIAOAN_PII_CIPHER={XIAOAN_PII_CIPHER} 无效：只能是 sm4-gcm（国密 SM4）或 aes-gcm。"
    )
XIAOAN_BACKUP_KEY = os.environ.get("XIAOAN_BACKUP_KEY", "")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("XIAOAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
if DEBUG:
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "xiaoan.core",
    "xiaoan.areas",
    "xiaoan.places",
    "xiaoan.directives",
    "xiaoan.hazards",
    "xiaoan.complaints",
    "xiaoan.dashboard",
    "xiaoan.reminders",
    "xiaoan.reader",
    "xiaoan.rewards",
    "xiaoan.briefings",
]
INSTALLED_APPS += ["xiaoan.duty"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "xiaoan.core.middleware.ContentSecurityPolicyMiddleware",
]
# a bare 405 becomes the Chinese page (or the API's JSON error)
MIDDLEWARE += ["xiaoan.core.error_pages.MethodNotAllowedMiddleware"]
MIDDLEWARE += [
    "xiaoan.core.session_limits.SessionLimitMiddleware",
    "xiaoan.core.session_limits.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "xiaoan.urls"
WSGI_APPLICATION = "xiaoan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xiaoan.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'xiaoan.sqlite3'}",
        conn_max_age=int(os.environ.get("XIAOAN_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the worker and the web processes read while one writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if os.environ.get("XIAOAN_REPLICA_URL"):
    # a streaming read replica for the dashboard and the exports (core/replica.py)
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["XIAOAN_REPLICA_URL"],
        conn_max_age=int(os.environ.get("XIAOAN_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["xiaoan.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "areas.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# 等保 2.0 level 3: 8+ characters of three classes, not the username, not common,
# not one of the last five; every message in Chinese (core.passwords)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "xiaoan.core.passwords.ComplexityValidator"},
    {"NAME": "xiaoan.core.passwords.NotUsernameValidator"},
    {"NAME": "xiaoan.core.passwords.ChineseCommonPasswordValidator"},
    {"NAME": "xiaoan.core.passwords.HistoryValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for the few Django messages whose own catalogue lacks them
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("XIAOAN_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
WHITENOISE_AUTOREFRESH = DEBUG

# Security: strict when not debugging.
SESSION_COOKIE_HTTPONLY = True
# sessions end after XIAOAN_SESSION_IDLE_MINUTES idle and XIAOAN_SESSION_MAX_HOURS
# after sign-in (core.session_limits); the cookie lives no longer than the latter
XIAOAN_SESSION_IDLE_MINUTES = int(os.environ.get("XIAOAN_SESSION_IDLE_MINUTES", "30"))
XIAOAN_SESSION_MAX_HOURS = int(os.environ.get("XIAOAN_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = 60 * 60 * XIAOAN_SESSION_MAX_HOURS
SECURE_COOKIES = env_bool("XIAOAN_SECURE_COOKIES", not DEBUG and not DEMO)
# HSTS: browsers keep to HTTPS once they have seen it (only with secure cookies)
SECURE_HSTS_SECONDS = (
    int(os.environ.get("XIAOAN_HSTS_SECONDS", str(365 * 24 * 3600))) if SECURE_COOKIES else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("XIAOAN_HSTS_INCLUDE_SUBDOMAINS", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("XIAOAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    None
    if DEBUG
    else "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)

# Login lockout (core.lockout): this many failures of one username from one address
# lock the pair for the minutes, doubled by each further failure up to the maximum;
# the address limit counts one address's failures for any usernames within an hour.
XIAOAN_LOCKOUT_FAILURES = int(os.environ.get("XIAOAN_LOCKOUT_FAILURES", "5"))
XIAOAN_LOCKOUT_MINUTES = int(os.environ.get("XIAOAN_LOCKOUT_MINUTES", "15"))
XIAOAN_LOCKOUT_MAX_MINUTES = int(os.environ.get("XIAOAN_LOCKOUT_MAX_MINUTES", "1440"))
XIAOAN_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("XIAOAN_LOCKOUT_ADDRESS_FAILURES", "20"))
# API tokens expire after this many days unless issued for another period
XIAOAN_TOKEN_DAYS = int(os.environ.get("XIAOAN_TOKEN_DAYS", "90"))
# passwords must be changed after this many days (unset: never)
XIAOAN_PASSWORD_MAX_DAYS = int(os.environ.get("XIAOAN_PASSWORD_MAX_DAYS") or "0") or None

XIAOAN_TODAY = os.environ.get("XIAOAN_TODAY") or (DEMO_TODAY if DEMO else None)
#: map tiles, e.g. an intranet tile server "https://tiles.example/{z}/{x}/{y}.png"; unset: a plain background
XIAOAN_MAP_TILE_URL = os.environ.get("XIAOAN_MAP_TILE_URL", "")
XIAOAN_MAP_TILE_ATTRIBUTION = os.environ.get("XIAOAN_MAP_TILE_ATTRIBUTION", "")
#: inspection interval in days by place kind (risk level scales it), e.g. '{"hotel": 45}'
XIAOAN_INSPECTION_DAYS = json.loads(os.environ.get("XIAOAN_INSPECTION_DAYS") or "{}")
#: the place kinds counted as 九小场所 (two definitions are in use: keep it configurable)
XIAOAN_NINE_SMALL_KINDS = [
    k.strip()
    for k in os.environ.get(
        "XIAOAN_NINE_SMALL_KINDS",
        "small_school,small_clinic,small_shop,small_restaurant,small_hotel,"
        "small_entertainment,small_internet_cafe,small_beauty_bath,small_workshop",
    ).split(",")
    if k.strip()
]
XIAOAN_WEBHOOK_URL = os.environ.get("XIAOAN_WEBHOOK_URL") or None
XIAOAN_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("XIAOAN_WEBHOOK_MAX_ATTEMPTS", "6"))
XIAOAN_WEBHOOK_FLAVOUR = os.environ.get("XIAOAN_WEBHOOK_FLAVOUR", "wecom")
XIAOAN_BASE_URL = os.environ.get("XIAOAN_BASE_URL", "").rstrip("/")
XIAOAN_MAX_UPLOAD_MB = int(os.environ.get("XIAOAN_MAX_UPLOAD_MB", "20"))
XIAOAN_IMPORT_MAX_MB = int(os.environ.get("XIAOAN_IMPORT_MAX_MB", "100"))
#: uploaded archives (.xlsx, .docx) are checked against these before any reader opens them
XIAOAN_ARCHIVE_MAX_MB = int(os.environ.get("XIAOAN_ARCHIVE_MAX_MB", "500"))
XIAOAN_ARCHIVE_MAX_ENTRIES = int(os.environ.get("XIAOAN_ARCHIVE_MAX_ENTRIES", "1000"))
XIAOAN_ARCHIVE_MAX_RATIO = int(os.environ.get("XIAOAN_ARCHIVE_MAX_RATIO", "100"))
DATA_UPLOAD_MAX_MEMORY_SIZE = XIAOAN_MAX_UPLOAD_MB * 1024 * 1024 + 1024 * 1024

XIAOAN_JOB_STALL_SECONDS = int(os.environ.get("XIAOAN_JOB_STALL_SECONDS", "600"))
TASKS: dict[str, dict[str, Any]]
RQ_QUEUES: dict[str, dict[str, Any]]
_task_backend = os.environ.get("XIAOAN_TASK_BACKEND", "database")
if _task_backend == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif _task_backend == "rq":
    # needs the `rq` extra: pip install "xiaoan[rq]"
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ.get("XIAOAN_REDIS_URL", "redis://localhost:6379/0")}}
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XIAOAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

AUTHENTICATION_BACKENDS = ["xiaoan.core.security.ScopedModelBackend"]
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
CSRF_FAILURE_VIEW = "xiaoan.core.error_pages.csrf_failure"

# the daily digest goes out from this hour (Asia/Shanghai)
XIAOAN_DIGEST_HOUR = int(os.environ.get("XIAOAN_DIGEST_HOUR", "8"))
# 12345 work orders: the default handling deadline, in working days from the dispatch
XIAOAN_COMPLAINT_DEADLINE_WORKDAYS = int(os.environ.get("XIAOAN_COMPLAINT_DEADLINE_WORKDAYS", "5"))
# Reward reports (有奖举报): the public form's rate limit per client, the proxies
# whose X-Forwarded-For is believed, the photo limit, and the SMS gateway.
XIAOAN_REPORT_LIMIT_PER_HOUR = int(os.environ.get("XIAOAN_REPORT_LIMIT_PER_HOUR", "5"))
XIAOAN_REPORT_LIMIT_PER_DAY = int(os.environ.get("XIAOAN_REPORT_LIMIT_PER_DAY", "20"))
XIAOAN_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("XIAOAN_TRUSTED_PROXIES", "").split(",") if p.strip()
]
XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR = int(
    os.environ.get("XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR", "20")
)
XIAOAN_REPORT_PHOTO_MAX_MB = int(os.environ.get("XIAOAN_REPORT_PHOTO_MAX_MB", "10"))
#: "database" records messages only (development); "http" posts them to XIAOAN_SMS_URL
XIAOAN_SMS_GATEWAY = os.environ.get("XIAOAN_SMS_GATEWAY", "database")
XIAOAN_SMS_URL = os.environ.get("XIAOAN_SMS_URL", "")
XIAOAN_SMS_API_KEY = os.environ.get("XIAOAN_SMS_API_KEY", "")
XIAOAN_SMS_SIGN = os.environ.get("XIAOAN_SMS_SIGN", "盘锦消防")
# 12345 spike alerts: a day or a three-day window with at least MIN_COUNT fire-safety
# orders and at least RATIO times the mean of an equal window over the BASELINE_DAYS
# days before it notifies the office of the area once
XIAOAN_COMPLAINT_SPIKE = {
    "ratio": float(os.environ.get("XIAOAN_SPIKE_RATIO", "3")),
    "min_count": int(os.environ.get("XIAOAN_SPIKE_MIN_COUNT", "10")),
    "baseline_days": int(os.environ.get("XIAOAN_SPIKE_BASELINE_DAYS", "28")),
    "windows": [1, 3],
}
# 12345 orders: two orders of the same place with similar content received within
# this many days of each other are linked as likely duplicates (XIAOAN_DUPLICATE_DAYS)
XIAOAN_DUPLICATE_DAYS = int(os.environ.get("XIAOAN_DUPLICATE_DAYS", "3"))
# The security log (安全审计) keeps entries at least 180 days (等保 2.0); a shorter
# setting is raised to 180. Uploads per user per day, in MB.
XIAOAN_SECURITY_LOG_DAYS = max(180, int(os.environ.get("XIAOAN_SECURITY_LOG_DAYS", "180")))
XIAOAN_UPLOAD_QUOTA_MB = int(os.environ.get("XIAOAN_UPLOAD_QUOTA_MB", "200"))
