"""A crash loses nothing that was acknowledged: SIGKILL the server mid-stream of comments,
restart it, and every comment that got its 303 is there, in an intact database."""

import http.client
import os
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from blog.extensions import db
from blog.models import Comment
from tests.security._browser import Browser, comment_id
from tests.server import LiveServer, live_server

pytestmark = pytest.mark.slow

SERVER_ENV = {"BLOG_RATELIMIT_ENABLED": "false", "BLOG_COMMENTS_MIN_SECONDS": "0"}
WRITERS = 4
ACCEPTED_BEFORE_KILL = 60


class Writer(threading.Thread):
    """Posts comments back to back until the server dies under it."""

    def __init__(self, base_url: str, number: int):
        super().__init__(daemon=True)
        self.browser = Browser(base_url)
        self.number = number
        self.accepted: list[int] = []
        self.statuses: set[int] = set()
        self.stopped_by: Exception | None = None

    def run(self):
        try:
            form = self.browser.comment_form("/crash/")
            n = 0
            while True:
                reply = self.browser.request("/crash/comments", {
                    **form, "name": f"Writer {self.number}",
                    "email": f"writer{self.number}@example.com",
                    "body": f"Comment {n} from writer {self.number}"})
                self.statuses.add(reply.status)
                if reply.status == 303:
                    self.accepted.append(comment_id(reply.location))
                n += 1
        except (OSError, http.client.HTTPException) as error:  # the server was killed
            self.stopped_by = error


def test_every_acknowledged_comment_survives_a_sigkill(app, make, database_url):
    post = make.post(title="Crash", slug="crash", allow_comments=True)
    server = LiveServer(database_url, SERVER_ENV, workers=2).start()
    try:
        writers = [Writer(server.url, n) for n in range(WRITERS)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 300
        while sum(len(w.accepted) for w in writers) < ACCEPTED_BEFORE_KILL:
            assert time.monotonic() < deadline, "the writers made no progress"
            assert any(w.is_alive() for w in writers), [w.stopped_by for w in writers]
            time.sleep(0.02)
        server.kill()  # SIGKILL, mid-stream: requests are in flight
    finally:
        server.stop()
    for writer in writers:
        writer.join(60)
        assert writer.stopped_by is not None  # each was cut off by the crash, not finished
        assert writer.statuses <= {303, 503}, writer.statuses

    acknowledged = {i for w in writers for i in w.accepted}
    assert len(acknowledged) >= ACCEPTED_BEFORE_KILL
    if not os.environ.get("TEST_DATABASE_URL"):
        with sqlite3.connect(make_url(database_url).database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    with live_server(database_url, SERVER_ENV) as restarted:
        with app.app_context():
            stored = set(db.session.scalars(select(Comment.id)
                                            .where(Comment.post_id == post.id)))
        assert acknowledged <= stored  # a request cut off mid-way may add one unacknowledged
        assert len(stored - acknowledged) <= WRITERS
        # The restarted site works: it serves the article and takes a new comment.
        browser = Browser(restarted.url)
        reply = browser.request("/crash/comments", {
            **browser.comment_form("/crash/"), "name": "After", "email": "after@example.com",
            "body": "Posted after the restart"})
        assert reply.status == 303
    with app.app_context():
        assert db.session.get(Comment, comment_id(reply.location)) is not None
