"""Cached pages answered in front of Flask, for readers.

Nearly every request is a reader with no login asking for a page already in the page cache.
Flask's request pipeline (request context, session, routing, every extension's hooks) costs
several times what answering such a page needs, so this WSGI layer looks the page up from the
raw request and answers it itself. Anything else goes to Flask unchanged: another method, a
reader who is not plain (blog/pagecache/policy.py), a page not yet cached or whose plain parts
Flask has not cut out yet, a scheduled post that may have come due.

Its answers are the ones Flask gives from the same cache entry, built by the same functions:
validators and 304s, compression, and for a page with reader parts, the plain parts with this
reader's own CSRF token (and, for a new reader, the session cookie that holds it) and freshly
signed values.
"""

import time
from collections.abc import Callable, Iterable

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_cookie
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import get_host

from blog.pagecache.generation import settled
from blog.pagecache.parts import CSRF, part_signers
from blog.pagecache.policy import SHARED_METHODS, cache_enabled, personal_cookies
from blog.pagecache.post_versions import Versions
from blog.pagecache.ready import Headers, ReaderPage, ReadyPages, WholePage, vary_with_cookie
from blog.pagecache.responses import respond_whole
from blog.pagecache.sessions import NOT_PLAIN, ReaderSessions
from blog.pagecache.store import cache_down, page_key
from blog.web.compression import compress, encoding_for


class CachedPageLayer:
    def __init__(self, wsgi_app: Callable, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.config = app.config
        self.store = app.extensions["page_store"]
        self.generations = app.extensions["content_generation"]
        self.ready = ReadyPages(int(float(app.config["PAGE_MEMORY_MB"]) * 1024 * 1024))
        self.sessions = ReaderSessions(app)
        self.signers = part_signers(app)
        self.personal_cookies = personal_cookies(app)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            answer = self.cached_answer(environ)
        except cache_down():  # Redis unreachable: Flask renders the page and says so in the log
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
        if environ.get("REQUEST_METHOD") not in SHARED_METHODS or not cache_enabled(self.config):
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
        read_at = time.monotonic()
        generation, counter = self.generations.state()
        if not settled(generation):
            return None
        versions = self.generations.versions(counter)
        key = page_key(generation, environ, host)
        ready = self.ready.get(generation, versions, key, read_at)
        if ready is None:
            ready = self._make_ready(generation, versions, key, environ)
            if ready is None:
                return None
        encoding = encoding_for(environ.get("HTTP_ACCEPT_ENCODING"))
        if isinstance(ready, ReaderPage):
            return self._per_reader(ready, environ, encoding, csrf)
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            return vary_with_cookie(
                respond_whole(self.store, ready.page, key, generation, Request(environ)))
        headers, body, grown = ready.answer(self.store, key, Request(environ), encoding)
        if grown:
            self.ready.grew(grown)
        return list(headers), body

    def _make_ready(self, generation: str, versions: Versions, key: str,
                    environ: dict) -> WholePage | ReaderPage | None:
        page = self.store.get(key)
        if page is None or not versions.fresh(page.deps):
            return None  # Flask renders it (again, after a comment on a post it shows)
        if not page.per_reader:
            ready = WholePage(page, generation)
        elif page.all_plain:
            ready = ReaderPage.of(page, environ)
        else:  # Flask cuts the plain reader's parts out of the page first
            return None
        self.ready.keep(generation, versions, key, ready)
        return ready

    def _per_reader(self, ready: ReaderPage, environ: dict, encoding: str | None,
                    csrf: str | None) -> tuple[Headers, bytes]:
        """The page with this reader's plain parts: their CSRF token (a new session for a new
        reader, one per page however many forms it has) and freshly signed values, compressed
        as Flask's path would."""
        headers = list(ready.headers)
        token: list[str] = []

        def value(kind: str, context) -> str:
            if kind != CSRF:
                return self.signers[kind](context)
            if not token:
                if csrf is not None:
                    token.append(self.sessions.sign(csrf))
                else:
                    signed, cookie = self.sessions.start()
                    headers.append(("Set-Cookie", cookie))
                    token.append(signed)
            return token[0]

        segments = ready.segments
        chunks = [segments[0]]
        for (kind, context), segment in zip(ready.slots, segments[1:], strict=True):
            chunks.append(value(kind, context).encode("ascii"))
            chunks.append(segment)
        body = b"".join(chunks)
        if encoding and environ["REQUEST_METHOD"] != "HEAD":
            body = compress(body, encoding, fast=True)
            headers.append(("Content-Encoding", encoding))
        headers.append(("Content-Length", str(len(body))))
        return headers, body
