"""How many posts a list holds, counted once per content generation in each process.

"Page 3 of 1,667" needs the list's length, and a count reads every entry of the list's index:
at 100,000 posts the front page's took 10 ms, a category's 3 ms, where a page of ids takes
0.1. The length changes only when content a reader can see changes, and then the content
generation is replaced (blog/pagecache/generation.py: every write of a post, term or setting,
and the first request after a scheduled post's time). So each process keeps the counts it
took under the current generation, by a key naming the list, and starts over when it moves
(tokens begin with their time, so an older one is never taken for the current).
"""

import threading
from collections.abc import Callable, Hashable

from flask import current_app, g

from blog.pagecache.generation import current_state
from blog.pagecache.parts import FILL_KEY
from blog.pagecache.store import cache_down

MAX_KEYS = 4096  # lists per generation (terms, months, searches); past it the memory starts over


class ListCounts:
    """One app's counts under one generation (each app its own: one process may serve two)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = ""
        self.counts: dict[Hashable, int] = {}

    def get(self, generation: str, key: Hashable) -> int | None:
        return self.counts.get(key) if generation == self.generation else None

    def keep(self, generation: str, key: Hashable, value: int) -> None:
        with self.lock:
            if generation < self.generation:
                return  # read before a change another thread has already seen
            if generation != self.generation or len(self.counts) >= MAX_KEYS:
                self.generation, self.counts = generation, {}
            self.counts[key] = value


def _current_generation() -> str | None:
    fill = getattr(g, FILL_KEY, None)  # the page cache read it for this request already
    if fill is not None:
        return fill.generation
    try:
        return current_state()[0]
    except cache_down():  # Redis unreachable: count every time
        return None


def remembered_count(key: Hashable, count: Callable[[], int]) -> int:
    """`count()`, or what it gave for `key` earlier under the current content generation."""
    generation = _current_generation()
    if generation is None:
        return count()
    counts = current_app.extensions.setdefault("list_counts", ListCounts())
    known = counts.get(generation, key)
    if known is None:
        known = count()
        counts.keep(generation, key, known)
    return known
