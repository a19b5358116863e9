"""The content generation: one token shared by every worker and server, replaced whenever content
a reader can see changes. Cached pages are keyed by it, so a change invalidates them everywhere
at once without finding and deleting keys.

Where it lives: in Redis when `REDIS_URL` is set (several servers), else in a small file beside the
SQLite database (or in instance/ for other databases), which every worker process on the machine
reads per request (a few microseconds; no SQL).

Who replaces it: a SQLAlchemy session hook. After a flush that touched posts, approved comments,
settings, terms or redirects, the commit replaces the token; no service needs to remember to.
Scheduled posts: the first request that sees their time has come replaces it too.
"""

import logging
import os
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session

from blog.models import Author, Category, Comment, Post, Redirect, Setting, Tag, post_tag, utcnow

log = logging.getLogger(__name__)

CONTENT_MODELS = (Post, Setting, Author, Category, Tag, Redirect)
CONTENT_TABLES = {m.__table__.name for m in (*CONTENT_MODELS, Comment)} | {post_tag.name}
_CHANGED = "content_changed"


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
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644)
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


def _default_file(app: Flask) -> Path:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(Path(url.database).name + "-generation")
    return Path(app.instance_path) / "content-generation"


def make_store(app: Flask) -> GenerationStore:
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        prefix = app.config.get("CACHE_KEY_PREFIX", "blog:")
        return RedisGeneration(redis_url, f"{prefix}generation")
    return FileGeneration(Path(app.config.get("CACHE_GENERATION_FILE") or _default_file(app)))


def store() -> GenerationStore:
    return current_app.extensions["content_generation"]


# Scheduled posts: for each generation, when the next one goes live (per process, one query).
_next_live: dict[str, datetime | None] = {}


def current_generation() -> str:
    """The token pages are cached under; replaced first if a scheduled post has gone live."""
    from blog.extensions import db

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


def _touches_content(session: Session) -> bool:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CONTENT_MODELS):
            return True
        if isinstance(obj, Comment):
            # A comment shows on the site only while approved: a held one changes nothing.
            history = inspect(obj).attrs.status.history
            if obj.status == "approved" or "approved" in (history.deleted or ()):
                return True
    return False


def _after_flush(session: Session, _context) -> None:
    if not session.info.get(_CHANGED) and _touches_content(session):
        session.info[_CHANGED] = True


def content_changed(session: Session) -> None:
    """For a write made on the session's connection, which the flush hook cannot see: the
    session's commit replaces the token."""
    session.info[_CHANGED] = True


def _orm_execute(state: ORMExecuteState) -> None:
    """Bulk INSERT/UPDATE/DELETE statements bypass the flush: look at their table instead."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and table.name in CONTENT_TABLES:
            state.session.info[_CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        try:
            store().bump()
        except Exception:  # Redis down: the content is saved; pages catch up on their TTL
            log.exception("could not replace the content generation")


def _after_rollback(session: Session, _previous_transaction=None) -> None:
    # after_soft_rollback passes (session, previous_transaction).
    session.info.pop(_CHANGED, None)


def init_content_generation(app: Flask) -> None:
    app.extensions["content_generation"] = make_store(app)
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _orm_execute)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
