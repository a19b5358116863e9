"""The layer in front of Flask answers readers' cached pages exactly as Flask would, and leaves
everything personal to Flask."""

import gzip
import re
import time
from array import array
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from flask import request_started

from blog.pagecache.layer import CachedPageLayer
from blog.pagecache.post_versions import SLOTS, Versions, slot_of
from blog.pagecache.ready import ReadyPages
from tests.conftest import csrf_token_from
from tests.sql_counting import count_statements

STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]*)"')


@contextmanager
def flask_requests(app):
    """The requests Flask itself handled (the layer's answers never reach it)."""
    seen = []

    def note(sender, **_extra):
        seen.append(sender)

    request_started.connect(note, app)
    try:
        yield seen
    finally:
        request_started.disconnect(note, app)


def _layer(app) -> CachedPageLayer:
    layer = app.wsgi_app
    while not isinstance(layer, CachedPageLayer):
        # Each layer names the app it wraps its own way (ours, WhiteNoise, ProxyFix).
        layer = next(getattr(layer, name) for name in ("wsgi_app", "application", "app")
                     if hasattr(layer, name))
    return layer


def _environ(path: str, **headers: str) -> dict:
    import io

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
               "SCRIPT_NAME": "", "SERVER_NAME": "localhost", "SERVER_PORT": "80",
               "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
               "HTTP_HOST": "localhost", "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO()}
    environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    return environ


def _call(wsgi_app, environ: dict) -> tuple[str, dict[str, list[str]], bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, headers

    body = b"".join(wsgi_app(environ, start_response))
    headers: dict[str, list[str]] = {}
    for name, value in answer["headers"]:
        headers.setdefault(name, []).append(value)
    return answer["status"], headers, body


def _without_tokens(html: str) -> str:
    return STAMP_RE.sub("stamp", CSRF_RE.sub("csrf", html))


@pytest.mark.parametrize("path", ["/", "/answered/", "/category/news/", "/feed/"])
def test_a_cached_page_comes_from_the_layer_without_flask_or_sql(app, client, make, path):
    category = make.category(name="News", slug="news")
    make.post(slug="answered", category=category)
    assert client.get(path).status_code == 200  # Flask renders and caches it
    with flask_requests(app) as handled, count_statements(app) as statements:
        response = app.test_client().get(path)
    assert response.status_code == 200
    assert handled == [] and statements == []


@pytest.mark.parametrize("path", ["/", "/same/", "/feed/"])
@pytest.mark.parametrize("accept", ["", "gzip", "gzip, deflate, br"])
def test_the_layer_answers_what_flask_answers_from_the_same_cache_entry(app, make, path, accept):
    make.post(slug="same")
    layer = _layer(app)
    _call(app.wsgi_app, _environ(path))  # cached by Flask
    _call(app.wsgi_app, _environ(path))  # the article's plain form cut out

    from_layer = _call(layer, _environ(path, accept_encoding=accept))
    from_flask = _call(layer.wsgi_app, _environ(path, accept_encoding=accept))

    status, headers, body = from_layer
    assert status == from_flask[0] == "200 OK"
    for answer in (headers, from_flask[1]):
        answer.pop("Set-Cookie", None)  # each new reader's own session
    if path != "/feed/":  # the forms' token and stamp differ; so may the compressed length
        def text(answer):
            raw = answer[2]
            encoding = answer[1].get("Content-Encoding", [""])[0]
            raw = gzip.decompress(raw) if encoding == "gzip" else raw
            if encoding == "br":
                import brotli
                raw = brotli.decompress(raw)
            return _without_tokens(raw.decode())
        assert text(from_layer) == text(from_flask)
        headers.pop("Content-Length"), from_flask[1].pop("Content-Length")
    else:
        assert body == from_flask[2]
    assert headers == from_flask[1]


def test_new_readers_each_get_their_own_session_and_a_token_that_works(app, make, visitor):
    post = make.post(slug="tokens")
    make.comment(post, author_email="ada@example.com")  # a known commenter: approved at once
    visitor().get("/tokens/")
    visitor().get("/tokens/")  # cached, plain form cut out: the layer answers from here on
    first, second = visitor(), visitor()
    with flask_requests(app) as handled:
        first_page, second_page = first.get("/tokens/"), second.get("/tokens/")
    assert handled == []
    assert first_page.headers["Set-Cookie"] != second_page.headers["Set-Cookie"]
    assert "HttpOnly" in first_page.headers["Set-Cookie"]
    assert first_page.headers["Cache-Control"] == "private, no-cache"
    first_html, second_html = first_page.get_data(as_text=True), second_page.get_data(as_text=True)
    assert csrf_token_from(first_html) != csrf_token_from(second_html)

    data = {"csrf_token": csrf_token_from(second_html),
            "stamp": STAMP_RE.search(second_html).group(1), "name": "Second",
            "email": "ada@example.com", "body": "Sent from the page the layer answered."}
    assert second.post("/tokens/comments", data=data).status_code == 303
    assert "Sent from the page the layer answered." in second.get("/tokens/").get_data(as_text=True)
    # The other reader's token does not work with this reader's session.
    data = {**data, "csrf_token": csrf_token_from(first_html), "body": "Another."}
    assert second.post("/tokens/comments", data=data).status_code == 400


def test_a_returning_reader_keeps_their_session_and_token(app, make, visitor):
    post = make.post(slug="returning")
    make.comment(post, author_email="ada@example.com")
    reader = visitor()
    reader.get("/returning/")
    reader.get("/returning/")
    with flask_requests(app) as handled:
        page = reader.get("/returning/")
    assert handled == []
    assert "Set-Cookie" not in page.headers  # the session they have already holds the token
    html = page.get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1),
            "name": "Ada", "email": "ada@example.com", "body": "Back again."}
    assert reader.post("/returning/comments", data=data).status_code == 303


