"""comment index on (author_email, status)

Revision ID: 0003_comment_email_status
Revises: 0002_search
Create Date: 2026-11-25 20:25:00

Every new comment asks whether its email already has an approved comment. With an index on
the email alone, SQLite's planner (no statistics) preferred (status, created_at) and walked
every approved comment for an address it had never seen: 34 ms at 100,000 comments, growing
with the site. On (author_email, status) the answer is one index probe at any size.
"""
from alembic import op

revision = "0003_comment_email_status"
down_revision = "0002_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_comment_email", table_name="comment")
    op.create_index("ix_comment_email_status", "comment", ["author_email", "status"])


def downgrade() -> None:
    op.drop_index("ix_comment_email_status", table_name="comment")
    op.create_index("ix_comment_email", "comment", ["author_email"])
