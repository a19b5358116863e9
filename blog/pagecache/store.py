"""Where cached pages live: the page as stored, its key, and the backend that holds it.

A memory cache per worker by default, Redis when REDIS_URL is set (Flask-Caching's `cache`, so
several servers share pages). Pages are keyed by the content generation, so a change of content
makes every old key unreachable at once; a page also carries the versions of the posts it shows
(blog/pagecache/post_versions.py), so a comment makes only those pages stale.
"""

import logging
import pickle
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blog.pagecache.post_versions import Deps

log = logging.getLogger(__name__)


def cache_down() -> tuple[type[BaseException], ...]:
    """What a page store that is down raises: OSError, and RedisError once Redis is in use (a
    worker without Redis never imports it, 7.6 MB)."""
    errors = sys.modules.get("redis.exceptions")
    return (errors.RedisError, OSError) if errors else (OSError,)

# Part of every key: a deploy that changes what a page holds never reads the old layout.
LAYOUT = "v3"


@dataclass(frozen=True)
class Hole:
    """Where a reader part goes in a page, and what it is drawn from (a picklable snapshot)."""

    part: str
    context: Any


@dataclass(frozen=True)
class PlainPart:
    """A part as every plain reader gets it, with slots where the signed values go."""

    html: str
    slots: tuple[tuple[str, str], ...]  # (slot text, kind: "csrf" or a part's signer)

    def fill(self, value) -> str:
        """The part with fresh values; `value(kind)` is asked only for the slots it has."""
        html = self.html
        for slot, kind in self.slots:
            html = html.replace(slot, value(kind))
        return html


@dataclass(frozen=True)
class CachedPage:
    content_type: str
    etag: str
    headers: tuple[tuple[str, str], ...] = ()
    # The view's own validators and lifetime (feeds set them), else the generation's.
    last_modified: datetime | None = None
    cache_control: str = "public, no-cache"
    body: bytes | None = None  # a page the same for everyone
    # Else a page with reader parts: the text around its holes (one piece more than holes).
    pieces: tuple[str, ...] = ()
    holes: tuple[Hole, ...] = ()
    # Each hole as a plain reader gets it, once Flask has cut it out (None: not possible).
    plain: tuple[PlainPart | None, ...] | None = None
    # The posts it shows, as (slot, version) when rendering began; and when that was.
    deps: Deps = ()
    rendered_at: datetime | None = None

    @property
    def per_reader(self) -> bool:
        return self.body is None

    @property
    def all_plain(self) -> bool:
        return self.plain is not None and all(part is not None for part in self.plain)


def page_key(generation: str, environ: dict, host: str, with_query: bool = True) -> str:
    """The key of the page a GET for `environ` gets. Built from the raw WSGI path and query, so
    the layer in front of Flask finds what Flask stored. Host and scheme are part of it:
    absolute URLs in a page come from them."""
    query = environ.get("QUERY_STRING", "") if with_query else ""
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    return f"page:{LAYOUT}:{generation}:{scheme}://{host}{path}?{query}"


class PageStore:
    """The cache backend pages live in, used with or without an app context. A backend that
    is down (Redis) reads as a miss and drops writes: readers get pages rendered for them."""

    def __init__(self, backend) -> None:
        self.backend = backend

    def get(self, key: str):
        try:
            return self.backend.get(key)
        except cache_down():
            return None
        except (pickle.UnpicklingError, ImportError, AttributeError):
            return None  # written by another version of the code: render it again

    def lookup(self, key: str):
        """Like get, but a backend that is down raises cache_down() (the caller logs it)."""
        try:
            return self.backend.get(key)
        except (pickle.UnpicklingError, ImportError, AttributeError):
            return None

    def set(self, key: str, value) -> None:
        try:
            self.backend.set(key, value)
        except cache_down():
            log.warning("page cache unavailable: %s not stored", key)
