"""mail: the outbox, subscriptions, reply watches and newsletter issues

Revision ID: 0008_mail
Revises: 0005_comment_body_digest
Create Date: 2026-12-02 09:00:00

Posts published before mail existed are never mailed: each gets a "skipped" issue, so saving
one again (or unpublishing and publishing it) sends nothing. So do imported posts. A post
scheduled for later by the writer is still mailed when it comes due, as a newly scheduled one
would be.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

UTCDateTime = sa.DateTime(timezone=True)

revision = "0008_mail"
down_revision = "0006_security"
branch_labels = None
depends_on = None

post = sa.table("post", sa.column("id", sa.Integer), sa.column("type", sa.String),
                sa.column("status", sa.String), sa.column("published_at", UTCDateTime),
                sa.column("legacy_id", sa.Integer))


def upgrade():
    op.create_table(
        "mail_subscription",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("list", sa.String(16), nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("confirmed_at", UTCDateTime, nullable=True),
        sa.Column("confirm_sent_at", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_mail_subscription"),
        sa.UniqueConstraint("key", name="uq_mail_subscription_key"),
    )
    op.create_index("ix_mail_subscription_email_list", "mail_subscription", ["email", "list"],
                    unique=True)
    op.create_index("ix_mail_subscription_list_confirmed", "mail_subscription",
                    ["list", "confirmed_at"])

    op.create_table(
        "reply_watch",
        sa.Column("comment_id", sa.Integer, nullable=False),
        sa.Column("subscription_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["comment_id"], ["comment.id"], ondelete="CASCADE",
                                name="fk_reply_watch_comment_id_comment"),
        sa.ForeignKeyConstraint(["subscription_id"], ["mail_subscription.id"],
                                ondelete="CASCADE",
                                name="fk_reply_watch_subscription_id_mail_subscription"),
        sa.PrimaryKeyConstraint("comment_id", name="pk_reply_watch"),
    )
    op.create_index("ix_reply_watch_subscription_id", "reply_watch", ["subscription_id"])

    op.create_table(
        "newsletter_issue",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("post_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("base_url", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=True),
        sa.Column("finished_at", UTCDateTime, nullable=True),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body_text", sa.Text, nullable=False),
        sa.Column("body_html", sa.Text, nullable=False),
        sa.Column("cursor", sa.Integer, nullable=False),
        sa.Column("recipients", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], ondelete="CASCADE",
                                name="fk_newsletter_issue_post_id_post"),
        sa.PrimaryKeyConstraint("id", name="pk_newsletter_issue"),
        sa.UniqueConstraint("post_id", name="uq_newsletter_issue_post_id"),
    )
    op.create_index("ix_newsletter_issue_status", "newsletter_issue", ["status"])

    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("priority", sa.SmallInteger, nullable=False),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body_text", sa.Text, nullable=False),
        sa.Column("body_html", sa.Text, nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("lease_until", UTCDateTime, nullable=True),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("ending", sa.Boolean, nullable=False),
        sa.Column("last_answer", sa.String(1000), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("sent_at", UTCDateTime, nullable=True),
        sa.Column("issue_id", sa.Integer, nullable=True),
        sa.Column("subscription_id", sa.Integer, nullable=True),
        sa.Column("dedupe_key", sa.String(120), nullable=True),
        sa.ForeignKeyConstraint(["issue_id"], ["newsletter_issue.id"], ondelete="CASCADE",
                                name="fk_outbox_message_issue_id_newsletter_issue"),
        sa.ForeignKeyConstraint(["subscription_id"], ["mail_subscription.id"],
                                ondelete="CASCADE",
                                name="fk_outbox_message_subscription_id_mail_subscription"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_message"),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_message_id"),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_message_dedupe_key"),
    )
    op.create_index("ix_outbox_message_due", "outbox_message",
                    ["status", "priority", "next_attempt_at"])
    op.create_index("ix_outbox_message_lease", "outbox_message", ["status", "lease_until"])
    op.create_index("ix_outbox_message_created", "outbox_message", ["created_at"])
    op.create_index("ix_outbox_message_recipient", "outbox_message", ["recipient"])
    op.create_index("ix_outbox_message_issue", "outbox_message", ["issue_id"])
    op.create_index("ix_outbox_message_subscription_id", "outbox_message", ["subscription_id"])
    _issues_for_existing_posts()


def _issues_for_existing_posts() -> None:
    connection = op.get_bind()
    now = sa.func.current_timestamp()
    issue = sa.table("newsletter_issue", *(sa.column(name) for name in (
        "post_id", "status", "base_url", "created_at", "subject", "body_text", "body_html",
        "cursor", "recipients")))
    published = (sa.select(post.c.id).where(post.c.type == "post",
                                            post.c.status.in_(("published", "scheduled"))))
    rows = connection.execute(published.add_columns(post.c.published_at, post.c.legacy_id))
    for post_id, published_at, legacy_id in rows.all():
        due_later = (published_at is not None and legacy_id is None
                     and _naive_utc(published_at) > _naive_utc(datetime.now(UTC)))
        connection.execute(issue.insert().values(
            post_id=post_id, status="waiting" if due_later else "skipped", base_url="",
            created_at=now, subject="", body_text="", body_html="", cursor=0, recipients=0))


def _naive_utc(value: datetime) -> datetime:
    """SQLite hands back naive UTC, PostgreSQL aware datetimes: compare them as naive UTC."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def downgrade():
    op.drop_table("outbox_message")
    op.drop_table("newsletter_issue")
    op.drop_table("reply_watch")
    op.drop_table("mail_subscription")
