"""Helpers for the page-cache tests: SQL statement counting and visitors with their own cookies."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from blog.extensions import db


@contextmanager
def count_statements(app):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture(autouse=True)
def human_speed(request):
    """Comment posts right after loading the form are fine here; the speed rules have their own
    tests in tests/comments."""
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        app.config["COMMENTS_MIN_SECONDS"] = 0
        app.config["COMMENTS_RATE_LIMIT"] = "1000 per second"


@pytest.fixture
def visitor(app):
    """A new browser each call: its own cookie jar."""
    return app.test_client
