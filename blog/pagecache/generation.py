"""The content generation: one token shared by every worker and server, replaced whenever content
a reader can see changes. Cached pages are keyed by it, so a change invalidates them everywhere
at once without finding and deleting keys.

Where it lives: in Redis when `REDIS_URL` is set (several servers), else in a small file beside the
SQLite database (or in instance/ for other databases), which every worker process on the machine
reads per request (a few microseconds; no SQL).

Who replaces it: blog/pagecache/invalidation.py, when a commit changed content. Scheduled posts:
the first request that sees their time has come replaces it here.

A comment changes only the pages that show its post, so it leaves the token alone and moves its
post's counter instead (blog/pagecache/post_versions.py): beside the token each store keeps a
change counter, read in the same pread or round trip as the token, and a table of post
versions, read only when the counter has moved.
"""

import fcntl
import os
import secrets
import sys
import time
from array import array
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post, utcnow
from blog.pagecache.post_versions import SLOTS, Versions
from blog.settings import site_file

TOKEN_LENGTH = 25


def new_token() -> str:
    """Time first (so Last-Modified can be read from it), then randomness (so two servers
    bumping in the same nanosecond still differ). Always 25 characters."""
    return f"{time.time_ns():016x}-{secrets.token_hex(4)}"


def token_time(token: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(token.split("-", 1)[0], 16) / 1e9, UTC)
    except ValueError:
        return datetime.fromtimestamp(0, UTC)


class GenerationStore(Protocol):
    def current(self) -> str: ...

    def state(self) -> tuple[str, int]:
        """The token and the post-change counter, read together."""

    def versions(self, counter: int) -> Versions:
        """The post versions as of `counter` (read again only when it moved)."""

    def bump(self) -> str: ...

    def touch(self, slots: set[int]) -> None:
        """Move the version of each slot, then the counter."""


class _KeepsVersions:
    """The last table read, per process: a new one is read only when the counter moved."""

    _versions = Versions(0, None)

    def versions(self, counter: int) -> Versions:
        known = self._versions
        if known.counter != counter:
            known = self._versions = Versions(counter, self._read_table())
        return known

    def _read_table(self) -> array: ...


