from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
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
    )
