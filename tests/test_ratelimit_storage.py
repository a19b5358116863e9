"""The shared rate-limit file, through the `limits` interface Flask-Limiter uses: counts hold
across processes, windows end, and the file is the site's own (0600)."""

import multiprocessing
import stat
import time

from limits import RateLimitItemPerSecond, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from blog.ratelimit_storage import SQLiteFileStorage, storage_uri


def _storage(tmp_path):
    return storage_from_string(storage_uri(tmp_path / "limits.sqlite3"))


def test_the_scheme_is_registered_with_limits(tmp_path):
    assert isinstance(_storage(tmp_path), SQLiteFileStorage)


def test_a_fixed_window_allows_its_amount_then_refuses_until_it_ends(tmp_path):
    limiter = FixedWindowRateLimiter(_storage(tmp_path))
    item = parse("3 per 2 seconds")
    assert [limiter.hit(item, "login", "203.0.113.7") for _ in range(4)] == [True] * 3 + [False]
    assert limiter.hit(item, "login", "198.51.100.9")  # another key: its own count
    stats = limiter.get_window_stats(item, "login", "203.0.113.7")
    assert stats.remaining == 0 and 0 < stats.reset_time - time.time() <= 2
    time.sleep(2.1)
    assert limiter.hit(item, "login", "203.0.113.7")


def test_clear_reset_and_check(tmp_path):
    storage = _storage(tmp_path)
    limiter = FixedWindowRateLimiter(storage)
    item = RateLimitItemPerSecond(1, 60)
    assert limiter.hit(item, "a") and limiter.hit(item, "b")
    storage.clear(item.key_for("a"))
    assert limiter.hit(item, "a")
    assert storage.reset() == 2
    assert limiter.hit(item, "a") and limiter.hit(item, "b")
    assert storage.check()


def test_a_count_never_goes_below_zero(tmp_path):
    storage = _storage(tmp_path)
    assert storage.incr("slots", 60) == 1
    assert storage.incr("slots", 60, amount=-1) == 0
    assert storage.incr("slots", 60, amount=-1) == 0
    assert storage.incr("slots", 60) == 1


def _hammer(path, rounds):
    storage = storage_from_string(storage_uri(path))
    for _ in range(rounds):
        storage.incr("shared", 300)


def test_increments_from_several_processes_at_once_are_all_counted(tmp_path):
    path = tmp_path / "limits.sqlite3"
    _storage(tmp_path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(path, 200)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert storage_from_string(storage_uri(path)).get("shared") == 800


def test_the_file_and_its_journal_are_private(tmp_path):
    storage = _storage(tmp_path)
    storage.incr("x", 10)
    for name in ("limits.sqlite3", "limits.sqlite3-wal", "limits.sqlite3-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