class FileGeneration(_KeepsVersions):
    """A token in a file, overwritten in place (a rename per comment cost milliseconds here).
    Tokens have a fixed length, so a write never leaves old bytes behind; a reader that caught
    half a write sees a token that matches nothing, which only means one uncached render.

    Each process keeps the file open and reads it with one pread per request, a quarter of
    opening it each time. Once a second the open file is checked against the path, so a file
    deleted or replaced by hand is opened again.

    Layout: the token at 0, the post-change counter (8 bytes) at 32, the post versions (4 bytes
    per slot) from 64. Changes of posts take an exclusive lock (two workers counting at once
    would lose one); readers take none: a torn read only costs one render."""

    RECHECK_S = 1.0
    COUNTER_AT = 32
    TABLE_AT = 64

    def __init__(self, path: Path):
        self.path = path
        self._open: tuple[int, int, float] | None = None  # fd, inode, next check
        self._retired: int | None = None  # the fd before, closed at the next swap

    def current(self) -> str:
        return self.state()[0]

    def state(self) -> tuple[str, int]:
        opened = self._open
        if opened is None or time.monotonic() >= opened[2]:
            opened = self._reopen()
            if opened is None:
                return self.bump(), 0
        head = os.pread(opened[0], self.COUNTER_AT + 8, 0)
        token = head[:TOKEN_LENGTH].decode(errors="replace")
        if not token:
            return self.bump(), 0
        return token, int.from_bytes(head[self.COUNTER_AT:], "little")

    def _read_table(self) -> array:
        fd = os.open(self.path, os.O_RDONLY)
        try:
            raw = os.pread(fd, 4 * SLOTS, self.TABLE_AT)
        finally:
            os.close(fd)
        table = array("I")
        table.frombytes(raw[: len(raw) - len(raw) % 4])
        table.extend([0] * (SLOTS - len(table)))
        return table

    def _reopen(self) -> tuple[int, int, float] | None:
        recheck = time.monotonic() + self.RECHECK_S
        try:
            inode = os.stat(self.path).st_ino
            if self._open is not None and self._open[1] == inode:
                self._open = (self._open[0], inode, recheck)
                return self._open
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        if self._open is not None:
            # Another thread may be reading the old fd right now: close it a swap later.
            if self._retired is not None:
                os.close(self._retired)
            self._retired = self._open[0]
        self._open = (fd, os.fstat(fd).st_ino, recheck)
        return self._open

    def bump(self) -> str:
        token = new_token()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)  # the site's own file
        try:
            os.pwrite(fd, token.encode(), 0)
        finally:
            os.close(fd)
        return token

    def touch(self, slots: set[int]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size < TOKEN_LENGTH:
                os.pwrite(fd, new_token().encode(), 0)
            for slot in slots:
                at = self.TABLE_AT + 4 * slot
                version = int.from_bytes(os.pread(fd, 4, at).ljust(4, b"\0"), "little")
                os.pwrite(fd, ((version + 1) % 2**32).to_bytes(4, "little"), at)
            counter = int.from_bytes(os.pread(fd, 8, self.COUNTER_AT).ljust(8, b"\0"), "little")
            os.pwrite(fd, (counter + 1).to_bytes(8, "little"), self.COUNTER_AT)
        finally:
            os.close(fd)  # and the lock with it


class RedisGeneration(_KeepsVersions):
    """The token, the counter and the table (a string of big-endian u32s that BITFIELD moves
    atomically) under three keys: one MGET per request, a GET of the table per change."""

    def __init__(self, url: str, key: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self.key = key
        self.counter_key, self.table_key = f"{key}:posts", f"{key}:post-versions"

    def current(self) -> str:
        return self.state()[0]

    def state(self) -> tuple[str, int]:
        token, counter = self.client.mget(self.key, self.counter_key)
        return (token.decode() if token else self.bump()), int(counter or 0)

    def _read_table(self) -> array:
        raw = self.client.get(self.table_key) or b""
        table = array("I")
        table.frombytes(raw[: len(raw) - len(raw) % 4])
        if sys.byteorder == "little":
            table.byteswap()
        table.extend([0] * (SLOTS - len(table)))
        return table

    def touch(self, slots: set[int]) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            moves: list = []
            for slot in sorted(slots):
                moves += ["INCRBY", "u32", f"#{slot}", 1]
            pipe.execute_command("BITFIELD", self.table_key, "OVERFLOW", "WRAP", *moves)
            pipe.incr(self.counter_key)
            pipe.execute()

    def bump(self) -> str:
        token = new_token()
        self.client.set(self.key, token)
        return token


def make_store(app: Flask) -> GenerationStore:
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        prefix = app.config.get("CACHE_KEY_PREFIX", "blog:")
        return RedisGeneration(redis_url, f"{prefix}generation")
    return FileGeneration(Path(app.config.get("CACHE_GENERATION_FILE")
                               or site_file(app, "generation", "content-generation")))


def store() -> GenerationStore:
    return current_app.extensions["content_generation"]


# Scheduled posts: for each generation, when the next one goes live (per process, one query).
_next_live: dict[str, datetime | None] = {}


def current_state() -> tuple[str, Versions]:
    """The token pages are cached under, replaced first if a scheduled post has gone live; and
    the post versions pages are checked against."""
    generations = store()
    token, counter = generations.state()
    try:
        due = _next_live[token]
    except KeyError:  # first request of this generation in this process
        due = db.session.scalar(
            select(func.min(Post.published_at)).where(
                Post.status.in_(("published", "scheduled")), Post.published_at > utcnow()))
        if len(_next_live) > 64:  # other threads may clear it too: only `due` is relied on
            _next_live.clear()
        _next_live[token] = due
    if due is not None and utcnow() >= due:
        token = generations.bump()
    return token, generations.versions(counter)


def settled(token: str) -> bool:
    """True when this process has asked, for `token`, when the next scheduled post goes live,
    and it has not yet: pages cached under it are still current. No SQL; the layer in front
    of Flask uses it and leaves the asking to Flask."""
    due = _next_live.get(token, _UNKNOWN)
    return due is None or (due is not _UNKNOWN and utcnow() < due)


_UNKNOWN = object()
