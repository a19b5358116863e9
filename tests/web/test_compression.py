"""Compression and static files as browsers and proxies see them."""

import gzip
import re

import brotli
import pytest


@pytest.fixture
def site(make):
    category = make.category(slug="topic")
    return make.post(title="An article", slug="an-article", category=category,
                     body="Words " * 400)


def _without_tokens(html: str) -> str:
    return re.sub(r'type="hidden" value="[^"]*"', "", html)


def _stylesheet_url(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)


@pytest.mark.parametrize("url", ["/", "/an-article/", "/category/topic/"])
@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress),
                                                   ("gzip", gzip.decompress)])
def test_html_is_compressed_for_clients_that_accept_it(client, site, url, encoding, decode):
    plain = client.get(url)
    for _ in range(2):  # filled, then from the cache
        packed = client.get(url, headers={"Accept-Encoding": encoding})
        assert packed.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert len(packed.data) < len(plain.data) / 2
        html = decode(packed.data).decode()
        # The same page (the article's form carries tokens that change every second).
        assert _without_tokens(html) == _without_tokens(plain.get_data(as_text=True))


def test_brotli_is_preferred_and_identity_is_the_default(client, site):
    assert client.get("/", headers={"Accept-Encoding": "gzip, br"}).headers[
        "Content-Encoding"] == "br"
    assert "Content-Encoding" not in client.get("/").headers


def test_static_files_have_hashed_names_and_are_immutable(client, site):
    url = _stylesheet_url(client.get("/").get_data(as_text=True))
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    packed = client.get(url, headers={"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == response.data
    # The plain name still works, with a short lifetime, for anything that links it directly.
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200 and plain.data == response.data
    assert "immutable" not in plain.headers["Cache-Control"]
