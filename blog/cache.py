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


def _key(generation: str) -> str:
    query = "" if request.endpoint in PATH_ONLY_ENDPOINTS else request.query_string.decode()
    # Host and scheme are part of the key: absolute URLs in a page come from them.
    return f"page:{generation}:{request.scheme}://{request.host}{request.path}?{query}"


def _remember(key: str, value) -> None:
    try:
        cache.set(key, value)
    except CACHE_DOWN:
        log.warning("page cache unavailable: %s not stored", key)


def _recall(key: str):
    try:
        return cache.get(key)
    except CACHE_DOWN:
        return None


def _serve_from_cache():
    if not _cacheable_request():
        return None
    try:
        generation = current_generation()
        key = _key(generation)
        page = cache.get(key)
    except CACHE_DOWN:  # Redis unreachable: readers still get the page, rendered for them
        log.warning("page cache unavailable; rendering %s uncached", request.path)
        return None
    g.page_cache_key, g.page_cache_generation = key, generation
    if page is None:
        g.page_cache_fill = True
        return None
    return _respond(page, key, generation)


def _respond_per_visitor(page: CachedPage, key: str) -> Response:
    if not is_plain_visitor():
        part = render_for_this_visitor(page.post)
    else:
        if page.plain is None:
            page = replace(page, plain=plain_part(page.post))
            if page.plain is not None:
                _remember(key, page)
        part = page.plain.fill(page.post.id) if page.plain else render_for_this_visitor(page.post)
    response = Response(page.head + part + page.tail, content_type=page.content_type,
                        headers=page.headers)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def _respond(page: CachedPage, key: str, generation: str) -> Response:
    if page.per_visitor:
        return _respond_per_visitor(page, key)
    response = Response(content_type=page.content_type, headers=page.headers)
    response.set_etag(page.etag, weak=True)
    last_modified = page.last_modified or token_time(generation)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = page.cache_control
    response.vary.add("Accept-Encoding")
    if _not_modified(page.etag, last_modified):
        response.status_code = 304
        return response
    encoding = preferred_encoding()
    body = page.body
    if encoding:
        variant = f"{key}:{encoding}"
        body = _recall(variant)
        if body is None:
            body = compress(page.body, encoding)
            _remember(variant, body)
        response.headers["Content-Encoding"] = encoding
    response.set_data(body)
    return response


def _not_modified(etag: str, last_modified: datetime) -> bool:
    """RFC 9110: If-None-Match decides when sent; If-Modified-Since only without it. (Cheaper
    than Response.make_conditional, which also parses Range on every hit.)"""
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and last_modified.replace(microsecond=0) <= since


# Headers a cached page keeps from its view; the rest are set per response.
_PER_RESPONSE = {"content-type", "content-length", "set-cookie", "etag", "last-modified",
                 "cache-control", "content-encoding", "vary", "date"}


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
        _remember(key, page)
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
    _remember(key, page)
    return _respond(page, key, generation)


def init_page_cache(app: Flask) -> None:
    """Register last, so the other before-request hooks (hosts, proxies) have run first."""
    init_content_generation(app)
    app.add_template_global(visitor_part)
    app.before_request(_serve_from_cache)
    app.after_request(_store_in_cache)


__all__ = ["ENCODINGS", "CACHED_ENDPOINTS", "init_page_cache"]
