"""Per-connection database settings."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_engine(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
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