def test_personal_visits_go_to_flask(app, make, visitor):
    post = make.post(slug="personal")
    visitor().get("/personal/")
    visitor().get("/personal/")
    sender = visitor()
    html = sender.get("/personal/").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1),
            "name": "First Timer", "email": "new@example.com", "body": "Held for now.",
            "remember": "y"}
    assert sender.post(f"/{post.path}/comments", data=data).status_code == 303  # held

    with flask_requests(app) as handled:
        page = sender.get("/personal/").get_data(as_text=True)
    assert len(handled) == 1  # held comment and remembered details: Flask renders their part
    assert "Your comment is awaiting moderation." in page
    assert 'value="First Timer"' in page
    with flask_requests(app) as handled:
        stranger = visitor().get("/personal/").get_data(as_text=True)
    assert handled == []
    assert "Held for now." not in stranger and "First Timer" not in stranger


def test_a_304_comes_from_the_layer_too(app, client, make):
    make.post(slug="etag")
    first = client.get("/feed/")
    with flask_requests(app) as handled:
        again = app.test_client().get("/feed/",
                                      headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert handled == []


def test_head_gets_the_headers_without_the_body(app, client, make):
    make.post(slug="head")
    full = client.get("/")
    head = app.test_client().head("/")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == full.headers["Content-Length"]


def test_an_untrusted_host_gets_400_even_for_a_page_the_layer_holds(app, client, make):
    app.config["TRUSTED_HOSTS"] = ["localhost"]
    make.post(slug="hosts")
    assert client.get("/").status_code == 200
    assert app.test_client().get("/", headers={"Host": "evil.example"}).status_code == 400


def test_a_content_change_reaches_the_layer_at_once(app, client, make):
    make.post(title="Before the change", slug="before")
    client.get("/")
    client.get("/")
    make.post(title="After the change", slug="after")
    with flask_requests(app) as handled:
        html = app.test_client().get("/").get_data(as_text=True)
    assert "After the change" in html
    assert len(handled) == 1  # a new generation: Flask renders once, the layer takes over


@dataclass
class _Kept:
    """Stands in for a ready page: its size and the (slot, version) pairs it shows."""

    size: int
    deps: tuple = ()

    @property
    def page(self):
        return self


def test_ready_pages_keep_one_generation_within_their_budget_oldest_out_first():
    ready, now = ReadyPages(budget=100), Versions(0, None)
    a, b, c = _Kept(60), _Kept(30), _Kept(30)
    ready.get("g1", now, "a")
    ready.keep("g1", now, "a", a)
    ready.keep("g1", now, "b", b)
    assert ready.get("g1", now, "a") is a
    ready.keep("g1", now, "c", c)  # over budget: the oldest page goes
    assert ready.get("g1", now, "a") is None
    assert ready.get("g1", now, "b") is b and ready.get("g1", now, "c") is c
    assert ready.size == 60
    assert ready.get("g2", now, "c") is None  # a new generation forgets the old pages
    ready.keep("g1", now, "d", _Kept(10))  # a page rendered for the old generation is not kept
    assert ready.get("g2", now, "d") is None


def test_ready_pages_drop_only_the_pages_showing_a_post_whose_version_moved():
    table = array("I", [0] * SLOTS)
    ready, before = ReadyPages(), Versions(0, table)
    ready.get("g", before, "x")
    shows_7 = _Kept(10, deps=((slot_of(7), 0),))
    shows_7_and_9 = _Kept(10, deps=((slot_of(7), 0), (slot_of(9), 0)))
    shows_9 = _Kept(10, deps=((slot_of(9), 0),))
    for key, page in (("a", shows_7), ("b", shows_7_and_9), ("c", shows_9)):
        ready.keep("g", before, key, page)
    moved = array("I", table)
    moved[slot_of(7)] += 1
    after = Versions(1, moved)
    assert ready.get("g", after, "a") is None and ready.get("g", after, "b") is None
    assert ready.get("g", after, "c") is shows_9
    assert ready.size == 10
    ready.keep("g", before, "a", shows_7)  # read before the change: not kept
    assert ready.get("g", after, "a") is None


def test_ready_pages_start_over_when_the_counter_goes_back():
    """A store emptied (Redis restarted, a file deleted) counts from 0 again: nothing kept
    under the old count can be trusted."""
    ready, kept = ReadyPages(), _Kept(10, deps=((1, 4),))
    later = Versions(9, array("I", [4] * SLOTS))
    ready.get("g", later, "a")
    ready.keep("g", later, "a", kept)
    assert ready.get("g", later, "a") is kept
    assert ready.get("g", Versions(1, array("I", [0] * SLOTS)), "a") is None


def test_a_thread_late_with_an_older_reading_keeps_the_pages_of_the_newer_one():
    """Threads of a worker read the store one after another: one may still hold the counter
    from before a comment when another has already followed it. Its reading is late, and the
    worker's pages (which another post's comment left alone) stay."""
    ready, kept = ReadyPages(), _Kept(10, deps=((slot_of(7), 0),))
    before = Versions(1, array("I", [0] * SLOTS))
    late_read = time.monotonic()
    ready.get("g", before, "a")
    ready.keep("g", before, "a", kept)
    moved = array("I", before.table)
    moved[slot_of(9)] += 1
    after = Versions(2, moved)
    assert ready.get("g", after, "a", time.monotonic()) is kept
    assert ready.get("g", before, "a", late_read) is kept
    assert ready.get("old generation", before, "a", late_read) is None
    assert ready.get("g", after, "a", time.monotonic()) is kept
    # A reading begun after the last one followed that counts lower: the store went back.
    assert ready.get("g", before, "a", time.monotonic()) is None
    assert ready.pages == {}
