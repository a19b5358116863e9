"""Fixtures: a real database file (or TEST_DATABASE_URL's PostgreSQL), CSRF left on."""

import os
import re
import shutil
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from blog import create_app
from blog.extensions import db as _db
from blog.extensions import limiter
from tests import factories

PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """Run the migrations once; each test then starts from a copy (SQLite) or truncation (PG)."""
    if PG_URL:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": PG_URL})
        with app.app_context():
            _db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            _db.session.commit()
            upgrade()
            _db.engine.dispose()
        return None
    path = tmp_path_factory.mktemp("template") / "blog.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return path


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    _db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    _db.session.commit()


@pytest.fixture
def database_url(tmp_path, migrated_template):
    if PG_URL:
        return PG_URL
    path = tmp_path / "blog.sqlite3"
    shutil.copyfile(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SERVER_NAME": None,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )
    limiter.reset()
    yield app
    with app.app_context():
        _db.session.remove()
        if PG_URL:
            _truncate_all()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Factories that write straight to the database: `make.post(title=...)`."""
    return factories.Factory(app, _db)


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_RE.search(html) or re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


ONE_DAY = timedelta(days=1)


@pytest.fixture
def server(app, database_url):
    """The app served by granian over the test's own database (rate limits off)."""
    from tests.server import live_server

    with live_server(database_url, {"BLOG_RATELIMIT_ENABLED": "false"}) as running:
        yield running
