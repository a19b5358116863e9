"""Request size limits: a stranger cannot make the server read megabytes, the admin can upload
large images, and an oversized request gets the site's 413 page."""

import io

import pytest
from flask import request

from tests.conftest import csrf_token_from

MB = 1024 * 1024


@pytest.fixture
def article(make):
    return make.post(title="Open", slug="open", allow_comments=True)


def _assert_413_page(response):
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Error 413" in html and 'class="site-header"' in html


def test_an_oversized_comment_is_a_413_page_naming_the_limit(client, article):
    token = csrf_token_from(client.get("/open/").get_data(as_text=True))
    response = client.post("/open/comments", data={"csrf_token": token, "name": "Big",
                                                   "email": "big@example.com",
                                                   "body": "x" * (2 * MB)})
    _assert_413_page(response)
    assert "64 KiB" in response.get_data(as_text=True)


def test_any_public_url_that_reads_a_body_caps_it_at_one_megabyte(app):
    @app.post("/_feedback")
    def feedback():
        return str(len(request.form.get("text", "")))

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/_feedback", data={"text": "x" * 1000}).data == b"1000"
    response = client.post("/_feedback",
                           data={"file": (io.BytesIO(b"x" * (2 * MB)), "a.bin")})
    _assert_413_page(response)
    assert "larger than this site accepts (1 MB)" in response.get_data(as_text=True)


def _log_in(client, make):
    make.admin(username="admin", password="correct horse battery")
    page = client.get("/admin/login").get_data(as_text=True)
    assert client.post("/admin/login", data={
        "username": "admin", "password": "correct horse battery",
        "csrf_token": csrf_token_from(page)}).status_code == 303


def test_admin_urls_accept_an_upload_sized_body_from_the_admin(client, make):
    # A 2 MB image is fine under /admin/ once logged in: the request is read and refused
    # only for its missing CSRF token, not for its size.
    _log_in(client, make)
    response = client.post("/admin/uploads/",
                           data={"file": (io.BytesIO(b"\x89PNG" + b"x" * (2 * MB)), "a.png")})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)


def test_anonymous_requests_to_admin_urls_get_the_public_limit(client):
    response = client.post("/admin/uploads/",
                           data={"file": (io.BytesIO(b"\x89PNG" + b"x" * (2 * MB)), "a.png")})
    _assert_413_page(response)
    assert "larger than this site accepts (1 MB)" in response.get_data(as_text=True)


def test_admin_uploads_have_a_ceiling_too(app, client, make):
    _log_in(client, make)
    too_big = app.config["MAX_CONTENT_LENGTH"] + MB
    response = client.post("/admin/uploads/",
                           data={"file": (io.BytesIO(b"x" * too_big), "huge.png")})
    _assert_413_page(response)
    assert "larger than this site accepts (12 MB)" in response.get_data(as_text=True)


def test_a_huge_single_form_field_is_refused_not_a_500(client, make):
    make.admin(username="admin", password="correct horse battery")
    response = client.post("/admin/login", data={"username": "admin",
                                                 "password": "p" * (2 * MB)})
    assert response.status_code in (400, 413)
