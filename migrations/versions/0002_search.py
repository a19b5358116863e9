"""full-text search: FTS5 on SQLite, tsvector + trigram indexes on PostgreSQL

Revision ID: 0002_search
Revises: 0001
Create Date: 2026-11-25 17:40:00

SQLite gets two external-content FTS5 indexes over post(title, excerpt, body_html), kept in
sync by triggers: `post_search` (unicode61, accents folded) finds words, `post_search_cjk`
(trigram) finds Korean, Japanese and Chinese text, which has no spaces between words.
PostgreSQL gets the same through expression indexes, so no column is added to `post`.

NOTE: a later batch migration that recreates `post` on SQLite drops these triggers; such a
migration must run the SQLITE_TRIGGERS statements again and rebuild the indexes.
"""
from alembic import op

revision = "0002_search"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = "title, excerpt, body_html"
SQLITE_TABLES = {
    "post_search": "unicode61 remove_diacritics 2",
    "post_search_cjk": "trigram",
}


def _sqlite_triggers(table: str) -> list[str]:
    new = "new.id, new.title, new.excerpt, new.body_html"
    old = "old.id, old.title, old.excerpt, old.body_html"
    delete = f"INSERT INTO {table}({table}, rowid, {COLUMNS}) VALUES ('delete', {old});"
    insert = f"INSERT INTO {table}(rowid, {COLUMNS}) VALUES ({new});"
    return [
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON post BEGIN {insert} END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON post BEGIN {delete} END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {COLUMNS} ON post "
        f"BEGIN {delete} {insert} END",
    ]


# Kept word for word in blog/search/postgres.py: PostgreSQL uses an expression index only
# for a query that repeats its expression exactly.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, post_search_unaccent(title)), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, post_search_unaccent(excerpt)), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, post_search_unaccent(body_html)), 'D'))"
)
PG_TEXT = "lower(title || ' ' || excerpt || ' ' || body_html)"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table, tokenizer in SQLITE_TABLES.items():
            op.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5({COLUMNS}, content='post', "
                f"content_rowid='id', tokenize='{tokenizer}')"
            )
            for statement in _sqlite_triggers(table):
                op.execute(statement)
            op.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    # unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes
    # this wrapper safe to declare IMMUTABLE, which an index expression requires.
    op.execute(
        "CREATE OR REPLACE FUNCTION post_search_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
    )
    op.execute(f"CREATE INDEX ix_post_search_vector ON post USING gin ({PG_VECTOR})")
    op.execute(f"CREATE INDEX ix_post_search_trgm ON post USING gin (({PG_TEXT}) gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table in SQLITE_TABLES:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}")
        return
    op.execute("DROP INDEX IF EXISTS ix_post_search_trgm")
    op.execute("DROP INDEX IF EXISTS ix_post_search_vector")
    op.execute("DROP FUNCTION IF EXISTS post_search_unaccent(text)")
