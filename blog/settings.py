"""Settings: defaults in code, then instance/config.py, then BLOG_* environment, then overrides."""

import contextlib
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import make_url

from blog.ratelimit_storage import storage_uri


class Defaults:
    SITE_TITLE = "ClingCentral"
    SITE_TAGLINE = "Explore ClingCentral: Your Hub for Tech Insights"
    SITE_DESCRIPTION = "Long-form tech insights on software, infrastructure, AI and security."
    SITE_TIMEZONE = "UTC"
    SITE_URL = ""  # e.g. "https://example.com"; empty means "from the request"
    POSTS_PER_PAGE = 10
    SIDEBAR_POSTS = 5
    COMMENTS_PER_PAGE = 50
    FEED_ITEMS = 10
    FEED_FULL_CONTENT = True

    # hide_parameters: SQL errors in logs never carry commenters' emails or other values.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    PAGE_MEMORY_MB = 16  # ready pages each worker keeps in memory (blog/pagecache/ready.py)

    # Comments (WordPress-like defaults).
    COMMENTS_HOLD_FIRST_TIME = True
    COMMENTS_MAX_LINKS = 2
    COMMENTS_DISALLOWED = ""  # one word, email or IP hash per line
    COMMENTS_MIN_SECONDS = 3
    COMMENTS_MAX_FORM_AGE_HOURS = 24
    COMMENTS_RATE_LIMIT = "1 per 15 seconds;10 per hour"  # comments that pass the form
    COMMENT_POSTS_RATE_LIMIT = "10 per minute;100 per hour"  # every POST, 422s included
    COMMENTS_CONCURRENT_PER_ADDRESS = 2
    COMMENT_MAX_BYTES = 64 * 1024
    IP_RETENTION_DAYS = 30

    # Admin.
    LOGIN_RATE_LIMIT = "5 per 15 minutes"  # per address, counted as attempts arrive
    LOGIN_SLOWDOWN_AFTER = 5  # wrong passwords for the account before it is slowed down
    LOGIN_SLOWDOWN_MAX_SECONDS = 30  # the longest wait between judged attempts
    LOGIN_SLOWDOWN_WAITING = 2  # attempts that may wait their turn at once (429 past that)
    ADMIN_SESSION_HOURS = 12
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # admin uploads
    PUBLIC_MAX_CONTENT_LENGTH = 1024 * 1024  # any request outside /admin/ (comments, login)

    # Proxies and hosts.
    PROXY_FIX_HOPS = 0
    TRUSTED_HOSTS: list[str] | None = None
    HTTPS = False
    HSTS_MAX_AGE = 365 * 24 * 3600  # sent only when HTTPS is on
    LOG_LEVEL = "INFO"

    # Mail (blog/mail/): written to the outbox with its cause, delivered by the sender.
    SMTP_URL = ""  # smtp://[user:password@]host:port (STARTTLS when offered), smtps:// (TLS)
    SMTP_TLS_VERIFY = True  # check the server's certificate (against SMTP_CA_FILE if set)
    SMTP_CA_FILE = ""
    SMTP_TIMEOUT_SECONDS = 30
    MAIL_FROM = ""  # "Site <blog@example.com>"; empty: the site's title at blog@<its host>
    ADMIN_EMAIL = ""  # also on the admin's settings page
    NOTIFY_HELD_COMMENTS = True
    NOTIFY_PUBLISHED_COMMENTS = False
    MAIL_SENDER = True  # `make run` starts a sender beside the web server
    MAIL_MAX_PER_MINUTE = 120  # the throttle, for every message the sender delivers
    MAIL_BUSY_PER_MINUTE = 120  # the throttle while the CPUs are busy (0: MAIL_MAX_PER_MINUTE)
    MAIL_MAX_ATTEMPTS = 8  # answers of 4xx; then failed, with the server's answer kept
    MAIL_RETRY_SECONDS = 60  # the first retry's wait; each one doubles it, up to 4 hours
    MAIL_LEASE_SECONDS = 300  # a claimed message another sender may take after a crash
    MAIL_POLL_SECONDS = 2.0
    MAIL_SENDER_NICENESS = 10  # the sender yields the CPU to the web workers (0: as they are)
    MAIL_KEEP_SENT_DAYS = 30  # then sent messages (and their addresses) are deleted
    SUBSCRIBE_RATE_LIMIT = "5 per hour"
    PASSWORD_RESET_RATE_LIMIT = "3 per hour"  # noqa: S105 (a rate, not a password)
    POST_PASSWORD_RATE_LIMIT = "10 per minute;100 per hour"  # noqa: S105 (guesses per address)

    RATELIMIT_ENABLED = True
    # Off: Flask-Limiter would stamp every response with the Retry-After of its own longest
    # window, over the one a view computed. Every 429 sets Retry-After itself.
    RATELIMIT_HEADERS_ENABLED = False
    # Redis unreachable: count in this process's memory rather than answer 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    CACHE_DEFAULT_TIMEOUT = 3600

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session


def load_settings(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("BLOG")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("REDIS_URL"):
        app.config["REDIS_URL"] = os.environ["REDIS_URL"]
    if overrides:
        app.config.update(overrides)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI", f"sqlite:///{Path(app.instance_path) / 'blog.sqlite3'}"
    )
    app.config.setdefault("UPLOAD_FOLDER", str(Path(app.instance_path) / "uploads"))
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    _derive_backends(app)
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _secret_from_file(app)
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def _normalise_db_url(url: str) -> str:
    """Plain postgresql:// URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _derive_backends(app: Flask) -> None:
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or storage_uri(Path(
        app.config.get("RATELIMIT_FILE") or site_file(app, "ratelimits", "ratelimits.sqlite3"))))
    if redis_url:
        app.config.setdefault("CACHE_TYPE", "RedisCache")
        app.config.setdefault("CACHE_REDIS_URL", redis_url)
        app.config.setdefault("CACHE_KEY_PREFIX", "blog:")
    else:
        # One page store for every worker of the machine, in files beside the database: a
        # memory store per worker held 500 pages each (a site read across 2,000 articles
        # rendered most reads cold) and cost each worker the memory of all it held. The hot
        # pages stay in each worker's memory anyway (blog/pagecache/ready.py).
        app.config.setdefault("CACHE_TYPE", "FileSystemCache")
        app.config.setdefault("CACHE_DIR", str(site_file(app, "pages", "page-cache")))
        app.config.setdefault("CACHE_THRESHOLD", 20_000)


def site_file(app: Flask, suffix: str, instance_name: str) -> Path:
    """A file of the site's own beside its SQLite database (blog.sqlite3-<suffix>), or
    instance/<instance_name> for other databases: the content generation, the rate limits."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(f"{Path(url.database).name}-{suffix}")
    return Path(app.instance_path) / instance_name


def _secret_from_file(app: Flask) -> str:
    """Generate the key once into instance/secret_key (mode 0600) so restarts keep sessions."""
    path = Path(app.instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several workers may start at once: write a private temp file, then link it into place
    # atomically; whoever loses the race reads the winner's key.
    tmp = path.with_name(f"secret_key.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    try:
        with contextlib.suppress(FileExistsError):  # another worker's key won the race
            os.link(tmp, path)
    finally:
        tmp.unlink()
    return path.read_text().strip()
