"""The content generation: one token shared by every worker and server, replaced whenever content
a reader can see changes. Cached pages are keyed by it, so a change invalidates them everywhere
at once without finding and deleting keys.

Where it lives: in Redis when `REDIS_URL` is set (several servers), else in a small file beside the
SQLite database (or in instance/ for other databases), which every worker process on the machine
reads per request (a few microseconds; no SQL).

Who replaces it: blog/pagecache/invalidation.py, when a commit changed content. Scheduled posts:
the first request that sees their time has come replaces it here.
"""

import os
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post, utcnow
from blog.settings import site_file


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

    def bump(self) -> str: ...


class FileGeneration:
    """A token in a file, overwritten in place (a rename per comment cost milliseconds here).
    Tokens have a fixed length, so a write never leaves old bytes behind; a reader that caught
    half a write sees a token that matches nothing, which only means one uncached render.

    Each process keeps the file open and reads it with one pread per request, a quarter of
    opening it each time. Once a second the open file is checked against the path, so a file
    deleted or replaced by hand is opened again."""

    RECHECK_S = 1.0

    def __init__(self, path: Path):
        self.path = path
        self._open: tuple[int, int, float] | None = None  # fd, inode, next check
        self._retired: int | None = None  # the fd before, closed at the next swap

    def current(self) -> str:
        opened = self._open
        if opened is None or time.monotonic() >= opened[2]:
            opened = self._reopen()
            if opened is None:
                return self.bump()
        return os.pread(opened[0], 64, 0).decode() or self.bump()

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


class RedisGeneration:
    def __init__(self, url: str, key: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self.key = key

    def current(self) -> str:
        token = self.client.get(self.key)
        return token.decode() if token else self.bump()

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


def current_generation() -> str:
    """The token pages are cached under; replaced first if a scheduled post has gone live."""
    token = store().current()
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
        token = store().bump()
    return token


def settled(token: str) -> bool:
    """True when this process has asked, for `token`, when the next scheduled post goes live,
    and it has not yet: pages cached under it are still current. No SQL; the layer in front
    of Flask uses it and leaves the asking to Flask."""
    due = _next_live.get(token, _UNKNOWN)
    return due is None or (due is not _UNKNOWN and utcnow() < due)


_UNKNOWN = object()
