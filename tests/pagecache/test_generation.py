"""The generation file every worker on one machine reads per request (no REDIS_URL)."""

import os

from blog.pagecache.generation import FileGeneration


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
