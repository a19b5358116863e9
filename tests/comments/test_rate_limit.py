"""Too fast / too many → 429 with Retry-After and the text kept; per client IP, also behind a
proxy; counters in memory by default, in Redis when REDIS_URL is set."""

import os

import pytest
import redis

from blog import create_app
from blog.extensions import limiter
from tests.comments.conftest import Reader

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _app(database_url, **overrides):
    """An app with the real comment rate limit (the shared fixture relaxes it)."""
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "COMMENTS_MIN_SECONDS": 0,
        "COMMENTS_HOLD_FIRST_TIME": False,
        **overrides,
    })
    limiter.reset()
    return app


@pytest.fixture
def limited(database_url, make):
    make.post(slug="target")
    app = _app(database_url)
    yield app
    limiter.reset()


def test_second_comment_within_15_seconds_is_429_with_text_kept(limited):
    reader = Reader(limited.test_client(), "target")
    assert reader.post(body="First").status_code == 303

    response = reader.post(body="Second, too soon")
    assert response.status_code == 429
    retry = int(response.headers["Retry-After"])
    assert 1 <= retry <= 15
    html = response.get_data(as_text=True)
    assert "commenting too quickly" in html
    assert "Second, too soon</textarea>" in html
    assert 'value="Ada Reader"' in html


def test_rejected_forms_do_not_use_up_the_limit(limited):
    reader = Reader(limited.test_client(), "target")
    assert reader.post(email="broken").status_code == 422
    assert reader.post(email="broken-again").status_code == 422
    assert reader.post(body="Fixed it").status_code == 303


def test_hourly_limit_applies_too(database_url, make):
    make.post(slug="target")
    app = _app(database_url, COMMENTS_RATE_LIMIT="100 per second;3 per hour")
    reader = Reader(app.test_client(), "target")
    for n in range(3):
        assert reader.post(body=f"Comment {n}").status_code == 303
    response = reader.post(body="One too many")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 15 * 60 - 5


def test_limit_is_per_client_ip_behind_a_trusted_proxy(database_url, make):
    make.post(slug="target")
    app = _app(database_url, PROXY_FIX_HOPS=1)
    client = app.test_client()
    reader = Reader(client, "target")
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    assert reader.post(body="From the first reader").status_code == 303
    assert reader.post(body="Again, too soon").status_code == 429
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.9"
    assert reader.post(body="From a second reader").status_code == 303


def test_forwarded_header_is_ignored_without_trusted_proxies(limited):
    client = limited.test_client()
    reader = Reader(client, "target")
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    assert reader.post(body="One").status_code == 303
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.9"  # forged: same socket
    assert reader.post(body="Two").status_code == 429


def test_counters_live_in_redis_when_redis_url_is_set(database_url, make):
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}")
    make.post(slug="target")
    app = _app(database_url, REDIS_URL=REDIS_URL)
    try:
        assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
        reader = Reader(app.test_client(), "target")
        assert reader.post(body="First").status_code == 303
        keys = [k for k in store.keys("LIMITS*") if b"comments" in k]
        assert keys, "the counter is not in Redis"
        assert reader.post(body="Too soon").status_code == 429
        # Several app servers share these counters; clearing them in Redis lifts the limit.
        store.delete(*keys)
        assert reader.post(body="After the counter was cleared").status_code == 303
    finally:
        limiter.reset()


def test_disabled_rate_limit_lets_everything_through(database_url, make):
    make.post(slug="target")
    app = _app(database_url, RATELIMIT_ENABLED=False)
    reader = Reader(app.test_client(), "target")
    assert [reader.post(body=f"n{n}").status_code for n in range(3)] == [303, 303, 303]


def test_unreachable_redis_falls_back_to_memory_not_500(database_url, make):
    from tests.server import free_port

    make.post(slug="target")
    # Only the limiter's storage is unreachable here (the page cache has its own tests).
    app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production", "COMMENTS_MIN_SECONDS": 0,
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/1",
        "PAGE_CACHE": False, "CACHE_TYPE": "SimpleCache",
    })
    reader = Reader(app.test_client(), "target")
    assert reader.post(body="Redis is down").status_code == 303
    assert reader.post(body="Still limited").status_code == 429


def test_429_with_a_garbled_reply_target_still_keeps_the_text(limited):
    """Refused as it arrives (before the form is read), the form is shown unvalidated."""
    limited.config["COMMENT_POSTS_RATE_LIMIT"] = "1 per minute"
    reader = Reader(limited.test_client(), "target")
    assert reader.post(body="First").status_code == 303
    response = reader.post(body="Second", parent_id="12abc")
    assert response.status_code == 429
    assert "Second</textarea>" in response.get_data(as_text=True)


def test_every_post_counts_as_it_arrives_even_a_422(database_url, make):
    make.post(slug="target")
    app = _app(database_url, COMMENT_POSTS_RATE_LIMIT="3 per minute")
    reader = Reader(app.test_client(), "target")
    assert [reader.post(email="broken").status_code for _ in range(3)] == [422] * 3
    refused = reader.post(body="A fourth try")
    assert refused.status_code == 429
    assert "A fourth try</textarea>" in refused.get_data(as_text=True)
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_a_comment_not_stored_gives_its_count_back(database_url, make):
    """A duplicate (409) stored nothing: the commenter may send something else at once."""
    make.post(slug="target")
    app = _app(database_url, COMMENTS_RATE_LIMIT="2 per minute")
    reader = Reader(app.test_client(), "target")
    assert reader.post(body="Said once").status_code == 303
    assert reader.post(body="Said once").status_code == 409
    assert reader.post(body="Said something new").status_code == 303  # the second of two
