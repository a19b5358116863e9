"""What the reading pages ask again and again, taken once per content generation in each process.

"Page 3 of 1,667" needs the list's length, and a count reads every entry of the list's index:
at 100,000 posts the front page's took 10 ms, a category's 3 ms, where a page of ids takes
0.1. "Explore More Stories" on every page asks for the newest posts (2.7 ms of an article's
13). Both change only when content a reader can see changes, and then the content generation is
replaced (blog/pagecache/generation.py: every write of a post, term or setting, and the first
request after a scheduled post's time; a comment does not, and neither shows one). So each
process keeps what it took under the current generation, by a key naming it, and starts over
when it moves (tokens begin with their time, so an older one is never taken for the current).
"""

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, g

from blog.pagecache.generation import current_state
from blog.pagecache.parts import FILL_KEY
from blog.pagecache.store import cache_down

MAX_KEYS = 4096  # lists per generation (terms, months, searches); past it the memory starts over

T = TypeVar("T")


class Remembered:
    """One app's values under one generation (each app its own: one process may serve two)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = ""
        self.values: dict[Hashable, object] = {}

    def get(self, generation: str, key: Hashable) -> object | None:
        return self.values.get(key) if generation == self.generation else None

    def keep(self, generation: str, key: Hashable, value: object) -> None:
        with self.lock:
            if generation < self.generation:
                return  # read before a change another thread has already seen
            if generation != self.generation or len(self.values) >= MAX_KEYS:
                self.generation, self.values = generation, {}
            self.values[key] = value


def _current_generation() -> str | None:
    fill = getattr(g, FILL_KEY, None)  # the page cache read it for this request already
    if fill is not None:
        return fill.generation
    try:
        return current_state()[0]
    except cache_down():  # Redis unreachable: take it every time
        return None


def remembered(key: Hashable, take: Callable[[], T]) -> T:
    """`take()`, or what it gave for `key` earlier under the current content generation. What
    it gives is shared by every request of the process: plain values, never ORM objects."""
    generation = _current_generation()
    if generation is None:
        return take()
    memory = current_app.extensions.setdefault("remembered", Remembered())
    known = memory.get(generation, key)
    if known is None:
        known = take()
        memory.keep(generation, key, known)
    return known  # type: ignore[return-value]
