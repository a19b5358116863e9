"""Per-connection database settings, and the site's own files kept private."""

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


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
