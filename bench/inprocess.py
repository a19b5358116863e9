"""Measurements taken inside the app rather than over the network: SQL statements per page."""

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event

from blog import create_app
from blog.extensions import db


@dataclass
class PageCost:
    status: int
    cold_statements: int  # the first request after start: everything rendered
    warm_statements: int  # a later request, as nearly every reader gets it
    html_bytes: int


@contextmanager
def statements_counted(app) -> Iterator[list[str]]:
    """The SQL statements run inside the block, in a list that fills as they run."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def statements_timed(app) -> Iterator[list[float]]:
    """How long each SQL statement run inside the block took (ms), in a list that fills."""
    took: list[float] = []

    def before(conn, *_args):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, *_args):
        took.append((time.perf_counter() - conn.info.pop("bench_started")) * 1000)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield took
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def statements_per_page(database_url: str, paths: Iterable[str]) -> dict[str, PageCost]:
    """Request each path twice through the real app and count the SQL each request ran."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False})
    counter = {"n": 0}
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args):
        counter["n"] += 1

    client = app.test_client()
    costs = {}
    for path in dict.fromkeys(paths):  # two rows may share a page: measure it cold once
        counter["n"] = 0
        first = client.get(path)
        cold = counter["n"]
        counter["n"] = 0
        second = client.get(path)
        costs[path] = PageCost(second.status_code, cold, counter["n"], len(second.data))
        del first
    event.remove(engine, "before_cursor_execute", _count)
    with app.app_context():
        db.engine.dispose()
    return costs
