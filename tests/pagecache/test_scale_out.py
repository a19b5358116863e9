"""Two app servers on one PostgreSQL and one Redis serve one site: a comment posted on one shows
on the other at once, the comment rate limit counts across both, an admin session works on both.
"""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
import redis

from tests.conftest import csrf_token_from
from tests.server import live_server

pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/5"
STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: a cookie jar shared by both servers (cookies ignore the port, as
    behind a load balancer), redirects not followed so statuses can be checked."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects())

    def request(self, url: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def shared_backends(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("several servers share PostgreSQL: this runs in the TEST_DATABASE_URL pass")
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield {"REDIS_URL": REDIS_URL, "BLOG_COMMENTS_MIN_SECONDS": "0",
           "BLOG_COMMENTS_RATE_LIMIT": "1 per 15 seconds"}
    redis.Redis.from_url(REDIS_URL).flushdb()


def _comment(browser: Browser, server, path: str, body: str) -> int:
    status, _, html = browser.request(f"{server.url}/{path}/")
    assert status == 200
    form = {"csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1),
            "name": "Known Reader", "email": "known@example.com", "body": body}
    status, _, _ = browser.request(f"{server.url}/{path}/comments", form)
    return status


def test_two_servers_share_one_site(app, database_url, make, shared_backends):
    post = make.post(title="Shared article", slug="shared")
    make.comment(post, author_email="known@example.com", body="An earlier approved comment.")
    make.admin(password="correct horse battery")

    with live_server(database_url, shared_backends) as one, \
            live_server(database_url, shared_backends) as two:
        reader = Browser()
        for server in (one, two):  # both caches warm
            assert "Posted on server one" not in reader.request(f"{server.url}/shared/")[2]

        assert _comment(reader, one, "shared", "Posted on server one.") == 303
        status, _, html = Browser().request(f"{two.url}/shared/")
        assert status == 200
        assert "Posted on server one." in html
        assert "2 Comments" in html
        # What told server two: the content generation both keep in Redis.
        assert redis.Redis.from_url(REDIS_URL).get("blog:generation")

        # The limit (one per 15 s) is counted in Redis: the second server refuses at once.
        status = _comment(reader, two, "shared", "Too soon, from server two.")
        assert status == 429

        admin = Browser()
        status, _, html = admin.request(f"{one.url}/admin/login")
        status, headers, _ = admin.request(f"{one.url}/admin/login", {
            "username": "admin", "password": "correct horse battery",
            "csrf_token": csrf_token_from(html)})
        assert status == 303
        for server in (two, one):
            status, _, html = admin.request(f"{server.url}/admin/")
            assert status == 200, server.url
            assert "Log out" in html or "logout" in html
