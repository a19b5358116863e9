"""Page cache for the reading pages: rendered HTML and feeds, keyed by the content generation.

A page is the same for every anonymous visitor except the article's comment form (CSRF token,
signed timestamp, remembered details, held comments, reply target). The article template wraps
that partial in `{% call visitor_part(post) %}`: when a page is rendered for the cache the call
leaves a marker instead, the page is stored as the two halves around it, and every request fills
the gap for that visitor (blog/cache_visitor.py). So a cached page never carries one visitor's
token or details to another, and a warm hit runs no SQL for most visitors.

Logged-in admins and visitors with flashed messages get pages rendered fresh, never cached.
Memory cache per worker by default, Redis when REDIS_URL is set (Flask-Caching's `cache`).
"""

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import datetime

from flask import Flask, Response, current_app, g, request, session
from redis.exceptions import RedisError
from werkzeug.wrappers import Request

from blog.cache_visitor import (
    MARKER,
    PlainPart,
    PostSnapshot,
    is_plain_visitor,
    plain_part,
    render_for_this_visitor,
    visitor_part,
)
from blog.content_generation import current_generation, init_content_generation, token_time
from blog.extensions import cache
from blog.http_caching import ENCODINGS, compress, preferred_encoding

log = logging.getLogger(__name__)
CACHE_DOWN = (RedisError, OSError)

# Views whose output depends only on the URL and the site's content.
CACHED_ENDPOINTS = {
    "articles.index",
    "articles.category",
    "articles.tag",
    "articles.author",
    "articles.post",
    "discovery.feed",
    "discovery.atom",
    "discovery.category_feed",
    "discovery.comment_feed",
    "discovery.search",
    "discovery.date_archive",
    "discovery.sitemap_index",
    "discovery.sitemap",
}
# Views that ignore the query string (the article's ?replytocom= lives in the visitor part).
PATH_ONLY_ENDPOINTS = {"articles.post"}


@dataclass(frozen=True)
class CachedPage:
    content_type: str
    etag: str
    headers: tuple[tuple[str, str], ...] = ()
    # The view's own validators and lifetime (feeds set them), else the generation's.
    last_modified: datetime | None = None
    cache_control: str = "public, no-cache"
    body: bytes | None = None  # the whole page, or else the halves around the visitor part
    head: str = ""
    tail: str = ""
    post: PostSnapshot | None = None
    plain: PlainPart | None = None  # the page's form for plain visitors, when built

    @property
    def per_visitor(self) -> bool:
        return self.body is None


