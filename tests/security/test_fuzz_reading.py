"""Every public reading route, driven with arbitrary text and bytes: never a 5xx, never a
template evaluated."""

from urllib.parse import quote, unquote_to_bytes, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blog import create_app
from tests.security._fuzz import (
    FUZZ,
    TEMPLATE_INJECTION,
    assert_no_server_error,
    assert_template_not_evaluated,
    url_value,
)

ENCODED_INJECTION = quote(TEMPLATE_INJECTION, safe="")


@pytest.fixture
def site(database_url, tmp_path, make):
    """A small site with every kind of page, and a client with rate limits off (the fuzz
    would otherwise spend its examples on 429s)."""
    author = make.author(name="Maya Chen", slug="maya")
    category = make.category(name="Security", slug="security")
    tag = make.tag(name="Python", slug="python")
    post = make.post(title="Threat models", slug="threat-models", author=author,
                     category=category, tags=[tag])
    make.comment(post, body="First comment")
    make.post(title="About", slug="about", type="page")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "fuzz", "RATELIMIT_ENABLED": False,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    yield app.test_client()
    with app.app_context():
        from blog.extensions import db

        db.session.remove()
        db.engine.dispose()


def _fetch(client, url: str):
    """GET `url` as the request target, even one starting with // (which the test client
    would otherwise read as a host name)."""
    if not url.startswith("//"):
        return client.get(url)
    path, _, query = url.partition("?")
    return client.get("/", environ_overrides={"PATH_INFO": unquote_to_latin1(path),
                                              "QUERY_STRING": query})


def unquote_to_latin1(path: str) -> str:
    """PATH_INFO as a WSGI server passes it: the raw bytes, decoded as latin-1."""
    return unquote_to_bytes(path).decode("latin-1")


def _get(client, url: str):
    response = _fetch(client, url)
    assert_no_server_error(response, url)
    assert_template_not_evaluated(
        response, url,
        lambda: _fetch(client, url.replace(ENCODED_INJECTION, quote("{{7*8}}", safe=""))),
    )
    if response.status_code in (301, 302, 303, 307, 308):
        # No redirect may send the visitor to another site (//evil.example/ included).
        location = response.headers["Location"]
        assert not location.startswith(("//", "/\\")), (url, location)
        assert urlsplit(location).netloc in ("", "localhost"), (url, location)
    return response


PATH_TEMPLATES = [
    "/{}/",
    "/{}",
    "/{}/{}/",
    "/category/{}/",
    "/tag/{}/",
    "/author/{}/",
    "/category/{}/feed/",
    "/{}/feed/",
    "/page/{}/",
    "/category/security/page/{}/",
    "/threat-models/comment-page-{}/",
    "/uploads/{}/{}/{}",
    "/{}/{}/{}/{}/",  # WordPress date permalinks
    "/admin/{}",
    "/static/{}",
]


@FUZZ
@given(template=st.sampled_from(PATH_TEMPLATES), values=st.lists(url_value, min_size=4,
                                                                 max_size=4))
def test_any_path_is_answered_without_a_server_error(site, template, values):
    _get(site, template.format(*values))


QUERY_TEMPLATES = [
    "/?s={}",
    "/?p={}",
    "/search/?q={}",
    "/search/?q=threat&page={}",
    "/threat-models/?replytocom={}",
    "/threat-models/?cpage={}",
    "/?{}={}",
    "/admin/login?next={}",
    "/feed/?paged={}",
]


@FUZZ
@given(template=st.sampled_from(QUERY_TEMPLATES), values=st.lists(url_value, min_size=2,
                                                                  max_size=2))
def test_any_query_string_is_answered_without_a_server_error(site, template, values):
    _get(site, template.format(*values))


@FUZZ
@given(cookie=st.text(max_size=300), accept=st.text(max_size=100),
       request_id=st.text(max_size=80))
def test_forged_cookies_and_headers_are_not_server_errors(site, cookie, accept, request_id):
    ascii_only = {"Cookie": f"session={cookie}".encode("latin-1", "replace").decode("latin-1")
                  .replace("\n", " ").replace("\r", " "),
                  "Accept-Language": accept.encode("ascii", "replace").decode()
                  .replace("\n", " ").replace("\r", " "),
                  "X-Request-ID": request_id.encode("ascii", "replace").decode()
                  .replace("\n", " ").replace("\r", " ")}
    for path in ("/", "/threat-models/", "/admin/login"):
        response = site.get(path, headers=ascii_only)
        assert_no_server_error(response, repr(ascii_only))


@pytest.mark.parametrize("url", [
    "/" + "a" * 100_000 + "/",
    "/?s=" + "b" * 100_000,
    "/search/?q=" + "%F0%9F%92%A9" * 20_000,
    "/page/99999999999999999999999999/",
    "/page/0/",
    "/category/security/page/18446744073709551616/",
    "/threat-models/comment-page-99999999999999999999/",
    "/search/?q=threat&page=99999999999999999999",  # found by the fuzz: OFFSET overflowed
    "/search/?q=threat&page=%C2%B9",
    "/?p=99999999999999999999999999",
    "/?p=-1",
    "/?p=%C2%B9",  # "¹": str.isdigit() says yes, int() says no
    "/?m=%C2%B9%C2%B2%C2%B3%C2%B4",
    "/threat-models/?replytocom=%C2%B9",
    "/?p=%D9%A1%D9%A2",  # Arabic-Indic digits
    "/%00/",
    "/%C0%AF/",
    "/%ED%A0%80/",
    "/threat-models/%E2%80%AE/",
    "/?" + "&".join(f"k{i}=v" for i in range(5000)),
    "//evil.example",
    "//evil.example/",
    "//evil.example/threat-models",
    "/%2F%2Fevil.example",
    "/\\evil.example",
    "/threat-models//",
])
def test_extreme_urls_are_answered_without_a_server_error(site, url):
    _get(site, url)
