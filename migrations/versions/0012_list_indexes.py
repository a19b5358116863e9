"""indexes for category and author archives

Revision ID: 0012_list_indexes
Revises: 0009_studio
Create Date: 2026-12-02 01:30:00

A category or author archive asks for its posts newest first. With only (type, status,
published_at) and category_id alone to go on, SQLite read every post of the category and sorted
it: the last page of a category of 1,667 posts cost 392 ms on a cold file, its count as much.
(category_id, type, published_at) and (author_id, type, published_at) walk the archive in order.
"""
from alembic import op

revision = "0012_list_indexes"
down_revision = "0009_studio"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_post_category_live", "post", ["category_id", "type", "published_at"])
    op.create_index("ix_post_author_live", "post", ["author_id", "type", "published_at"])


def downgrade():
    op.drop_index("ix_post_author_live", "post")
    op.drop_index("ix_post_category_live", "post")
