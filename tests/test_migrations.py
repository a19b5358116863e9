"""The schema path is the migrations: from empty to head, idempotent, and matching the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from blog import create_app
from blog.extensions import db
from blog.models.comment import text_digest


def test_migrations_build_every_table_from_an_empty_database(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite3"})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    expected = {"post", "author", "category", "tag", "post_tag", "comment", "user", "setting",
                "redirect", "revision", "upload", "alembic_version"}
    assert expected <= tables


def test_init_db_twice_is_harmless(runner):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "up to date" in second.output


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _ignore_search_index}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def _ignore_search_index(obj, name, type_, reflected, compare_to):
    """Search indexes are made by raw SQL in a migration and have no model: FTS5 tables on
    SQLite; on PostgreSQL the indexes ix_post_search_* and the stored vector they index (a
    column of post only PostgreSQL has)."""
    if reflected and compare_to is None and type_ == "column" and name == "search_vector":
        return False
    if reflected and compare_to is None and type_ == "index":
        return not (name or "").startswith("ix_post_search")
    return not (reflected and compare_to is None and type_ == "table")


def test_sqlite_connections_use_wal_and_foreign_keys(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 5000
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL


def _insert_old_post(body_html: str) -> None:
    """A post row as an older schema holds it, written without the current models."""
    db.session.execute(text(
        "INSERT INTO post (type, title, slug, path, body_source, body_html, excerpt, status,"
        " created_at, updated_at, allow_comments, version) VALUES ('post', 'Old', 'old',"
        " 'old', '', :body_html, '', 'published', '2024-01-01 00:00:00',"
        " '2024-01-01 00:00:00', 1, 1)"), {"body_html": body_html})


def test_0004_makes_existing_posts_searchable_by_their_words_not_their_markup(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/older.sqlite3"})
    with app.app_context():
        upgrade(revision="0003_comment_email_status")
        _insert_old_post("<p>Run <code>pg_dump</code> &amp; rest</p><p>nightly</p>")
        db.session.commit()
        upgrade(revision="0004_search_plain_text")  # later steps render the (empty) source
        assert db.session.scalar(text("SELECT search_text FROM post")) == \
            "Run pg_dump & rest nightly"

        def hits(word: str) -> int:
            return db.session.scalar(text(
                "SELECT count(*) FROM post_search WHERE post_search MATCH :word"), {"word": word})

        assert hits("nightly") == 1 and hits("pg_dump") == 1
        assert hits("code") == 0 and hits("amp") == 0
        db.engine.dispose()


def test_0005_gives_existing_comments_their_digest_and_downgrades_in_place(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/older.sqlite3"})
    with app.app_context():
        upgrade(revision="0004_search_plain_text")
        _insert_old_post("<p>x</p>")
        db.session.execute(text(
            "INSERT INTO comment (post_id, author_name, author_email, author_url, body_source,"
            " body_html, status, moderation_reason, kind, by_admin, created_at) VALUES"
            " (1, 'Ada', 'ada@example.com', '', 'Said before', '<p>Said before</p>',"
            " 'approved', '', 'comment', 0, '2024-01-02 00:00:00')"))
        db.session.commit()
        upgrade()
        assert db.session.scalar(text("SELECT body_digest FROM comment")) == \
            text_digest("Said before")
        downgrade(revision="0004_search_plain_text")
        assert db.session.scalar(text("SELECT count(*) FROM comment")) == 1  # nothing cascaded
        db.engine.dispose()


def test_0009_renders_existing_posts_indexes_their_images_and_stems_search(tmp_path):
    from PIL import Image

    uploads = tmp_path / "uploads"
    (uploads / "2024" / "01").mkdir(parents=True)
    Image.new("RGB", (1000, 500), (9, 9, 9)).save(uploads / "2024/01/chart.png", "PNG")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/older.sqlite3",
                      "UPLOAD_FOLDER": str(uploads)})
    with app.app_context():
        upgrade(revision="0005_comment_body_digest")
        db.session.execute(text(
            "INSERT INTO post (type, title, slug, path, body_source, body_html, search_text,"
            " excerpt, status, created_at, updated_at, allow_comments, version) VALUES ('post',"
            " 'Old', 'old', 'old', :source, '<p>old render</p>', 'old render', '', 'published',"
            " '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1, 1)"),
            {"source": "## We measured\n\n```python\nx = 1\n```\n\n"
                       "![](/uploads/2024/01/chart.png)"})
        db.session.execute(text(
            "INSERT INTO upload (path, original_name, mime_type, size, created_at) VALUES"
            " ('2024/01/chart.png', 'chart.png', 'image/png', 1, '2024-01-01 00:00:00')"))
        db.session.commit()
        upgrade()
        html, words, updated = db.session.execute(text(
            "SELECT body_html, search_text, updated_at FROM post")).one()
        assert '<span class="n">x</span>' in html and '<h2 id="we-measured">' in html
        assert 'width="1000" height="500"' in html and "480w" in html
        assert words.startswith("We measured.") and str(updated).startswith("2024-01-01")
        assert db.session.scalar(text(
            "SELECT count(*) FROM post_search WHERE post_search MATCH 'measuring'")) == 1
        assert db.session.scalar(text("SELECT width FROM upload")) == 1000
        downgrade(revision="0005_comment_body_digest")
        assert db.session.scalar(text("SELECT count(*) FROM post")) == 1
        assert db.session.scalar(text("SELECT count(*) FROM upload")) == 1
        db.engine.dispose()


def test_0010_fixes_the_feed_id_of_published_posts_and_marks_earlier_demo_posts(tmp_path):
    from blog.content.demo import demo_paths_and_titles

    demo_path, demo_title = demo_paths_and_titles()[0]
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/older.sqlite3"})
    with app.app_context():
        upgrade(revision="0009_studio")
        _insert_old_post("<p>x</p>")
        db.session.execute(text(
            "INSERT INTO post (type, title, slug, path, body_source, body_html, excerpt, status,"
            " created_at, updated_at, allow_comments, version) VALUES ('page', :title, 'd',"
            " :path, '', '', '', 'draft', '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1, 1)"),
            {"title": demo_title, "path": demo_path})
        db.session.execute(text(
            "INSERT INTO comment (post_id, author_name, author_email, author_url, body_source,"
            " body_html, status, moderation_reason, kind, by_admin, created_at) VALUES"
            " (1, 'Ada', '', '', 'Hi', '<p>Hi</p>', 'approved', '', 'comment', 0,"
            " '2024-01-02 00:00:00')"))
        db.session.commit()
        upgrade()
        rows = db.session.execute(text(
            "SELECT path, guid, demo, allow_comments FROM post ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [("old", "/old/", 0, 1), (demo_path, None, 1, 0)]
        downgrade(revision="0009_studio")
        assert db.session.scalar(text("SELECT count(*) FROM comment")) == 1  # nothing cascaded
        assert "guid" not in {c["name"] for c in inspect(db.engine).get_columns("post")}


def test_0011_adds_wordpress_parity_and_downgrades_in_place(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/older.sqlite3"})
    with app.app_context():
        upgrade(revision="0010_import_identity")
        db.session.execute(text(
            "INSERT INTO post (type, title, slug, path, body_source, body_html, search_text,"
            " excerpt, status, created_at, updated_at, allow_comments, version) VALUES ('post',"
            " 'Old', 'old', 'old', 'kept words', '<p>kept words</p>', 'kept words', '',"
            " 'published', '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1, 1)"))
        db.session.commit()
        upgrade(revision="0011_wordpress_parity")
        row = db.session.execute(text(
            "SELECT visibility, post_password, sticky FROM post")).one()
        assert tuple(row) == ("public", "", 0)
        tables = set(inspect(db.engine).get_table_names())
        assert {"post_category", "featured_image", "menu", "menu_item"} <= tables
        # The search triggers on post survived: an update is still found by its words.
        db.session.execute(text("UPDATE post SET search_text = 'lighthouse keeper'"))
        db.session.commit()
        assert db.session.scalar(text(
            "SELECT count(*) FROM post_search WHERE post_search MATCH 'lighthouse'")) == 1
        downgrade(revision="0010_import_identity")
        assert "menu" not in set(inspect(db.engine).get_table_names())
        assert db.session.scalar(text("SELECT title FROM post")) == "Old"
        db.engine.dispose()
