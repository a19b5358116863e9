"""Per-connection database settings, how a request's reading transaction ends, and the site's
own files kept private."""

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

WROTE = "blog_wrote"  # in Connection.info: this transaction ran a statement that is not a SELECT


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it is missing, and take group and other access
    from an existing one. SQLite gives its -wal and -shm files the database file's mode, so a
    database created this way keeps all three private (they hold password hashes, sessions
    and commenters' emails)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)


def configure_engine(app: Flask, engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        keep_prepared_statements(app, engine)
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        create_private_file(Path(database))
        for suffix in ("-wal", "-shm"):  # left by an older version, or a copy made by hand
            journal = Path(database + suffix)
            if journal.exists() and journal.stat().st_mode & 0o077:
                journal.chmod(0o600)
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # SQLite leaves foreign keys off unless every connection asks for them; WAL lets
        # readers go on while one writer commits.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


def keep_prepared_statements(app: Flask, engine: Engine) -> None:
    """psycopg prepares a statement on the server once a connection has run it five times, but
    forgets every one on ROLLBACK (what was dropped may come back), and Flask-SQLAlchemy ends
    every request's transaction with one: each request planned its statements afresh (2 ms
    for the menus' nine-table join). A transaction that ran nothing but SELECTs ends with
    COMMIT instead, which for it changes nothing else; any other keeps its rollback."""
    from blog.extensions import db  # which imports this module (the rate limits' file)

    @event.listens_for(engine, "begin")
    def _fresh(connection: Connection) -> None:
        connection.info.pop(WROTE, None)

    @event.listens_for(engine, "before_cursor_execute")
    def _note_writes(connection: Connection, _cursor, statement: str, *_args) -> None:
        if statement.lstrip()[:6].upper() != "SELECT":
            connection.info[WROTE] = True

    # Registered after Flask-SQLAlchemy's, so it runs before the session is removed.
    @app.teardown_appcontext
    def _end_reading_transaction(error: BaseException | None) -> None:
        if error is not None or not db.session.registry.has():
            return
        session = db.session()
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        if session.connection().info.get(WROTE):
            return
        # Objects read stay loaded once the session is removed, as after a rollback: code
        # and tests may still read them outside the request.
        session.expire_on_commit = False
        try:
            session.commit()
        except SQLAlchemyError:  # the database went away: removing the session cleans up
            app.logger.warning("a reading transaction did not end cleanly", exc_info=True)
