"""search the text of posts, not their HTML

Revision ID: 0004_search_plain_text
Revises: 0003_comment_email_status
Create Date: 2026-11-25 21:20:00

0002_search indexed body_html, so the names of tags and attributes were words: a search for
"code" or "href" found nearly every post. Posts gain `search_text`, the body's text without
markup (the app keeps it in step with body_html), and both databases index that instead.
"""
import html
from html.parser import HTMLParser

import sqlalchemy as sa
from alembic import op

revision = "0004_search_plain_text"
down_revision = "0003_comment_email_status"
branch_labels = None
depends_on = None

# The search indexes of 0002_search, and the same over search_text. PostgreSQL uses an
# expression index only for a query that repeats it word for word: blog/search/postgres.py
# holds the new ones verbatim.
OLD_BODY, NEW_BODY = "body_html", "search_text"
SQLITE_TABLES = {
    "post_search": "unicode61 remove_diacritics 2",
    "post_search_cjk": "trigram",
}


def _pg_vector(body: str) -> str:
    return (
        "(setweight(to_tsvector('simple'::regconfig, post_search_unaccent(title)), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, post_search_unaccent(excerpt)), 'B') || "
        f"setweight(to_tsvector('simple'::regconfig, post_search_unaccent({body})), 'D'))"
    )


def _pg_text(body: str) -> str:
    return f"lower(title || ' ' || excerpt || ' ' || {body})"


def _sqlite_triggers(table: str, body: str) -> list[str]:
    columns = f"title, excerpt, {body}"
    new = f"new.id, new.title, new.excerpt, new.{body}"
    old = f"old.id, old.title, old.excerpt, old.{body}"
    delete = f"INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', {old});"
    insert = f"INSERT INTO {table}(rowid, {columns}) VALUES ({new});"
    return [
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON post BEGIN {insert} END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON post BEGIN {delete} END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {columns} ON post "
        f"BEGIN {delete} {insert} END",
    ]


class _Text(HTMLParser):
    """The text of stored (already sanitised) HTML; the migration's own copy, so later changes
    to the app cannot change what this step did."""

    BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
              "td", "th", "pre", "blockquote", "figure", "figcaption", "table", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def _plain(body_html: str) -> str:
    parser = _Text()
    parser.feed(body_html or "")
    parser.close()
    return " ".join(html.unescape("".join(parser.parts)).split())


def _fill_search_text() -> None:
    bind = op.get_bind()
    post = sa.table("post", sa.column("id", sa.Integer), sa.column("body_html", sa.Text),
                    sa.column("search_text", sa.Text))
    last = 0
    while True:  # in batches, so a large site's bodies are never all in memory at once
        rows = bind.execute(sa.select(post.c.id, post.c.body_html).where(post.c.id > last)
                            .order_by(post.c.id).limit(500)).all()
        if not rows:
            return
        for row in rows:
            bind.execute(post.update().where(post.c.id == row.id)
                         .values(search_text=_plain(row.body_html)))
        last = rows[-1].id


def _drop_sqlite_triggers() -> None:
    for table in SQLITE_TABLES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


def _reindex_sqlite(body: str) -> None:
    _drop_sqlite_triggers()
    for table, tokenizer in SQLITE_TABLES.items():
        op.execute(f"DROP TABLE IF EXISTS {table}")
        op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, excerpt, {body}, "
                   f"content='post', content_rowid='id', tokenize='{tokenizer}')")
        for statement in _sqlite_triggers(table, body):
            op.execute(statement)
        op.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def _reindex_postgres(body: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_post_search_trgm")
    op.execute("DROP INDEX IF EXISTS ix_post_search_vector")
    op.execute(f"CREATE INDEX ix_post_search_vector ON post USING gin ({_pg_vector(body)})")
    op.execute("CREATE INDEX ix_post_search_trgm ON post USING gin "
               f"(({_pg_text(body)}) gin_trgm_ops)")


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _drop_sqlite_triggers()  # they name post's columns: gone before the table changes
    op.add_column("post", sa.Column("search_text", sa.Text(), nullable=False,
                                    server_default=""))
    _fill_search_text()
    if sqlite:
        _reindex_sqlite(NEW_BODY)
    else:
        _reindex_postgres(NEW_BODY)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        _drop_sqlite_triggers()
        # SQLite 3.35+ drops a column in place; a batch copy of post would have to drop the
        # old table, and with foreign keys on that cascades to every comment.
        op.drop_column("post", "search_text")
        _reindex_sqlite(OLD_BODY)
    else:
        _reindex_postgres(OLD_BODY)
        op.drop_column("post", "search_text")
