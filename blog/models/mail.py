"""Mail as data: the outbox, the addresses that asked for mail, and the newsletter's issues.

Every message is a row written in the same transaction as the event that causes it; the sender
(blog/mail/sender.py) delivers the rows. Addresses are stored only where mail needs them, and
deleting a subscription deletes what was queued or kept for it.
"""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow

MESSAGE_STATUSES = ("queued", "sending", "sent", "failed")
LISTS = ("newsletter", "replies")
ISSUE_STATUSES = ("waiting", "sending", "done", "skipped")


class Subscription(db.Model):
    """An address that asked for one kind of mail: the newsletter, or replies to its comments.
    Unconfirmed until the emailed link is followed (double opt-in)."""

    __tablename__ = "mail_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    list: Mapped[str] = mapped_column(String(16))
    # Random, and what every link carries (signed): a link names no address and is never
    # reused by a later subscription, as a row id could be.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirm_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_mail_subscription_email_list", "email", "list", unique=True),
        Index("ix_mail_subscription_list_confirmed", "list", "confirmed_at"),
    )


class ReplyWatch(db.Model):
    """A comment whose author ticked "Email me replies to my comment"."""

    __tablename__ = "reply_watch"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("mail_subscription.id", ondelete="CASCADE"), index=True)


class NewsletterIssue(db.Model):
    """A post that goes to the newsletter's subscribers once, when it is first published (a
    scheduled one when it comes due). Rendered once; one outbox row per subscriber."""

    __tablename__ = "newsletter_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"),
                                         unique=True)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    # Where the links point: the site as the editor saw it (the sender has no request).
    base_url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(String(300), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Fan-out resumes after the last subscription it queued a message for.
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    recipients: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_newsletter_issue_status", "status"),)


class OutboxMessage(db.Model):
    """One message to one recipient. `ending` is set, in its own commit, just before the end
    of the message's data goes to the server: a sender killed after that point may have had
    it accepted, so it is never sent again (see blog/mail/claims.py)."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0 first; newsletters 1
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # Empty for a newsletter message, whose body is its issue's.
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the kind's own headers
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    ending: Mapped[bool] = mapped_column(Boolean, default=False)
    last_answer: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("newsletter_issue.id", ondelete="CASCADE"))
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_subscription.id", ondelete="CASCADE"), index=True)
    # What the message is about, so the same event never queues it twice
    # ("newsletter:<issue>:<subscription>", "reply:<comment>").
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)

    __table_args__ = (
        Index("ix_outbox_message_due", "status", "priority", "next_attempt_at"),
        Index("ix_outbox_message_lease", "status", "lease_until"),
        Index("ix_outbox_message_created", "created_at"),
        Index("ix_outbox_message_recipient", "recipient"),
        Index("ix_outbox_message_issue", "issue_id"),
    )
