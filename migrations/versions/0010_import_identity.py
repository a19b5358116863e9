"""import identity: where an imported item came from, fixed feed ids, demo content marked

Revision ID: 0010_import_identity
Revises: 0009_studio
Create Date: 2026-12-02 01:00:00

- post.legacy_source, upload.legacy_source: the WordPress site (its base URL without the
  scheme) an imported item came from, so a second site's ids (small integers every site reuses)
  never match the first's; indexed with legacy_id.
- author.legacy_id: the WordPress user id, for `?author=<id>` links.
- tag.description: WordPress tags have one (categories already did).
- post.guid: the feed id, fixed at first publication; every post already published or scheduled
  gets the path it has now, which is exactly the id its feed entry carried before, so no feed
  reader sees an old post again.
- Pages show their comments (and take new ones when open to them), as in WordPress. Pages
  written here could not take comments before, whatever their box said: those are closed, so
  no page grows a comment form on the upgrade; imported pages keep WordPress's setting.
- post.demo: demo content (from `seed-demo`), which the first import replaces. Posts loaded by
  an earlier `seed-demo` are found by their path and title.

Columns are added in place (ALTER TABLE ADD COLUMN on SQLite too): a batch copy of `post`
would drop the table, and its comments with it.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_import_identity"
down_revision = "0009_studio"
branch_labels = None
depends_on = None

post = sa.table("post", sa.column("id", sa.Integer), sa.column("path", sa.String),
                sa.column("type", sa.String), sa.column("legacy_id", sa.Integer),
                sa.column("allow_comments", sa.Boolean),
                sa.column("title", sa.String), sa.column("status", sa.String),
                sa.column("guid", sa.String), sa.column("demo", sa.Boolean))


def upgrade():
    op.add_column("post", sa.Column("legacy_source", sa.String(300), nullable=True))
    op.add_column("post", sa.Column("guid", sa.String(1000), nullable=True))
    op.add_column("post", sa.Column("demo", sa.Boolean(), nullable=False,
                                    server_default=sa.false()))
    op.create_index("ix_post_legacy_source_id", "post", ["legacy_source", "legacy_id"])
    op.add_column("upload", sa.Column("legacy_source", sa.String(300), nullable=True))
    op.add_column("author", sa.Column("legacy_id", sa.Integer(), nullable=True))
    op.create_index("ix_author_legacy_id", "author", ["legacy_id"])
    op.add_column("tag", sa.Column("description", sa.Text(), nullable=True))
    connection = op.get_bind()
    connection.execute(
        post.update().where(post.c.status.in_(("published", "scheduled")))
        .values(guid=sa.literal("/") + post.c.path + sa.literal("/"))
    )
    connection.execute(post.update().where(post.c.type == "page", post.c.legacy_id.is_(None))
                       .values(allow_comments=False))
    from blog.content.demo import demo_paths_and_titles

    for path, title in demo_paths_and_titles():
        connection.execute(post.update().where(post.c.path == path, post.c.title == title)
                           .values(demo=True))


def downgrade():
    # SQLite 3.35+ drops a column in place.
    op.drop_column("tag", "description")
    op.drop_index("ix_author_legacy_id", table_name="author")
    op.drop_column("author", "legacy_id")
    op.drop_column("upload", "legacy_source")
    op.drop_index("ix_post_legacy_source_id", table_name="post")
    op.drop_column("post", "demo")
    op.drop_column("post", "guid")
    op.drop_column("post", "legacy_source")
