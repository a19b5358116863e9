"""Rate-limit counters in a small SQLite file that every worker process of one server shares.

Flask-Limiter's `memory://` keeps counters in each worker: with three workers "5 logins per 15
minutes" was 15, and parallel comments got through. `limits` offers Redis, Memcached and
MongoDB, each a server to run; a site on one machine already has a filesystem every worker
sees. This is a `limits` storage for its fixed-window strategy (the one Flask-Limiter uses by
default): each increment is one atomic UPSERT, so concurrent workers never lose a count.
Registered for URIs `blog+sqlite:///path/to/file` when this module is imported (extensions.py
does). With REDIS_URL set, Redis holds the counters instead, shared by every server.
"""

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

from blog.database import create_private_file

SCHEME = "blog+sqlite"
PRUNE_EVERY = 1000  # increments per process between removals of expired counters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counter (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS counter_expires_at ON counter (expires_at);
"""
# A counter past its expiry starts again from this increment; it never goes below zero (a
# released concurrency slot after the counter expired).
_INCREMENT = """
INSERT INTO counter (key, value, expires_at) VALUES (:key, max(:amount, 0), :expires)
ON CONFLICT (key) DO UPDATE SET
    value = CASE WHEN expires_at <= :now THEN max(:amount, 0) ELSE max(value + :amount, 0) END,
    expires_at = CASE WHEN expires_at <= :now THEN :expires ELSE expires_at END
RETURNING value
"""


def storage_uri(path: Path) -> str:
    return f"{SCHEME}://{path}"


class SQLiteFileStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri[len(SCHEME) + len("://"):])
        self._local = threading.local()
        self._increments = 0
        create_private_file(self.path)
        with self._connection() as conn:
            conn.executescript(_SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """One connection per thread (sqlite3 connections are not shared between threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = OFF")  # counters may be lost with the machine
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        conn = self._connection()
        value = conn.execute(_INCREMENT, {"key": key, "amount": amount, "now": now,
                                          "expires": now + expiry}).fetchone()[0]
        self._increments += 1
        if self._increments % PRUNE_EVERY == 0:
            conn.execute("DELETE FROM counter WHERE expires_at <= ?", (now,))
        return value

    def get(self, key: str) -> int:
        row = self._connection().execute(
            "SELECT value FROM counter WHERE key = ? AND expires_at > ?",
            (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = self._connection().execute(
            "SELECT expires_at FROM counter WHERE key = ? AND expires_at > ?",
            (key, now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counter").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counter WHERE key = ?", (key,))
