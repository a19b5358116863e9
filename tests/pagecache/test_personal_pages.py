"""A page whose rendering touched the reader's session is never shared: Flask adds the session
cookie only after the page cache has stored the page, so a check for Set-Cookie saw nothing."""

from flask import session
from flask_wtf.csrf import generate_csrf

from blog.pagecache import cached_page


def test_a_cached_view_that_sets_the_session_is_not_shared(app):
    @app.get("/_token-page/")
    @cached_page
    def token_page():
        return f"<form><input name=csrf_token value={generate_csrf()}></form>"

    rendered = []

    @app.get("/_greeting/")
    @cached_page
    def greeting():
        rendered.append(1)
        session["greeted"] = True
        return "hello"

    first, second = app.test_client(), app.test_client()
    one, two = first.get("/_token-page/"), second.get("/_token-page/")
    assert one.headers["Set-Cookie"] != two.headers["Set-Cookie"]
    assert one.data != two.data  # each reader's own token, never the first reader's
    for _ in range(3):
        cookie = app.test_client().get("/_greeting/").headers.get("Set-Cookie", "")
        assert cookie.startswith("session=")
    assert len(rendered) == 3


def test_a_page_that_leaves_the_session_alone_is_shared(app):
    """(Every reading page carries the sign-up form's token, so a view of our own stands in.)"""
    rendered = []

    @app.get("/_plain-page/")
    @cached_page
    def plain_page():
        rendered.append(1)
        return "the same for everyone"

    first = app.test_client().get("/_plain-page/")
    second = app.test_client().get("/_plain-page/")
    assert "Set-Cookie" not in second.headers and first.data == second.data
    assert len(rendered) == 1


def test_a_reader_who_read_an_article_keeps_a_plain_session_on_other_pages(app, make):
    """Flask-Login's session protection wrote `_fresh` into every reader's session, so their
    pages were no longer shared, nor served in front of Flask."""
    make.post(title="Shared", slug="shared")
    reader = app.test_client()
    reader.get("/shared/")
    for path in ("/", "/shared/", "/search/?q=shared"):
        reader.get(path)
        with reader.session_transaction() as session:
            assert set(session.keys()) == {"csrf_token"}, path
