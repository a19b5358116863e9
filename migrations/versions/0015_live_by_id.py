"""whether a post found by id may be shown, from an index

Revision ID: 0015_live_by_id
Revises: 0014_search_vector
Create Date: 2026-12-02 15:20:00

Search finds posts by id in its index, then asks of each whether a reader may see it. On SQLite
a post's status, date and visibility lie in its row past the body's text and markup, so each
answer followed the row's overflow pages (about 15 µs a post of 1,500 words: 15 ms for the
1,000 matches a search then ranked). This index holds those columns by id; blog/search/sqlite.py
names it, as SQLite's planner prefers the row to any index for a lookup by rowid.
"""
from alembic import op

revision = "0015_live_by_id"
down_revision = "0014_search_vector"
branch_labels = None
depends_on = None

NAME = "ix_post_live_by_id"  # blog.models.post.LIVE_BY_ID
COLUMNS = ["id", "type", "status", "published_at", "visibility"]


def upgrade():
    op.create_index(NAME, "post", COLUMNS)


def downgrade():
    op.drop_index(NAME, "post")
