"""How a request's transaction ends: a reading one keeps PostgreSQL's prepared statements, one
that wrote and did not commit is still rolled back (blog/database.py)."""

import pytest
from sqlalchemy import select, text, update

from blog.extensions import db
from blog.models import Setting


def _on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_reading_pages_keep_their_prepared_statements(app, client, make):
    """psycopg forgets a connection's prepared statements on ROLLBACK; reading requests end
    with COMMIT, so after a few readings the article's statements are planned once."""
    if not _on_postgresql(app):
        pytest.skip("psycopg's prepared statements: PostgreSQL only")
    app.config["PAGE_CACHE"] = False  # each request renders, as for a page nobody has cached
    post = make.post(title="Planned once")
    for _ in range(7):
        assert client.get(f"/{post.path}/").status_code == 200
    with app.app_context():
        prepared = db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
    assert prepared >= 5


def test_a_request_that_wrote_without_committing_is_rolled_back(app, client):
    """Writes a view flushed, or ran as a statement, and never committed are not kept."""
    with app.app_context():
        db.session.add(Setting(key="kept_before", value="yes"))
        db.session.commit()

    @app.get("/_test/flush-only")
    def flush_only():
        db.session.add(Setting(key="flushed_only", value="no"))
        db.session.flush()
        return "flushed"

    @app.get("/_test/update-only")
    def update_only():
        db.session.execute(update(Setting).where(Setting.key == "kept_before")
                           .values(value="changed"))
        return "updated"

    @app.get("/_test/added-only")
    def added_only():
        db.session.add(Setting(key="added_only", value="no"))
        db.session.scalar(select(Setting.value).where(Setting.key == "kept_before"))
        return "added"

    for path in ("/_test/flush-only", "/_test/update-only", "/_test/added-only"):
        assert client.get(path).status_code == 200
    with app.app_context():
        rows = dict(db.session.execute(select(Setting.key, Setting.value)).all())
    assert rows.get("kept_before") == "yes"
    assert "flushed_only" not in rows and "added_only" not in rows


def test_a_failed_request_is_rolled_back(app, client):
    """A view that raised after writing: its flushed row is gone, the reader gets a 500 page."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_test/fails")
    def fails():
        db.session.add(Setting(key="half_written", value="no"))
        db.session.flush()
        raise RuntimeError("after the flush")

    assert client.get("/_test/fails").status_code == 500
    with app.app_context():
        assert db.session.get(Setting, "half_written") is None
