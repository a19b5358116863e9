"""A reader's session and CSRF token handled outside Flask, for the layer that answers cached
pages in front of it (blog/cache_fast_path.py).

Flask-WTF keeps a random token in the session and puts a signed copy of it in every form; when
a form comes back, `validate_csrf` checks the copy against the session. Here the same two things
are read and made with the same serializers (Flask's session interface, Flask-WTF's salt), so a
comment sent from such a page passes exactly the check every other form passes.
"""

import hashlib
import os

from flask import Flask
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.http import dump_cookie

CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's, so its validate_csrf accepts our tokens
NOT_PLAIN = object()  # a session holding more than a CSRF token: Flask must handle it


class ReaderSessions:
    def __init__(self, app: Flask) -> None:
        interface = app.session_interface
        self.cookie_name = interface.get_cookie_name(app)
        self.cookie_options = {
            "domain": interface.get_cookie_domain(app),
            "path": interface.get_cookie_path(app),
            "secure": interface.get_cookie_secure(app),
            "httponly": interface.get_cookie_httponly(app),
            "samesite": interface.get_cookie_samesite(app),
            "partitioned": interface.get_cookie_partitioned(app),
        }
        self.session_serializer = interface.get_signing_serializer(app)
        self.max_age = int(app.permanent_session_lifetime.total_seconds())
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        self.csrf_serializer = URLSafeTimedSerializer(secret, salt=CSRF_SALT)
        self.field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")

    def csrf_of(self, cookie: str | None):
        """The raw CSRF token of a session cookie that holds nothing else; None for no (or a
        forged or expired) session, which Flask too would replace with a new one; NOT_PLAIN
        when the session holds anything more (a login, flashed messages, held comments)."""
        if not cookie:
            return None
        try:
            data = self.session_serializer.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not data:
            return None
        raw = data.get(self.field) if isinstance(data, dict) else None
        if len(data) != 1 or not isinstance(raw, str):
            return NOT_PLAIN
        return raw

    def sign(self, raw: str) -> str:
        """The token that goes in a form, as Flask-WTF's generate_csrf signs it."""
        return self.csrf_serializer.dumps(raw)

    def start(self) -> tuple[str, str]:
        """A new session holding only a CSRF token: (its signed form token, its Set-Cookie)."""
        raw = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 (Flask-WTF's own recipe)
        value = self.session_serializer.dumps({self.field: raw})
        return self.sign(raw), dump_cookie(self.cookie_name, value, **self.cookie_options)
