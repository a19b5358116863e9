"""A busy or locked database: 503 with Retry-After and the form kept; nothing half-saved."""

import sqlite3
from contextlib import contextmanager

import psycopg
from sqlalchemy import func, select

from blog import create_app
from blog.extensions import db, limiter
from blog.models import Comment
from tests.comments.conftest import Reader


@contextmanager
def another_writer_holds_the_lock(database_url: str):
    """A second connection that holds the write lock (as a long import or backup might)."""
    if database_url.startswith("sqlite"):
        other = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
    else:
        with psycopg.connect(database_url.replace("+psycopg", "")) as other:
            other.execute("LOCK TABLE comment IN EXCLUSIVE MODE")  # readers still read
            yield
            other.rollback()


def _impatient_app(database_url: str):
    """Gives up on a lock after 0.1 s instead of the production 5 s."""
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLITE_BUSY_TIMEOUT_MS": 100,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True} if database_url.startswith("sqlite")
        else {"connect_args": {"options": "-c lock_timeout=100"}},
        "COMMENTS_MIN_SECONDS": 0,
        "RATELIMIT_ENABLED": False,
    })
    limiter.reset()
    return app


def test_locked_database_answers_503_with_the_comment_kept(database_url, make):
    make.post(slug="target")
    app = _impatient_app(database_url)
    reader = Reader(app.test_client(), "target")
    html = reader.load().get_data(as_text=True)
    form = {**reader.form_fields(html), "name": "Patient Reader", "email": "p@example.com",
            "body": "Words I do not want to lose"}

    with another_writer_holds_the_lock(database_url):
        response = reader.client.post("/target/comments", data=form)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "Words I do not want to lose</textarea>" in page
    assert 'value="Patient Reader"' in page
    assert "your comment was not saved yet" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Comment.id))) == 0
        db.engine.dispose()

    # Once the lock is gone, sending the kept form again works.
    again = reader.client.post("/target/comments", data=form)
    assert again.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Comment.id))) == 1
        db.engine.dispose()
