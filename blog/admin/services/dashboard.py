"""The numbers and short lists on the admin's front page."""

from sqlalchemy import and_, case, func, select

from blog.articles.services import live_clause
from blog.extensions import db
from blog.models import Comment, Post, utcnow


def post_counts() -> dict[str, int]:
    """Published (including scheduled posts whose time came), drafts, and still-scheduled."""
    now = utcnow()
    is_live = live_clause(now)
    row = db.session.execute(
        select(
            func.count(case((is_live, 1))),
            func.count(case((Post.status == "draft", 1))),
            func.count(case((and_(Post.status == "scheduled", Post.published_at > now), 1))),
        ).where(Post.type == "post")
    ).one()
    return {"published": row[0], "drafts": row[1], "scheduled": row[2]}


def pending_comment_count() -> int:
    return db.session.scalar(
        select(func.count(Comment.id)).where(Comment.status == "pending")
    ) or 0


def recent_drafts(limit: int = 5) -> list[Post]:
    return list(db.session.scalars(
        select(Post).where(Post.status == "draft")
        .order_by(Post.updated_at.desc(), Post.id.desc()).limit(limit)
    ))


def upcoming_scheduled(limit: int = 5) -> list[Post]:
    return list(db.session.scalars(
        select(Post).where(Post.status == "scheduled", Post.published_at > utcnow())
        .order_by(Post.published_at).limit(limit)
    ))


def newest_pending_comments(limit: int = 5) -> list[Comment]:
    return list(db.session.scalars(
        select(Comment).where(Comment.status == "pending")
        .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit)
    ))
