"""The history of a post: one Revision per save, the newest KEEP_REVISIONS kept."""

import difflib

from sqlalchemy import delete, select

from blog.extensions import db
from blog.models import Post, Revision

KEEP_REVISIONS = 25


def record_revision(post: Post) -> None:
    """Snapshot the post as saved; the caller commits."""
    db.session.add(Revision(post_id=post.id, version=post.version, title=post.title,
                            body_source=post.body_source, excerpt=post.excerpt))
    db.session.flush()
    keep = (
        select(Revision.id).where(Revision.post_id == post.id)
        .order_by(Revision.version.desc(), Revision.id.desc()).limit(KEEP_REVISIONS)
    )
    db.session.execute(
        delete(Revision).where(Revision.post_id == post.id, Revision.id.not_in(keep))
    )


def keep_original(post: Post) -> None:
    """A post made outside the editor (demo, WordPress import) has no history yet: keep its
    text as it stands before the first edit changes it."""
    has_history = db.session.scalar(select(Revision.id).where(Revision.post_id == post.id)
                                     .limit(1))
    if has_history is None:
        db.session.add(Revision(post_id=post.id, version=post.version, title=post.title,
                                body_source=post.body_source, excerpt=post.excerpt))


def list_revisions(post: Post) -> list[Revision]:
    return list(db.session.scalars(
        select(Revision).where(Revision.post_id == post.id)
        .order_by(Revision.version.desc(), Revision.id.desc())
    ))


def get_revision(post: Post, revision_id: int) -> Revision | None:
    return db.session.scalar(
        select(Revision).where(Revision.id == revision_id, Revision.post_id == post.id)
    )


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """A unified diff of two bodies as (kind, line) pairs, kind in add/remove/context/hunk."""
    lines = []
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2)
    for line in list(diff)[2:]:
        kind = {"+": "add", "-": "remove", "@": "hunk"}.get(line[:1], "context")
        lines.append((kind, line))
    return lines
