"""The site's address in emails, which are read far from any request.

A link in an email must never come from a Host header a visitor chose: a forged host in a
password-reset link would hand the reset token to whoever owns that host. So links use, in
order: SITE_URL; else the address the admin last logged in at (recorded here on each login:
whoever knows the password vouches for that host); else, for mail a reader asked for, this
request's host (restricted to TRUSTED_HOSTS when set).
"""

import json
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request
from flask_login import user_logged_in
from sqlalchemy import select

from blog.extensions import db
from blog.models import Setting

ADMIN_URL_KEY = "MAIL_ADMIN_SITE_URL"  # not an editable setting: written on login
_ADMIN_URL = select(Setting.value).where(Setting.key == ADMIN_URL_KEY)


def configured_root() -> str:
    return (current_app.config.get("SITE_URL") or "").rstrip("/")


def admin_seen_root() -> str:
    raw = db.session.scalar(_ADMIN_URL)
    return json.loads(raw) if raw else ""


def site_root(trust_request: bool = True) -> str:
    """The base URL for links in mail ("" when none is known yet)."""
    root = configured_root() or admin_seen_root()
    if not root and trust_request and has_request_context():
        root = request.host_url.rstrip("/")
    return root


def url_builder(root: str):
    """build(endpoint, **values): absolute URLs under `root`, without a request (the sender
    has none)."""
    parts = urlsplit(root or "http://localhost")
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme or "http")
    return lambda endpoint, **values: adapter.build(endpoint, values, force_external=True)


def url_at(root: str, endpoint: str, **values) -> str:
    return url_builder(root)(endpoint, **values)


def host_of(root: str) -> str:
    return urlsplit(root).hostname or "localhost"


def _remember_admin_root(_app, user=None) -> None:
    """On every admin login: the address the admin uses is the site's, for mail links."""
    root = request.host_url.rstrip("/")
    if configured_root() or admin_seen_root() == root:
        return
    db.session.merge(Setting(key=ADMIN_URL_KEY, value=json.dumps(root)))
    db.session.commit()


def record_admin_root(app: Flask) -> None:
    user_logged_in.connect(_remember_admin_root, app)
