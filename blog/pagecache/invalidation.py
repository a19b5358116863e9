"""Announcing content changes: after a commit that changed what readers can see, the content
generation is replaced, and every cached page of every worker and server is out of date; after
one that changed only comments, only the pages showing their posts are
(blog/pagecache/post_versions.py).

A SQLAlchemy session hook notices ORM writes of posts, settings, terms, redirects, menus and of
comments a reader can see (approved, or approved until now), so no service has to remember to
announce them; a write made on the session's own connection (a Core INSERT the flush cannot
see) calls `content_changed(session, post_id)` itself. While a page renders for the cache, a
load hook notes every post it reads.
"""

import logging

from flask import g, has_app_context
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
from blog.pagecache.parts import FILL_KEY
from blog.pagecache.post_versions import slot_of

log = logging.getLogger(__name__)

# Menus are on every page: any write of one changes every page.
CONTENT_MODELS = (Post, Setting, Author, Category, Tag, Redirect, Menu, MenuItem)
CONTENT_TABLES = {m.__table__.name for m in (*CONTENT_MODELS, Comment)} | {
    t.name for t in (post_tag, post_category, featured_image)}
_CHANGED = "content_changed"
_POSTS = "comments_changed_on"  # ids of posts whose visible comments changed


def _visible_comment(obj: Comment) -> bool:
    # A comment shows on the site only while approved: a held one changes nothing.
    history = inspect(obj).attrs.status.history
    return obj.status == "approved" or "approved" in (history.deleted or ())


def _after_flush(session: Session, _context) -> None:
    if session.info.get(_CHANGED):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CONTENT_MODELS):
            session.info[_CHANGED] = True
            return
        if isinstance(obj, Comment) and _visible_comment(obj):
            posts = {obj.post_id, *(inspect(obj).attrs.post_id.history.deleted or ())}
            session.info.setdefault(_POSTS, set()).update(p for p in posts if p is not None)


def content_changed(session: Session, post_id: int | None = None) -> None:
    """For a write made on the session's connection, which the flush hook cannot see: the
    session's commit replaces the token, or with `post_id` (a comment), that post's version."""
    if post_id is None:
        session.info[_CHANGED] = True
    else:
        session.info.setdefault(_POSTS, set()).add(post_id)


def _orm_execute(state: ORMExecuteState) -> None:
    """Bulk INSERT/UPDATE/DELETE statements bypass the flush: look at their table instead."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and table.name in CONTENT_TABLES:
            state.session.info[_CHANGED] = True


def _after_commit(session: Session) -> None:
    changed, posts = session.info.pop(_CHANGED, False), session.info.pop(_POSTS, None)
    if not (changed or posts):
        return
    try:
        if changed:
            store().bump()
        else:
            store().touch({slot_of(post_id) for post_id in posts})
    except Exception:  # Redis down: the content is saved; pages catch up on their TTL
        log.exception("could not announce the content change")


def _after_rollback(session: Session, _previous_transaction=None) -> None:
    # after_soft_rollback passes (session, previous_transaction).
    session.info.pop(_CHANGED, None)
    session.info.pop(_POSTS, None)


def _post_loaded(post: Post, _context) -> None:
    """A post read while a page renders for the cache: the page shows it."""
    if has_app_context():
        fill = g.get(FILL_KEY)
        if fill is not None:
            fill.posts.add(post.id)


def watch_post_loads() -> None:
    if not event.contains(Post, "load", _post_loaded):
        event.listen(Post, "load", _post_loaded)


def watch_content_changes() -> None:
    """Once per process: the hooks are on the Session class, for every app."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _orm_execute)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
