"""Cookie and host settings derived from the site's settings: HttpOnly, SameSite, Secure over
HTTPS, an admin session that ends, and the host names the site answers to.

Headers: blog/web/security_headers.py; proxies: blog/web/proxy.py; body limits:
blog/web/requests.py."""

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, request


def secure_cookies_and_hosts(app: Flask) -> None:
    _configure_cookies(app)
    _configure_hosts(app)
    app.after_request(_relative_redirects)


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _relative_redirects(response: Response) -> Response:
    """A redirect to this host names a path only. Routing's own redirects (308 to the trailing
    slash) are built absolute from the request's host, which a client, or a proxy header the
    proxy did not set, may have forged; a path names the same place whatever the host."""
    if response.status_code in _REDIRECTS and response.location:
        parts = urlsplit(response.location)
        if parts.netloc and parts.netloc == request.host:
            response.location = urlunsplit(("", "", parts.path or "/", parts.query,
                                            parts.fragment))
    return response


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
    """Flask answers 400 to a Host outside TRUSTED_HOSTS, so a forged Host (or, behind a
    proxy, X-Forwarded-Host) header cannot end up in absolute URLs. `BLOG_TRUSTED_HOSTS` may be
    a JSON list or a comma-separated string; unset, it is SITE_URL's host when that is set."""
    hosts = app.config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
    site = urlsplit(app.config.get("SITE_URL") or "")
    if not hosts and site.hostname:
        hosts = [site.hostname]
    if site.scheme in ("http", "https"):
        app.config["PREFERRED_URL_SCHEME"] = site.scheme
    app.config["TRUSTED_HOSTS"] = list(hosts) if hosts else None
