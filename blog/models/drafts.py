"""What keeps a writer's unpublished text safe and shareable: preview links for reviewers and
the editor's text held across an ended session."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow


class PreviewLink(db.Model):
    """An unguessable address at which anyone who has it sees a draft or scheduled post.
    Deleting the row revokes it; it stops working once the post is public."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped["Post"] = relationship()  # noqa: F821


class HeldText(db.Model):
    """The editor's fields as sent when the session had ended, kept for the account (or, when
    the session was gone, for the browser's `token` until someone logs in there) and put back
    into the editor after login. Expires after HELD_TEXT_HOURS."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(300))  # the editor's path it came from
    fields: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_held_text_user_created", "user_id", "created_at"),
                      Index("ix_held_text_created_at", "created_at"))
