"""A locked database while saving: 503 with Retry-After and every word of the post kept."""

import sqlite3
from contextlib import contextmanager

import psycopg
from sqlalchemy import func, select

from blog import create_app
from blog.extensions import db, limiter
from blog.models import Post
from tests.admin.conftest import PASSWORD
from tests.admin.editor import editor_data
from tests.conftest import csrf_token_from


@contextmanager
def database_locked(database_url: str):
    """Another connection holding the write lock on posts, as a long import would."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        with psycopg.connect(database_url.replace("+psycopg", "")) as holder:
            holder.execute("LOCK TABLE post IN EXCLUSIVE MODE")
            yield
            holder.rollback()


def _quick_to_give_up(database_url: str):
    sqlite = database_url.startswith("sqlite")
    app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production", "SQLITE_BUSY_TIMEOUT_MS": 100,
        "SQLALCHEMY_ENGINE_OPTIONS": {} if sqlite
        else {"connect_args": {"options": "-c lock_timeout=100"}},
    })
    limiter.reset()
    return app


def test_saving_while_the_database_is_locked_keeps_the_text(database_url, make):
    make.admin(username="admin", password=PASSWORD)
    app = _quick_to_give_up(database_url)
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD,
                                      "csrf_token": csrf_token_from(page)})
    data = editor_data(client, title="Long essay", body="Three hours of careful writing")

    with database_locked(database_url):
        response = client.post("/admin/posts/new", data=data)

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Three hours of careful writing" in html and 'value="Long essay"' in html
    assert "press Save again" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 0
    # Once the lock is gone, the same form saves.
    data["csrf_token"] = csrf_token_from(html)
    assert client.post("/admin/posts/new", data=data).status_code == 303
    with app.app_context():
        db.engine.dispose()
