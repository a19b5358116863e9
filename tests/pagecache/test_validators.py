"""Cached pages' validators as browsers and proxies see them: 304s, private pages, pages that
are never shared."""

import re

import pytest

from blog.extensions import db
from blog.models import Post


@pytest.fixture
def site(make):
    category = make.category(slug="topic")
    post = make.post(title="An article", slug="an-article", category=category,
                     body="Words " * 400)
    return post


@pytest.mark.parametrize("url", ["/feed/", "/category/topic/feed/", "/sitemap.xml"])
def test_pages_without_reader_parts_answer_304_to_a_matching_etag(client, site, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304


def test_a_content_change_makes_the_old_etag_stale(app, client, site):
    etag = client.get("/feed/").headers["ETag"]
    with app.app_context():
        db.session.get(Post, site.id).title = "A retitled article"
        db.session.commit()
    response = client.get("/feed/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "A retitled article" in response.get_data(as_text=True)
    assert response.headers["ETag"] != etag


@pytest.mark.parametrize("url", ["/an-article/", "/", "/category/topic/"])
def test_pages_with_forms_are_private_and_never_304(client, site, url):
    """The article's comment form and every page's sign-up form carry the reader's token."""
    first = client.get(url)
    assert "private" in first.headers["Cache-Control"]
    assert "ETag" not in first.headers  # its form is fresh every time: nothing to revalidate
    future = "Fri, 01 Jan 2100 00:00:00 GMT"
    again = client.get(url, headers={"If-Modified-Since": future})
    assert again.status_code == 200


def test_a_logged_in_admin_never_gets_a_cached_page(app, client, make, site):
    make.admin(password="correct horse battery")
    client.get("/")  # cached for anonymous readers
    login = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    response = client.post("/admin/login", data={"username": "admin",
                                                  "password": "correct horse battery",
                                                  "csrf_token": token})
    assert response.status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    assert "ETag" not in page.headers  # rendered for them, not taken from the shared cache


def test_pages_still_render_when_redis_is_unreachable(database_url, make):
    from blog import create_app

    make.post(title="Still readable", slug="still-readable")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test", "REDIS_URL": "redis://127.0.0.1:9/0",
                      "CACHE_REDIS_URL": "redis://127.0.0.1:9/0", "CACHE_TYPE": "RedisCache"})
    client = app.test_client()
    for url in ("/", "/still-readable/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Still readable" in response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()

