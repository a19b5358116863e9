"""Cached pages answered in front of Flask, for readers.

Nearly every request is a reader with no login asking for a page already in the page cache
(blog/cache.py). Flask's request pipeline (request context, session, routing, every extension's
hooks) costs several times what answering such a page needs, so this WSGI layer looks the page
up from the raw request and answers it itself. Anything else goes to Flask unchanged: another
method, a session holding more than a CSRF token (a login, flashed messages, held comments), a
remembered commenter, a page not yet cached, a scheduled post that may have come due.

Its answers are the ones Flask gives from the same cache entry, built by the same functions:
validators and 304s, compression, and for the article a form with this reader's own CSRF token
(and, for a new reader, the session cookie that holds it) and a fresh timestamp.
"""

import time
from collections.abc import Callable, Iterable

from flask import Flask, Response
from itsdangerous import URLSafeTimedSerializer
from werkzeug.http import parse_cookie
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Request

from blog.cache import CACHE_DOWN, CachedPage, page_key, per_visitor_response, respond_whole
from blog.comments.moderation import stamp_serializer
from blog.comments.visitor import REMEMBER_COOKIE
from blog.content_generation import settled
from blog.http_caching import compress_for
from blog.visitor_session import NOT_PLAIN, ReaderSessions


class StampsPerSecond:
    """A form stamp carries whole seconds, so every form for a post made in the same second
    gets the same stamp: sign it once per second, not once per reader."""

    def __init__(self, serializer: URLSafeTimedSerializer) -> None:
        self.serializer = serializer
        self.second = 0
        self.signed: dict[int, str] = {}

    def stamp(self, post_id: int) -> str:
        now = int(time.time())
        if now != self.second:
            self.second, self.signed = now, {}
        signed = self.signed.get(post_id)
        if signed is None:
            signed = self.signed[post_id] = self.serializer.dumps(post_id)
        return signed


class CachedPageLayer:
    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app
        self.config = app.config
        self.store = app.extensions["page_store"]
        self.generations = app.extensions["content_generation"]
        self.sessions = ReaderSessions(app)
        self.stamps = StampsPerSecond(stamp_serializer(app.config["SECRET_KEY"]))
        # Cookies after which a page may be this visitor's own: Flask decides.
        self.personal_cookies = {app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
                                 REMEMBER_COOKIE}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            response = self.cached_response(environ)
        except CACHE_DOWN:  # Redis unreachable: Flask renders the page and says so in the log
            response = None
        if response is None:
            return self.wsgi_app(environ, start_response)
        return response(environ, start_response)

    def cached_response(self, environ: dict) -> Response | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if not self.config.get("PAGE_CACHE", True):
            return None
        cookies = parse_cookie(environ) if environ.get("HTTP_COOKIE") else {}
        if not self.personal_cookies.isdisjoint(cookies):
            return None
        csrf = self.sessions.csrf_of(cookies.get(self.sessions.cookie_name))
        if csrf is NOT_PLAIN:
            return None
        req = Request(environ)
        trusted = self.config.get("TRUSTED_HOSTS")
        if trusted and not host_is_trusted(req.host, trusted):
            return None  # Flask answers 400
        generation = self.generations.current()
        if not settled(generation):
            return None
        key = page_key(generation, environ, req.host)
        page = self.store.get(key)
        if page is None:
            return None
        if not page.per_visitor:
            return respond_whole(self.store, page, key, generation, req)
        if page.plain is None:  # Flask cuts the plain reader's form out of the page first
            return None
        return self._with_readers_form(page, req, csrf)

    def _with_readers_form(self, page: CachedPage, req: Request, csrf: str | None) -> Response:
        new_cookie = []

        def csrf_token() -> str:
            if csrf is not None:
                return self.sessions.sign(csrf)
            token, cookie = self.sessions.start()
            new_cookie.append(cookie)
            return token

        part = page.plain.fill(csrf_token, lambda: self.stamps.stamp(page.post.id))
        response = per_visitor_response(page, part)
        for cookie in new_cookie:
            response.headers.add("Set-Cookie", cookie)
        return compress_for(req, response)


def serve_cached_pages_first(app: Flask) -> None:
    """Call after init_page_cache, and before init_proxy so the real host and scheme are seen."""
    app.wsgi_app = CachedPageLayer(app, app.wsgi_app)
