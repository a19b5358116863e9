"""comment body digest, indexed with the post

Revision ID: 0005_comment_body_digest
Revises: 0004_search_plain_text
Create Date: 2026-11-25 23:55:00

Every new comment asks whether the same address already sent the same text to the post. With
only (post_id, status, created_at) to go on, the check read every comment of the post: its cost
grew with the conversation (0.12 ms at 830 comments, read again from disk when another worker
had written). Comments gain `body_digest`, and (post_id, body_digest) answers in one probe.
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005_comment_body_digest"
down_revision = "0004_search_plain_text"
branch_labels = None
depends_on = None

BATCH = 2000
comment = sa.table("comment", sa.column("id", sa.Integer), sa.column("body_source", sa.Text),
                   sa.column("body_digest", sa.String))


def _digest(text: str) -> str:
    # blog.models.comment.text_digest as of this revision: a migration keeps its own copy.
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def upgrade():
    op.add_column("comment", sa.Column("body_digest", sa.String(32), nullable=True))
    connection = op.get_bind()
    fill = (comment.update().where(comment.c.id == sa.bindparam("row_id"))
            .values(body_digest=sa.bindparam("digest")))
    last = 0
    while True:
        rows = connection.execute(sa.select(comment.c.id, comment.c.body_source)
                                  .where(comment.c.id > last).order_by(comment.c.id)
                                  .limit(BATCH)).all()
        if not rows:
            break
        connection.execute(fill, [{"row_id": row.id, "digest": _digest(row.body_source or "")}
                                  for row in rows])
        last = rows[-1].id
    op.create_index("ix_comment_post_digest", "comment", ["post_id", "body_digest"])


def downgrade():
    op.drop_index("ix_comment_post_digest", table_name="comment")
    # SQLite 3.35+ drops a column in place; a batch copy of comment would drop the table.
    op.drop_column("comment", "body_digest")
