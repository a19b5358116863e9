"""Rate limits hold across the worker processes of one server, without Redis: granian with 3
workers, as `make run` starts it, and the counters in the file they share."""

import threading
import time
import urllib.parse

import pytest

from tests.security._browser import CSRF_RE, Browser
from tests.server import live_server

pytestmark = pytest.mark.slow

PASSWORD = "a long and careful passphrase"


@pytest.fixture
def server(app, make, database_url, tmp_path):
    make.admin(username="admin", password=PASSWORD)
    make.post(title="Open", slug="open", allow_comments=True)
    env = {"BLOG_COMMENTS_MIN_SECONDS": "0", "BLOG_PROXY_FIX_HOPS": "1",
           "BLOG_RATELIMIT_FILE": str(tmp_path / "limits.sqlite3")}
    with live_server(database_url, env, workers=3) as running:
        yield running


class Client(Browser):
    """A browser at its own address (the server trusts one proxy hop)."""

    def __init__(self, base_url: str, address: str):
        super().__init__(base_url)
        self.opener.addheaders = [("X-Forwarded-For", address)]


def _all_at_once(calls) -> list:
    """Run the calls in threads released together; their results in order."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        start.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_twelve_parallel_comments_from_one_address_get_one_through(server):
    calls = []
    for n in range(12):
        client = Client(server.url, "203.0.113.50")
        data = {**client.comment_form("/open/"), "name": f"Reader {n}",
                "email": f"r{n}@example.com", "body": f"Parallel comment {n}"}
        calls.append(lambda client=client, data=data: client.request("/open/comments", data))
    statuses = [reply.status for reply in _all_at_once(calls)]
    assert statuses.count(303) == 1, statuses
    assert statuses.count(429) == 11, statuses


def _login_call(base_url: str, address: str, password: str):
    """A login form loaded from `address`, to be sent when called."""
    client = Client(base_url, address)
    token = CSRF_RE.search(client.request("/admin/login").body).group(1)
    data = {"csrf_token": token, "username": "admin", "password": password}
    return lambda: client.request("/admin/login", data)


def test_forty_parallel_guesses_from_one_address_are_cut_to_five(server):
    calls = [_login_call(server.url, "198.51.100.77", f"guess number {n}") for n in range(40)]
    statuses = [reply.status for reply in _all_at_once(calls)]
    assert statuses.count(401) == 5, statuses
    assert statuses.count(429) == 35, statuses


def test_after_forty_wrong_passwords_from_forty_addresses_the_admin_gets_in(server):
    calls = [_login_call(server.url, f"10.40.0.{n}", f"guess number {n}") for n in range(40)]
    statuses = [reply.status for reply in _all_at_once(calls)]
    assert set(statuses) <= {401, 429} and statuses.count(401) >= 5, statuses
    started = time.monotonic()
    reply = _login_call(server.url, "192.0.2.200", PASSWORD)()
    assert reply.status == 303, (reply.status, reply.body[:300])
    assert time.monotonic() - started < 60
    assert urllib.parse.urlsplit(reply.location).path == "/admin/"
