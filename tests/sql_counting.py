"""Counting the SQL statements a request runs, for the constant-query tests."""

from contextlib import contextmanager

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
