"""Cookie and host settings derived from the site's settings: HttpOnly, SameSite, Secure over
HTTPS, an admin session that ends, and the host names the site answers to.

Headers: blog/web/security_headers.py; proxies: blog/web/proxy.py; body limits:
blog/web/requests.py."""

from datetime import timedelta

from flask import Flask


def secure_cookies_and_hosts(app: Flask) -> None:
    _configure_cookies(app)
    _configure_hosts(app)


def _configure_cookies(app: Flask) -> None:
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
