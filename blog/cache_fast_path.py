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
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_cookie
from werkzeug.wrappers import Request
from werkzeug.wsgi import get_host

from blog.cache import CACHE_DOWN, page_key, respond_whole
from blog.comments.moderation import stamp_serializer
from blog.comments.visitor import REMEMBER_COOKIE
from blog.content_generation import settled
from blog.http_caching import compress, encoding_for
from blog.ready_pages import ArticlePage, Headers, ReadyPages, WholePage, vary_with_cookie
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
        self.ready = ReadyPages()
        self.sessions = ReaderSessions(app)
        self.stamps = StampsPerSecond(stamp_serializer(app.config["SECRET_KEY"]))
        # Cookies after which a page may be this visitor's own: Flask decides.
        self.personal_cookies = {app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
                                 REMEMBER_COOKIE}

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            answer = self.cached_answer(environ)
        except CACHE_DOWN:  # Redis unreachable: Flask renders the page and says so in the log
            answer = None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        if isinstance(answer, Response):
            return answer(environ, start_response)
        headers, body = answer
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def cached_answer(self, environ: dict) -> tuple[Headers, bytes] | Response | None:
        """A ready 200 (headers, body), a werkzeug response for the rarer cases, or None to
        leave the request to Flask."""
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
        try:
            host = get_host(environ, self.config.get("TRUSTED_HOSTS"))
        except SecurityError:
            return None  # Flask answers 400
        generation = self.generations.current()
        if not settled(generation):
            return None
        key = page_key(generation, environ, host)
        ready = self.ready.get(generation, key)
        if ready is None:
            ready = self._make_ready(generation, key, environ)
            if ready is None:
                return None
        encoding = encoding_for(environ.get("HTTP_ACCEPT_ENCODING"))
        if isinstance(ready, ArticlePage):
            return self._article(ready, environ, encoding, csrf)
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            return vary_with_cookie(
                respond_whole(self.store, ready.page, key, generation, Request(environ)))
        headers, body, grown = ready.answer(self.store, key, Request(environ), encoding)
        if grown:
            self.ready.grew(grown)
        return list(headers), body

    def _make_ready(self, generation: str, key: str,
                    environ: dict) -> WholePage | ArticlePage | None:
        page = self.store.get(key)
        if page is None:
            return None
        if not page.per_visitor:
            ready = WholePage(page, generation)
        elif page.plain is not None:
            ready = ArticlePage.of(page, environ)
        else:  # Flask cuts the plain reader's form out of the page first
            return None
        self.ready.keep(generation, key, ready, ready.size)
        return ready

    def _article(self, ready: ArticlePage, environ: dict, encoding: str | None,
                 csrf: str | None) -> tuple[Headers, bytes]:
        """The article with this reader's form: their CSRF token (a new session for a new
        reader) and a fresh stamp, compressed as Flask's path would."""
        headers = list(ready.headers)

        def csrf_token() -> str:
            if csrf is not None:
                return self.sessions.sign(csrf)
            token, cookie = self.sessions.start()
            headers.append(("Set-Cookie", cookie))
            return token

        post_id = ready.page.post.id
        part = ready.page.plain.fill(csrf_token, lambda: self.stamps.stamp(post_id))
        body = b"".join((ready.head, part.encode(), ready.tail))
        if encoding and environ["REQUEST_METHOD"] != "HEAD":
            body = compress(body, encoding, fast=True)
            headers.append(("Content-Encoding", encoding))
        headers.append(("Content-Length", str(len(body))))
        return headers, body


def serve_cached_pages_first(app: Flask) -> None:
    """Call after init_page_cache, and before init_proxy so the real host and scheme are seen."""
    app.wsgi_app = CachedPageLayer(app, app.wsgi_app)
