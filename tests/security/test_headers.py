"""A scan of every kind of page, served by granian: the security headers hold everywhere."""

import urllib.error
import urllib.request

import pytest

from tests.security._checks import header_problems, inline_code_in

pytestmark = pytest.mark.slow


def fetch(url: str, method: str = "GET", data: bytes | None = None):
    """(status, headers, body) whatever the status: error pages are pages too."""
    request = urllib.request.Request(url, method=method, data=data)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def site(make):
    """One of everything a reader can reach."""
    author = make.author(name="Maya Chen", slug="maya-chen")
    category = make.category(name="Security", slug="security")
    tag = make.tag(name="Python", slug="python")
    post = make.post(title="Threat models", slug="threat-models", author=author,
                     category=category, tags=[tag],
                     body="Text with ![img](/static/img/favicon.svg)")
    make.comment(post, body="A first comment")
    parent = make.post(title="About", slug="about", type="page")
    make.post(title="Team", slug="team", type="page", parent=parent)
    return post


PAGES = [
    "/",
    "/threat-models/",
    "/about/",
    "/about/team/",
    "/category/security/",
    "/tag/python/",
    "/author/maya-chen/",
    "/search/?q=threat",
    "/?s=threat",
    "/?p=1",
    "/feed/",
    "/feed/atom/",
    "/threat-models/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/static/css/site.css",
    "/admin/login",
    "/admin/",
    "/threat-models",  # redirect to the trailing slash
    "/no-such-article/",
    "/category/no-such-category/",
    "/%ff%fe/",
]


def test_every_page_type_sends_the_security_headers(server, site):
    seen = {}
    for path in PAGES:
        status, headers, body = fetch(server.url + path)
        seen[path] = status
        assert header_problems(headers) == [], (path, status)
        if "text/html" in headers.get("Content-Type", ""):
            assert inline_code_in(body) == [], path
    # The scan covered real pages, not only error pages.
    assert seen["/"] == seen["/threat-models/"] == seen["/about/team/"] == 200
    assert seen["/no-such-article/"] == 404


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/", 405),
        ("DELETE", "/threat-models/", 405),
        ("POST", "/threat-models/comments", 400),  # no CSRF token
        ("POST", "/admin/login", 400),
    ],
)
def test_error_responses_carry_the_headers_too(server, site, method, path, status):
    got, headers, body = fetch(server.url + path, method=method, data=b"name=x")
    assert got == status
    assert header_problems(headers) == []
    assert inline_code_in(body) == []


def test_admin_pages_are_never_indexed_or_cached(server, site):
    for path in ("/admin/login", "/admin/", "/admin/posts/new"):
        _, headers, body = fetch(server.url + path)
        assert "noindex" in headers.get("X-Robots-Tag", ""), path
        assert "no-store" in headers.get("Cache-Control", ""), path
    _, _, login_page = fetch(server.url + "/admin/login")
    assert 'name="robots" content="noindex' in login_page


def test_responses_name_their_request_id(server, site):
    _, first, _ = fetch(server.url + "/")
    _, second, _ = fetch(server.url + "/")
    assert first["X-Request-ID"] and second["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_every_admin_page_keeps_the_headers_once_logged_in(server, site, make):
    from tests.security._browser import Browser

    make.admin(username="admin", password="correct horse battery staple")
    browser = Browser(server.url)
    assert browser.log_in("admin", "correct horse battery staple").status == 303
    pages = ["/admin/", "/admin/posts/", "/admin/posts/new", f"/admin/posts/{site.id}/edit",
             f"/admin/posts/{site.id}/preview", f"/admin/posts/{site.id}/revisions/",
             "/admin/comments/", "/admin/categories/", "/admin/tags/", "/admin/authors/",
             "/admin/settings", "/admin/uploads/"]
    for path in pages:
        reply = browser.request(path)
        assert reply.status == 200, path
        assert header_problems(reply.headers) == [], path
        assert "noindex" in reply.headers.get("X-Robots-Tag", ""), path
        assert "no-store" in reply.headers.get("Cache-Control", ""), path
        assert inline_code_in(reply.body) == [], path
