"""`flask backup FILE`: a consistent, restorable copy, even while writes go on."""

import os
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from blog.backup import backup_database
from blog.models import Comment

PG_URL = os.environ.get("TEST_DATABASE_URL")
BATCH = 5  # the writer commits comments in batches of this size; a backup never splits one


class BatchWriter(threading.Thread):
    """Commits batches of comments as fast as it can until stopped: the load."""

    def __init__(self, database_url: str, post_id: int):
        super().__init__(daemon=True)
        self.engine = create_engine(database_url.replace("postgresql://",
                                                         "postgresql+psycopg://"))
        self.post_id = post_id
        self.batches = 0
        self.stopping = threading.Event()
        self.error: Exception | None = None

    def run(self):
        try:
            while not self.stopping.is_set():
                with Session(self.engine) as session:
                    for i in range(BATCH):
                        session.add(Comment(post_id=self.post_id, author_name="Load",
                                            author_email="load@example.com",
                                            body_source=f"batch {self.batches} #{i}",
                                            body_html=f"<p>batch {self.batches} #{i}</p>",
                                            status="approved"))
                    session.commit()
                self.batches += 1
        except Exception as error:  # surfaced by the test
            self.error = error
        finally:
            self.engine.dispose()

    def stop(self):
        self.stopping.set()
        self.join(30)
        assert self.error is None, self.error


def _sqlite_counts(path) -> tuple[str, int, list[int]]:
    with sqlite3.connect(path) as copy:
        (check,) = copy.execute("PRAGMA integrity_check").fetchone()
        total = copy.execute("SELECT count(*) FROM comment").fetchone()[0]
        per_batch = [n for (n,) in copy.execute(
            "SELECT count(*) FROM comment"
            " GROUP BY substr(body_source, 1, instr(body_source, '#'))")]
    return check, total, per_batch


@pytest.mark.skipif(bool(PG_URL), reason="SQLite backup; the PostgreSQL one is below")
def test_backup_command_writes_a_checked_copy_and_says_how_to_restore(runner, make, tmp_path):
    make.post(title="Keep me", slug="keep-me")
    target = tmp_path / "backups" / "blog-copy.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Restore:" in result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT title FROM post").fetchall() == [("Keep me",)]
        # One self-contained file: no -wal needed to read it back.
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not list(target.parent.glob(".*partial*"))


@pytest.mark.skipif(bool(PG_URL), reason="SQLite backup")
def test_backup_of_a_missing_database_fails_clearly(app, tmp_path):
    from blog.backup import BackupError

    with pytest.raises(BackupError, match="no SQLite database"):
        backup_database(f"sqlite:///{tmp_path}/absent.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


@pytest.mark.slow
@pytest.mark.skipif(bool(PG_URL), reason="SQLite backup")
def test_sqlite_backup_is_consistent_while_writes_go_on(make, database_url, tmp_path):
    post = make.post(title="Busy", slug="busy")
    writer = BatchWriter(database_url, post.id)
    writer.start()
    try:
        copies = []
        for n in range(4):
            while writer.batches < (n + 1) * 10:  # let some writes land between copies
                time.sleep(0.01)
            before = writer.batches
            target = tmp_path / f"copy-{n}.sqlite3"
            backup_database(database_url, target)
            copies.append((target, before, writer.batches))
    finally:
        writer.stop()
    for target, before, after in copies:
        check, total, per_batch = _sqlite_counts(target)
        assert check == "ok"
        assert set(per_batch) == {BATCH}  # every batch whole: one committed state
        assert before * BATCH <= total <= (after + 1) * BATCH
    assert _sqlite_counts(copies[-1][0])[1] > _sqlite_counts(copies[0][0])[1]


@pytest.mark.slow
@pytest.mark.skipif(not PG_URL, reason="pg_dump needs the PostgreSQL run")
def test_pg_dump_backup_restores_under_load(app, make, runner, tmp_path):
    import psycopg

    post = make.post(title="Busy", slug="busy")
    writer = BatchWriter(PG_URL, post.id)
    writer.start()
    while writer.batches < 20:
        time.sleep(0.01)
    target = tmp_path / "blog.dump"
    try:
        result = runner.invoke(args=["backup", str(target)])
    finally:
        writer.stop()
    assert result.exit_code == 0, result.output
    assert "pg_restore" in result.output

    url = make_url(PG_URL)
    restore_db = f"{url.database}_restore"
    admin_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
        conn.execute(f'CREATE DATABASE "{restore_db}"')
    restored_url = url.set(drivername="postgresql", database=restore_db)
    try:
        subprocess.run([shutil.which("pg_restore"), "--no-owner", "--dbname",
                        restored_url.render_as_string(hide_password=False), str(target)],
                       check=True, capture_output=True)
        engine = create_engine(restored_url.set(drivername="postgresql+psycopg"))
        with engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(Comment))
            per_batch = set(conn.scalars(text(
                "SELECT count(*) FROM comment GROUP BY split_part(body_source, '#', 1)")))
        engine.dispose()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
    assert total >= 20 * BATCH
    assert per_batch == {BATCH}


@pytest.mark.slow
@pytest.mark.skipif(bool(PG_URL), reason="SQLite copies are checked in place")
def test_backup_command_while_the_production_server_takes_comments(make, database_url,
                                                                   tmp_path):
    """`flask --app wsgi backup` beside a live granian: each copy holds every comment that
    was acknowledged before it started."""
    import sys
    from pathlib import Path

    from tests.security._browser import Browser, comment_id
    from tests.server import ROOT, live_server

    make.post(title="Busy", slug="busy", allow_comments=True)
    env = {"BLOG_RATELIMIT_ENABLED": "false", "BLOG_COMMENTS_MIN_SECONDS": "0"}
    acknowledged: list[int] = []
    stop = threading.Event()

    def commenter(n: int):
        browser = Browser(server.url)
        form = browser.comment_form("/busy/")
        i = 0
        while not stop.is_set():
            reply = browser.request("/busy/comments", {
                **form, "name": f"R{n}", "email": f"r{n}@example.com", "body": f"{n}-{i}"})
            if reply.status == 303:
                acknowledged.append(comment_id(reply.location))
            i += 1

    flask = Path(sys.executable).with_name("flask")
    with live_server(database_url, env, workers=2) as server:
        threads = [threading.Thread(target=commenter, args=(n,), daemon=True) for n in range(3)]
        for thread in threads:
            thread.start()
        try:
            deadline = time.monotonic() + 300
            for n in range(3):
                while len(acknowledged) < (n + 1) * 15:
                    assert time.monotonic() < deadline, "the commenters made no progress"
                    time.sleep(0.02)
                before = set(acknowledged)
                target = tmp_path / f"live-{n}.sqlite3"
                result = subprocess.run(
                    [str(flask), "--app", "wsgi", "backup", str(target)], cwd=ROOT,
                    env={**os.environ, "DATABASE_URL": database_url,
                         "BLOG_SECRET_KEY": "backup-test"},
                    capture_output=True, text=True, timeout=120, check=False)
                assert result.returncode == 0, result.stderr[-2000:]
                with sqlite3.connect(target) as copy:
                    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                    in_copy = {i for (i,) in copy.execute("SELECT id FROM comment")}
                assert before <= in_copy
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
