from pathlib import Path

import pytest

from blog.extensions import db
from blog.wxr.importer import import_wxr

FIXTURES = Path(__file__).parent / "fixtures"
SITE_WXR = FIXTURES / "site.xml"
UPLOADS = FIXTURES / "uploads"


@pytest.fixture
def imported(app):
    """The fixture site imported, with its uploads folder given alongside."""
    with app.app_context():
        summary = import_wxr(SITE_WXR, UPLOADS)
        db.session.remove()
    return summary


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts SQL statements sent in the block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        with app.app_context():
            engine = db.engine
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
