"""Cached pages kept ready to send in this process: headers built and bytes encoded once.

The page store may be Redis and holds pickles; unpickling a page and building its response
through werkzeug cost more than sending it. Pages under one content generation never change, so
each worker keeps, for the current generation only, what it last sent:

- a page that is the same for everyone, as its exact headers and bytes per encoding;
- a page with reader parts (an article's comment form), as the bytes around its holes and the
  headers every reader gets.

Both are built by the functions Flask's own path uses (blog/pagecache/responses.py), so they
cannot drift from it. A new generation empties the memory; past its byte budget the oldest pages
go; a comment drops the pages that show its post.
"""

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from werkzeug.wrappers import Request, Response

from blog.pagecache.post_versions import Versions
from blog.pagecache.responses import per_reader_response, respond_whole
from blog.pagecache.store import CachedPage, PageStore, PlainPart

# Per worker, PAGE_MEMORY_MB; past it the oldest pages go (the shared store keeps them, and
# answers them at a fraction of a millisecond more). A worker's memory is its code (~90 MB)
# plus about twice this budget once the allocator's slack is counted.
BUDGET_BYTES = 16 * 1024 * 1024
Headers = list[tuple[str, str]]


@dataclass
class WholePage:
    page: CachedPage
    generation: str
    encoded: dict[str | None, tuple[Headers, bytes]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Bytes kept on arrival; each encoding adds its own when first sent."""
        return len(self.page.body)

    def answer(self, store: PageStore, key: str, req: Request,
               encoding: str | None) -> tuple[Headers, bytes, int]:
        """(headers, body, bytes newly kept) of the 200 for a client taking `encoding`."""
        ready = self.encoded.get(encoding)
        if ready is not None:
            return *ready, 0
        response = respond_whole(store, self.page, key, self.generation, req)
        vary_with_cookie(response)
        body = response.get_data()
        ready = self.encoded[encoding] = (response.get_wsgi_headers(req.environ).to_wsgi_list(),
                                          body)
        return *ready, len(body)


@dataclass
class ReaderPage:
    page: CachedPage
    # The page's bytes cut at every signed value of its plain parts (one segment more than
    # slots), and what goes in each slot: (kind, the hole's context). A request signs the
    # values and joins: no text is searched, replaced or encoded per reader.
    segments: tuple[bytes, ...]
    slots: tuple[tuple[str, Any], ...]
    headers: Headers  # all but the length, the encoding and a new reader's cookie

    @classmethod
    def of(cls, page: CachedPage, environ: dict) -> "ReaderPage":
        """For a page whose every hole has its plain part (`page.all_plain`)."""
        response = per_reader_response(page, "")
        response.vary.add("Accept-Encoding")  # as compress_for adds it on Flask's path
        headers = [(name, value)
                   for name, value in response.get_wsgi_headers(environ).to_wsgi_list()
                   if name != "Content-Length"]
        texts, slots = [page.pieces[0]], []
        for plain, hole, piece in zip(page.plain, page.holes, page.pieces[1:], strict=True):
            for text, kind in _cut_at_slots(plain):
                if kind is not None:
                    slots.append((kind, hole.context))
                    texts.append("")
                texts[-1] += text
            texts[-1] += piece
        # Kept without its text, which the segments replace: a worker holds each page's
        # bytes once, as its budget counts them.
        return cls(replace(page, pieces=(), plain=()), tuple(t.encode() for t in texts),
                   tuple(slots), headers)

    @property
    def size(self) -> int:
        return sum(len(segment) for segment in self.segments)


def _cut_at_slots(plain: PlainPart) -> list[tuple[str, str | None]]:
    """The part's text as (text, None) and (text after a slot, the slot's kind), in order."""
    found = sorted((plain.html.index(slot), slot, kind) for slot, kind in plain.slots)
    out: list[tuple[str, str | None]] = []
    at, kind = 0, None
    for start, slot, next_kind in found:
        out.append((plain.html[at:start], kind))
        at, kind = start + len(slot), next_kind
    out.append((plain.html[at:], kind))
    return out


def vary_with_cookie(response: Response) -> Response:
    """A logged-in admin gets another page at the same URL: Flask's session says so by adding
    Cookie to Vary whenever the session was looked at, as it is for every cached page."""
    response.vary.add("Cookie")
    return response


class ReadyPages:
    """Key → WholePage or ReaderPage, for one generation at a time, each still showing its
    posts' current versions: when the post-change counter moves, the pages showing a post whose
    version moved are dropped (an index from slot to pages finds them). Past its budget the
    oldest pages go first. Threads of a worker share it: reads take no lock, changes one.

    A thread may bring a reading of the store taken before another thread's newer one was
    followed: it is late, not a change, and must not empty the memory (at 5 comments a second,
    emptying on such readings made a worker fetch every page again several times a second).
    Only a reading begun after the last one followed can say the store went back."""

    def __init__(self, budget: int = BUDGET_BYTES) -> None:
        self.budget = budget
        self.generation = ""
        self.versions = Versions(0, None)
        self.pages: dict[str, WholePage | ReaderPage] = {}
        self.by_slot: dict[int, set[str]] = {}
        self.size = 0
        self.since = 0.0  # monotonic time just after the reading this memory follows was taken
        self._lock = threading.Lock()

    def get(self, generation: str, versions: Versions, key: str,
            read_at: float | None = None) -> WholePage | ReaderPage | None:
        """The page for `key`, given a reading of the store (`generation`, `versions`) begun at
        monotonic time `read_at` (None: just now)."""
        if generation != self.generation or versions.counter < self.versions.counter:
            if read_at is not None and read_at < self.since:
                # Late: what is kept is as new as the store, or newer, than this reading.
                return self.pages.get(key) if generation == self.generation else None
            # A new generation; or a counter that went back (its store was emptied): start over.
            with self._lock:
                self.generation, self.versions = generation, versions
                self.pages, self.by_slot, self.size = {}, {}, 0
                self.since = time.monotonic()
            return None
        if versions.counter > self.versions.counter:
            self._follow(versions)
        return self.pages.get(key)

    def keep(self, generation: str, versions: Versions, key: str,
             page: WholePage | ReaderPage) -> None:
        with self._lock:
            if generation != self.generation or versions.counter != self.versions.counter:
                return  # read before a change this memory has already followed
            self.pages[key] = page
            for slot, _version in page.page.deps:
                self.by_slot.setdefault(slot, set()).add(key)
            self._grew(page.size)

    def grew(self, size: int) -> None:
        with self._lock:
            self._grew(size)

    def _grew(self, size: int) -> None:
        self.size += size
        while self.size > self.budget and self.pages:
            oldest = next(iter(self.pages))
            self.size -= self.pages.pop(oldest).size

    def _follow(self, versions: Versions) -> None:
        with self._lock:
            before = self.versions
            if versions.counter <= before.counter:
                return  # another thread followed first
            self.versions, self.since = versions, time.monotonic()
            moved = [slot for slot in self.by_slot if versions.of(slot) != before.of(slot)]
            for slot in moved:
                for key in self.by_slot.pop(slot, ()):
                    page = self.pages.pop(key, None)
                    if page is not None:
                        self.size -= page.size
