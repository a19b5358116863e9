"""Cookies, trusted hosts, bounded URL integers and request size limits.

Headers: blog/security_headers.py; proxies: blog/proxy.py.

Runs first in create_app, so its hooks see every request before the extensions' hooks do.
"""

from datetime import timedelta

from flask import Flask, current_app, request
from werkzeug.routing import IntegerConverter

from blog.request_log import init_request_log


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every URL, capped: /page/99999999999999999999/ is a 404, not a number
    too large for the database (SQLite raises OverflowError, PostgreSQL an out-of-range)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_URL_INT)
        super().__init__(map, *args, **kwargs)


MAX_URL_INT = 2**31 - 1  # PostgreSQL's integer; page * per_page stays far below 2**63


def init_security(app: Flask) -> None:
    # Before any blueprint adds its rules, so every <int:...> is bounded.
    app.url_map.converters["int"] = BoundedIntConverter
    init_request_log(app)
    _configure_cookies(app)
    _configure_hosts(app)
    app.before_request(_limit_public_request_size)


def _configure_cookies(app: Flask) -> None:
    """Session and remember-me cookies: HttpOnly, SameSite=Lax, Secure over HTTPS, and an
    admin session that ends after ADMIN_SESSION_HOURS."""
    lifetime = timedelta(hours=float(app.config["ADMIN_SESSION_HOURS"]))
    app.config["PERMANENT_SESSION_LIFETIME"] = lifetime
    app.config.setdefault("REMEMBER_COOKIE_DURATION", lifetime)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _configure_hosts(app: Flask) -> None:
    """Flask answers 400 to a Host outside TRUSTED_HOSTS, so a forged Host header cannot end
    up in absolute URLs (feeds, sitemap, canonical links). `BLOG_TRUSTED_HOSTS` may be a JSON
    list or a comma-separated string."""
    hosts = app.config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
    app.config["TRUSTED_HOSTS"] = list(hosts) if hosts else None


def _limit_public_request_size() -> None:
    """Admin uploads may send up to MAX_CONTENT_LENGTH; everything else (comments, login,
    search) far less, so a stranger cannot make the server read megabytes."""
    if not _is_admin_path(request.path):
        # Only ever lower it: a blueprint may have set a tighter cap already (comments).
        public = int(current_app.config["PUBLIC_MAX_CONTENT_LENGTH"])
        request.max_content_length = min(request.max_content_length or public, public)


def _is_admin_path(path: str) -> bool:
    return path == "/admin" or path.startswith("/admin/")
