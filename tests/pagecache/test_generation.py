"""The generation every worker reads per request: a file on one machine, Redis across servers;
with the post versions a comment moves."""

import os
import subprocess
import sys

import pytest

from blog.pagecache.generation import FileGeneration, RedisGeneration
from blog.pagecache.post_versions import SLOTS, slot_of


def test_a_bump_by_another_worker_is_read_at_once(tmp_path):
    path = tmp_path / "site.sqlite3-generation"
    mine, theirs = FileGeneration(path), FileGeneration(path)
    first = mine.current()
    assert theirs.current() == first
    second = theirs.bump()
    assert second != first
    assert mine.current() == second  # no waiting for the once-a-second check
    assert len(second) == len(first)


def test_a_file_replaced_or_deleted_by_hand_is_read_again(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("blog.pagecache.generation.time.monotonic", lambda: clock[0])
    path = tmp_path / "generation"
    reader = FileGeneration(path)
    FileGeneration(path).bump()
    before = reader.current()

    replacement = tmp_path / "new-generation"
    FileGeneration(replacement).bump()
    os.replace(replacement, path)  # a restore, say: a new file where the old one was
    clock[0] += FileGeneration.RECHECK_S
    replaced = reader.current()
    assert replaced != before and replaced == path.read_text()

    path.unlink()
    clock[0] += FileGeneration.RECHECK_S
    recreated = reader.current()
    assert recreated not in (before, replaced)
    assert path.read_text() == recreated
    assert reader.current() == recreated


def test_a_comment_moves_one_post_version_and_the_counter_not_the_token(tmp_path):
    path = tmp_path / "generation"
    worker, other = FileGeneration(path), FileGeneration(path)
    token, counter = worker.state()
    before = worker.versions(counter)
    other.touch({slot_of(7)})
    assert worker.state() == (token, counter + 1)
    after = worker.versions(counter + 1)
    assert after.of(slot_of(7)) == before.of(slot_of(7)) + 1
    assert after.of(slot_of(8)) == before.of(slot_of(8))
    assert not after.fresh(before.deps([7, 8])) and after.fresh(before.deps([8]))


def test_two_workers_counting_at_once_lose_no_change(tmp_path):
    """Each worker's change is counted under the file's lock: none is lost to a race."""
    path = tmp_path / "generation"
    FileGeneration(path).bump()
    script = ("import sys; from pathlib import Path; from blog.pagecache.generation import "
              "FileGeneration; g = FileGeneration(Path(sys.argv[1]))\n"
              "for _ in range(200): g.touch({3})")
    workers = [subprocess.Popen([sys.executable, "-c", script, str(path)]) for _ in range(3)]
    assert [w.wait(60) for w in workers] == [0, 0, 0]
    reader = FileGeneration(path)
    _token, counter = reader.state()
    assert counter == 600 and reader.versions(counter).of(3) == 600


def test_redis_keeps_the_same_counter_and_versions_for_every_server():
    redis = pytest.importorskip("redis")
    url = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/5"
    key = f"test-generation-{os.getpid()}"
    one, two = RedisGeneration(url, key), RedisGeneration(url, key)
    try:
        token, counter = one.state()
        two.touch({slot_of(5), slot_of(SLOTS - 1)})
        assert one.state() == (token, counter + 1)
        versions = one.versions(counter + 1)
        assert versions.of(slot_of(5)) == 1 and versions.of(SLOTS - 1) == 1
        assert versions.of(slot_of(6)) == 0
    finally:
        redis.Redis.from_url(url).delete(key, one.counter_key, one.table_key)
