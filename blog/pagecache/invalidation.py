"""Announcing content changes: after a commit that changed what readers can see, the content
generation is replaced, and every cached page of every worker and server is out of date.

A SQLAlchemy session hook notices ORM writes of posts, approved comments, settings, terms,
redirects and menus, so no service has to remember to announce them; a write made on the
session's own connection (a Core INSERT the flush cannot see) calls `content_changed(session)`
itself.
"""

import logging

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from blog.models import (
    Author,
    Category,
    Comment,
    Menu,
    MenuItem,
    Post,
    Redirect,
    Setting,
    Tag,
    featured_image,
    post_category,
    post_tag,
)
from blog.pagecache.generation import store

log = logging.getLogger(__name__)

# Menus are on every page: any write of one changes every page.
CONTENT_MODELS = (Post, Setting, Author, Category, Tag, Redirect, Menu, MenuItem)
CONTENT_TABLES = {m.__table__.name for m in (*CONTENT_MODELS, Comment)} | {
    t.name for t in (post_tag, post_category, featured_image)}
_CHANGED = "content_changed"


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


def watch_content_changes() -> None:
    """Once per process: the hooks are on the Session class, for every app."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _orm_execute)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
