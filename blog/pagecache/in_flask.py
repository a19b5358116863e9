"""The page cache inside Flask: a before-request hook answers from the cache, an after-request
hook stores what a view rendered for it. (Most hits never get this far: blog/pagecache/layer.py
answers them in front of Flask, from what these hooks stored.)"""

import hashlib
import logging
from dataclasses import replace
from datetime import UTC, datetime

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from blog.extensions import cache
from blog.pagecache.generation import current_state, make_store
from blog.pagecache.invalidation import watch_content_changes, watch_post_loads
from blog.pagecache.parts import (
    CSRF,
    FILL_KEY,
    MARKER,
    Fill,
    part_signers,
    plain_part,
    reader_part,
    registered_parts,
)
from blog.pagecache.policy import may_share_page
from blog.pagecache.responses import assemble, per_reader_response, respond_whole
from blog.pagecache.store import CachedPage, Hole, PageStore, cache_down, page_key
from blog.pagecache.views import cache_options

log = logging.getLogger(__name__)


def page_store() -> PageStore:
    return current_app.extensions["page_store"]


def serve_from_cache() -> Response | None:
    options = cache_options(current_app, request.endpoint)
    if options is None or not may_share_page(request.method, current_app.config, session,
                                             request.cookies):
        return None
    try:
        generation, versions = current_state()
        key = page_key(generation, request.environ, request.host, not options.ignore_query)
        page, stale = page_store().lookup(key), None
        if page is not None and not versions.fresh(page.deps):
            page, stale = None, page  # a comment on a post it shows: render it again
    except cache_down():  # Redis unreachable: readers still get the page, rendered for them
        log.warning("page cache unavailable; rendering %s uncached", request.path)
        return None
    if page is None or any(h.part not in registered_parts(current_app) for h in page.holes):
        setattr(g, FILL_KEY, Fill(key, generation, versions, previous=stale))
        return None
    if page.per_reader:
        return respond_per_reader(page, key)
    return respond_whole(page_store(), page, key, generation, request)


def respond_per_reader(page: CachedPage, key: str) -> Response:
    """The page with each part filled for this reader: a plain reader's from the plain part
    (cut out here the first time, then kept with the page), anyone else's rendered for them."""
    parts = registered_parts(current_app)
    signers = part_signers(current_app)
    plain = list(page.plain or (None,) * len(page.holes))
    texts: list[str] = []
    built = False
    for index, hole in enumerate(page.holes):
        part = parts[hole.part]
        if not part.is_plain():
            texts.append(part.render(hole.context))
            continue
        if plain[index] is None:
            plain[index] = plain_part(part, hole.context)
            built = built or plain[index] is not None
        if plain[index] is None:
            texts.append(part.render(hole.context))
            continue
        context = hole.context
        texts.append(plain[index].fill(
            lambda kind, context=context: generate_csrf() if kind == CSRF
            else signers[kind](context)))
    if built:
        page_store().set(key, replace(page, plain=tuple(plain)))
    return per_reader_response(page, assemble(page, texts))


# Headers a cached page keeps from its view; the rest are set per response (X-Robots-Tag
# among them: `?replytocom=` shares its page with the clean URL but is not to be indexed).
_PER_RESPONSE = {"content-type", "content-length", "set-cookie", "etag", "last-modified",
                 "cache-control", "content-encoding", "vary", "date", "x-robots-tag"}


def _own_headers(response: Response) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in response.headers.items() if k.lower() not in _PER_RESPONSE)


def store_in_cache(response: Response) -> Response:
    fill: Fill | None = g.pop(FILL_KEY, None)
    if fill is None:
        return response
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response
    store = page_store()
    if fill.holes:
        pieces = tuple(response.get_data(as_text=True).split(MARKER))
        digest = hashlib.blake2b(digest_size=12)
        for piece in pieces:
            digest.update(piece.encode())
        holes = tuple(fill.holes)
        page = CachedPage(response.content_type, digest.hexdigest(), _own_headers(response),
                          pieces=pieces, holes=holes, plain=_plain_kept(fill.previous, holes),
                          deps=fill.versions.deps(fill.posts), rendered_at=_now())
        store.set(fill.key, page)
        # This reader's own page; their session cookie stays on their response only.
        mine = respond_per_reader(page, fill.key)
        response.set_data(mine.get_data())
        response.headers["Cache-Control"] = mine.headers["Cache-Control"]
        response.vary.add("Cookie")
        return response
    # A page whose rendering changed the reader's session (a CSRF token made for a form that is
    # no reader part, a flashed message read) is theirs alone. Flask adds the session cookie
    # after every after-request hook, so its Set-Cookie is not there yet to be seen.
    if session.modified or "Set-Cookie" in response.headers:
        return response
    body = response.get_data()
    page = CachedPage(response.content_type,
                      response.get_etag()[0] or hashlib.blake2b(body, digest_size=12).hexdigest(),
                      _own_headers(response), body=body, last_modified=response.last_modified,
                      cache_control=response.headers.get("Cache-Control", "public, no-cache"),
                      deps=fill.versions.deps(fill.posts), rendered_at=_now())
    store.set(fill.key, page)
    return respond_whole(store, page, fill.key, fill.generation, request)


def _plain_kept(previous: CachedPage | None, holes: tuple[Hole, ...]):
    """The plain parts of the page this one replaces, when it has the same holes: a comment
    changes the thread, never the form drawn from the same post, and cutting the form out again
    was a third of the re-render."""
    if previous is None or previous.holes != holes:
        return None
    return previous.plain


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)  # HTTP dates have whole seconds


def init_page_cache(app: Flask) -> None:
    """The store, the generation and the hooks. Register after every other before-request hook
    (hosts, proxies, WordPress's query links), so a cache hit skips only the rendering."""
    app.extensions["content_generation"] = make_store(app)
    app.extensions["page_store"] = PageStore(app.extensions["cache"][cache])
    watch_content_changes()
    watch_post_loads()
    app.add_template_global(reader_part)
    app.before_request(serve_from_cache)
    app.after_request(store_in_cache)
