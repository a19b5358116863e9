import hashlib
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blog.extensions import db
from blog.models.types import SanitizedHTML, UTCDateTime, utcnow

COMMENT_STATUSES = ("pending", "approved", "spam", "trash")


class Comment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(245))
    author_email: Mapped[str] = mapped_column(String(254), default="")
    author_url: Mapped[str] = mapped_column(String(200), default="")
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(SanitizedHTML)
    # A digest of body_source, so "has this address sent this text here before?" is one probe
    # of (post_id, body_digest), however many comments the post has.
    body_digest: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    moderation_reason: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(16), default="comment")  # pingback, trackback
    by_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    legacy_id: Mapped[int | None] = mapped_column(Integer, index=True)

    post: Mapped["Post"] = relationship()  # noqa: F821
    parent: Mapped["Comment | None"] = relationship(remote_side=[id])

    __table_args__ = (
        Index("ix_comment_post_status", "post_id", "status", "created_at"),
        Index("ix_comment_status_created", "status", "created_at"),
        # Email first: "has this address an approved comment?" is asked on every new comment.
        Index("ix_comment_email_status", "author_email", "status"),
        Index("ix_comment_post_digest", "post_id", "body_digest"),
    )


def text_digest(text: str) -> str:
    """32 hex digits naming a comment's text (not a secret: a lookup key)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@event.listens_for(Comment.body_source, "set")
def _digest_the_text(target: Comment, value, _old, _initiator) -> None:
    """Every ORM write of the text writes its digest. (A Core INSERT of comments must set
    body_digest itself: blog/comments/services.py and blog/wxr/comments.py do.)"""
    target.body_digest = text_digest(value or "")
