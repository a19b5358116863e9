"""the writer's studio: a media library, technical Markdown, text that is never lost, stemmed search

Revision ID: 0009_studio
Revises: 0008_mail
Create Date: 2026-12-01 21:30:00

- upload: width, height, alt text, caption, resized copies (`variants`) and a version a replace
  bumps; existing images get their size and copies from their files.
- user: author_id, the admin's own byline (backfilled with the author whose WordPress login is
  the admin's username, else the first author, as the editor defaulted to before).
- preview_link (shareable previews of drafts) and held_text (an editor's fields sent after the
  session ended, kept for the account).
- Every post is rendered again (highlighted code, heading anchors, footnotes, task lists,
  responsive library images) and its search text rebuilt from the new HTML.
- Search stems English words: SQLite's word index uses FTS5's porter tokenizer (the trigram
  index for Korean, Japanese and Chinese stays as it is); PostgreSQL's word index uses the
  `english` configuration instead of `simple`. blog/search/ repeats the new expressions.

Rendering is the app's own (blog.content.rerender): a migration cannot keep its own copy of a
Markdown renderer. It reads images through this migration's connection, since the app's session
cannot see the columns added here before they are committed.
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = "0009_studio"
down_revision = "0008_mail"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

WORDS_TABLE = "post_search"
COLUMNS = "title, excerpt, search_text"
TOKENIZERS = {"old": "unicode61 remove_diacritics 2", "new": "porter unicode61 remove_diacritics 2"}
PG_CONFIG = {"old": "simple", "new": "english"}

upload = sa.table(
    "upload", sa.column("id", sa.Integer), sa.column("path", sa.String),
    sa.column("mime_type", sa.String), sa.column("width", sa.Integer),
    sa.column("height", sa.Integer), sa.column("alt_text", sa.String),
    sa.column("caption", sa.Text), sa.column("variants", sa.Text),
    sa.column("version", sa.Integer),
)


def _pg_vector(config: str) -> str:
    # Word for word in blog/search/postgres.py (PostgreSQL uses an expression index only for
    # a query that repeats it).
    return (
        f"(setweight(to_tsvector('{config}'::regconfig, post_search_unaccent(title)), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, post_search_unaccent(excerpt)), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, post_search_unaccent(search_text)), 'D'))"
    )


def _sqlite_words_index(tokenizer: str) -> None:
    table = WORDS_TABLE
    new = "new.id, new.title, new.excerpt, new.search_text"
    old = "old.id, old.title, old.excerpt, old.search_text"
    delete = f"INSERT INTO {table}({table}, rowid, {COLUMNS}) VALUES ('delete', {old});"
    insert = f"INSERT INTO {table}(rowid, {COLUMNS}) VALUES ({new});"
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({COLUMNS}, content='post', "
               f"content_rowid='id', tokenize='{tokenizer}')")
    op.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON post BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON post BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER {table}_au AFTER UPDATE OF {COLUMNS} ON post "
               f"BEGIN {delete} {insert} END")
    op.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def _search_index(which: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_words_index(TOKENIZERS[which])
    else:
        op.execute("DROP INDEX IF EXISTS ix_post_search_vector")
        op.execute("CREATE INDEX ix_post_search_vector ON post USING gin "
                   f"({_pg_vector(PG_CONFIG[which])})")


def _schema_up() -> None:
    with op.batch_alter_table("upload") as batch:
        batch.add_column(sa.Column("width", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("height", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("alt_text", sa.String(1000), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("caption", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("variants", sa.Text(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_user_author_id_author"), "author", ["author_id"],
                                 ["id"], ondelete="SET NULL")
    op.create_table(
        "preview_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_preview_link_post_id_post"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preview_link")),
        sa.UniqueConstraint("token", name=op.f("uq_preview_link_token")),
    )
    op.create_index(op.f("ix_preview_link_post_id"), "preview_link", ["post_id"])
    op.create_table(
        "held_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_held_text_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_text")),
        sa.UniqueConstraint("token", name=op.f("uq_held_text_token")),
    )
    op.create_index("ix_held_text_user_created", "held_text", ["user_id", "created_at"])
    op.create_index("ix_held_text_created_at", "held_text", ["created_at"])


def _backfill_bylines() -> None:
    op.execute(
        'UPDATE "user" SET author_id = COALESCE('
        "(SELECT a.id FROM author a WHERE lower(a.legacy_login) = lower(\"user\".username) "
        "ORDER BY a.id LIMIT 1), (SELECT min(id) FROM author))"
    )


def _upload_folder():
    from flask import current_app, has_app_context

    return current_app.config.get("UPLOAD_FOLDER") if has_app_context() else None


def _index_existing_images(connection) -> None:
    """Sizes and resized copies for the images already in the library, from their files."""
    from pathlib import Path

    from blog.media.variants import index_image
    from blog.models import Upload

    folder = _upload_folder()
    if not folder:
        log.warning("0009_studio: no app context; existing images keep no resized copies")
        return
    for row in connection.execute(sa.select(upload.c.id, upload.c.path, upload.c.mime_type)):
        image = Upload(path=row.path, mime_type=row.mime_type, version=1)  # never in a session
        if index_image(image, Path(folder)):
            connection.execute(upload.update().where(upload.c.id == row.id).values(
                width=image.width, height=image.height, variants=image.variants))


def _rerender_posts(connection) -> None:
    from blog.content.images import image_from_row, upload_path_of
    from blog.content.rerender import rerender

    def lookup(src: str):
        row = connection.execute(sa.select(upload).where(
            upload.c.path == upload_path_of(src))).first()
        if row is None:
            return None
        return image_from_row(row.path, row.version, row.width, row.height, row.mime_type,
                              row.alt_text, row.caption, row.variants)

    rerender(connection.execute, images=lookup)


def upgrade():
    connection = op.get_bind()
    _schema_up()
    _backfill_bylines()
    _index_existing_images(connection)
    _rerender_posts(connection)
    _search_index("new")


def downgrade():
    _search_index("old")
    op.drop_index("ix_held_text_created_at", table_name="held_text")
    op.drop_index("ix_held_text_user_created", table_name="held_text")
    op.drop_table("held_text")
    op.drop_index(op.f("ix_preview_link_post_id"), table_name="preview_link")
    op.drop_table("preview_link")
    with op.batch_alter_table("user") as batch:
        batch.drop_constraint("fk_user_author_id_author", type_="foreignkey")
        batch.drop_column("author_id")
    # SQLite 3.35+ drops a column in place; a batch copy of upload is harmless (nothing
    # references it), but in place keeps it simple.
    for column in ("version", "variants", "caption", "alt_text", "height", "width"):
        op.drop_column("upload", column)
