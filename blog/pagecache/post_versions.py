"""Which cached pages a comment changes: those that show its post.

Every post hashes to one of SLOTS version counters, kept by the generation store beside the
token (blog/pagecache/generation.py). A page being rendered for the cache notes the posts it
loads (an ORM load event on Post: the article, every card; not the sidebar's stories, read as
plain columns), and is stored with the version of each of their slots as it was when rendering
began. The page is served while those versions stand; a comment on one of its posts moves
that post's version, so the next reader gets it rendered again. Every other change (a post, a
setting, a term) still replaces the token, which every page depends on.

Versions are read before rendering, so a comment committed while a page renders leaves the page
stored with the older version: stale at once, never served as current. Two posts sharing a slot
only costs an extra render.
"""

from array import array
from collections.abc import Iterable

SLOTS = 16384

Deps = tuple[tuple[int, int], ...]  # (slot, version when rendering began)


def slot_of(post_id: int) -> int:
    return post_id % SLOTS


class Versions:
    """One reading of the table; never changed once made (a new reading replaces it)."""

    __slots__ = ("counter", "table")

    def __init__(self, counter: int, table: array | None) -> None:
        self.counter = counter
        self.table = table

    def of(self, slot: int) -> int:
        return self.table[slot] if self.table is not None else 0

    def deps(self, post_ids: Iterable[int]) -> Deps:
        return tuple(sorted((slot, self.of(slot)) for slot in {slot_of(i) for i in post_ids}))

    def fresh(self, deps: Deps) -> bool:
        return all(self.of(slot) == version for slot, version in deps)