def _cacheable_request() -> bool:
    if not current_app.config.get("PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHED_ENDPOINTS:
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return not ("_user_id" in session or "_flashes" in session or remember in request.cookies)


def page_key(generation: str, environ: dict, host: str, with_query: bool = True) -> str:
    """The key of the page a GET for `environ` gets. Built from the raw WSGI path and query, so
    the layer in front of Flask (blog/cache_fast_path.py) finds what Flask stored. Host and
    scheme are part of it: absolute URLs in a page come from them."""
    query = environ.get("QUERY_STRING", "") if with_query else ""
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return f"page:{generation}:{environ.get('wsgi.url_scheme', 'http')}://{host}{path}?{query}"


class PageStore:
    """The cache backend pages live in, used with or without an app context. A backend that
    is down (Redis) reads as a miss and drops writes: readers get pages rendered for them."""

    def __init__(self, backend) -> None:
        self.backend = backend

    def get(self, key: str):
        try:
            return self.backend.get(key)
        except CACHE_DOWN:
            return None

    def set(self, key: str, value) -> None:
        try:
            self.backend.set(key, value)
        except CACHE_DOWN:
            log.warning("page cache unavailable: %s not stored", key)


def page_store() -> PageStore:
    return current_app.extensions["page_store"]


def _serve_from_cache():
    if not _cacheable_request():
        return None
    try:
        generation = current_generation()
        key = page_key(generation, request.environ, request.host,
                       request.endpoint not in PATH_ONLY_ENDPOINTS)
        page = page_store().backend.get(key)
    except CACHE_DOWN:  # Redis unreachable: readers still get the page, rendered for them
        log.warning("page cache unavailable; rendering %s uncached", request.path)
        return None
    g.page_cache_key, g.page_cache_generation = key, generation
    if page is None:
        g.page_cache_fill = True
        return None
    if page.per_visitor:
        return _respond_per_visitor(page, key)
    return respond_whole(page_store(), page, key, generation, request)


def _respond_per_visitor(page: CachedPage, key: str) -> Response:
    if not is_plain_visitor():
        part = render_for_this_visitor(page.post)
    else:
        if page.plain is None:
            page = replace(page, plain=plain_part(page.post))
            if page.plain is not None:
                page_store().set(key, page)
        part = (page.plain.fill_in_request(page.post.id) if page.plain
                else render_for_this_visitor(page.post))
    return per_visitor_response(page, part)


def per_visitor_response(page: CachedPage, part: str) -> Response:
    """The article with this visitor's form in it: theirs alone, so private."""
    response = Response(page.head + part + page.tail, content_type=page.content_type,
                        headers=page.headers)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def respond_whole(store: PageStore, page: CachedPage, key: str, generation: str,
                  req: Request) -> Response:
    """A page that is the same for everyone, with its validators, compressed for `req`."""
    response = Response(content_type=page.content_type, headers=page.headers)
    response.set_etag(page.etag, weak=True)
    last_modified = page.last_modified or token_time(generation)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = page.cache_control
    response.vary.add("Accept-Encoding")
    if _not_modified(req, page.etag, last_modified):
        response.status_code = 304
        return response
    encoding = preferred_encoding(req)
    body = page.body
    if encoding:
        variant = f"{key}:{encoding}"
        body = store.get(variant)
        if body is None:
            body = compress(page.body, encoding)
            store.set(variant, body)
        response.headers["Content-Encoding"] = encoding
    response.set_data(body)
    return response


def _not_modified(req: Request, etag: str, last_modified: datetime) -> bool:
    """RFC 9110: If-None-Match decides when sent; If-Modified-Since only without it. (Cheaper
    than Response.make_conditional, which also parses Range on every hit.)"""
    if "If-None-Match" in req.headers:
        return req.if_none_match.contains_weak(etag)
    since = req.if_modified_since
    return since is not None and last_modified.replace(microsecond=0) <= since


# Headers a cached page keeps from its view; the rest are set per response (X-Robots-Tag
# among them: `?replytocom=` shares its page with the clean URL but is not to be indexed).
_PER_RESPONSE = {"content-type", "content-length", "set-cookie", "etag", "last-modified",
                 "cache-control", "content-encoding", "vary", "date", "x-robots-tag"}


def _own_headers(response: Response) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in response.headers.items() if k.lower() not in _PER_RESPONSE)


def _store_in_cache(response: Response) -> Response:
    if not g.pop("page_cache_fill", False):
        return response
    key, generation = g.pop("page_cache_key"), g.pop("page_cache_generation")
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response
    html = response.get_data(as_text=True)
    post = g.pop("page_cache_post", None)
    if post is not None and MARKER in html:
        head, _, tail = html.partition(MARKER)
        etag = hashlib.blake2b(head.encode() + tail.encode(), digest_size=12).hexdigest()
        page = CachedPage(response.content_type, etag, _own_headers(response),
                          head=head, tail=tail, post=post)
        page_store().set(key, page)
        # This visitor's own page; their session cookie stays on their response only.
        mine = _respond_per_visitor(page, key)
        response.set_data(mine.get_data())
        response.headers["Cache-Control"] = mine.headers["Cache-Control"]
        response.vary.add("Cookie")
        return response
    if "Set-Cookie" in response.headers:  # the page used this visitor's session: keep it theirs
        return response
    body = response.get_data()
    page = CachedPage(response.content_type,
                      response.get_etag()[0] or hashlib.blake2b(body, digest_size=12).hexdigest(),
                      _own_headers(response), body=body, last_modified=response.last_modified,
                      cache_control=response.headers.get("Cache-Control", "public, no-cache"))
    page_store().set(key, page)
    return respond_whole(page_store(), page, key, generation, request)


def init_page_cache(app: Flask) -> None:
    """Register last, so the other before-request hooks (hosts, proxies) have run first."""
    init_content_generation(app)
    app.extensions["page_store"] = PageStore(app.extensions["cache"][cache])
    app.add_template_global(visitor_part)
    app.before_request(_serve_from_cache)
    app.after_request(_store_in_cache)


__all__ = ["ENCODINGS", "CACHED_ENDPOINTS", "init_page_cache"]
