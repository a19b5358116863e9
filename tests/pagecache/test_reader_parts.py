"""The cached article never carries one visitor's token, details, held comment or reply target
to another; each visitor's own part is rendered fresh around the cached page."""

import re

from tests.conftest import csrf_token_from
from tests.sql_counting import count_statements

STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


def _form(html: str) -> dict[str, str]:
    return {"csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1)}


def _post_comment(client, post, **fields):
    html = client.get(f"/{post.path}/").get_data(as_text=True)
    data = {**_form(html), "name": "Ada Reader", "email": "ada@example.com",
            "body": "A thoughtful comment.", **fields}
    return client.post(f"/{post.path}/comments", data=data)


def test_each_visitor_gets_their_own_working_csrf_token_from_the_cached_page(app, make, visitor):
    post = make.post(slug="cached")
    make.comment(post, author_email="ada@example.com")  # a known commenter: approved at once
    first, second = visitor(), visitor()
    first_html = first.get("/cached/").get_data(as_text=True)  # fills the cache
    second_html = second.get("/cached/").get_data(as_text=True)  # served from it

    assert csrf_token_from(first_html) != csrf_token_from(second_html)
    data = {**_form(second_html), "name": "Second", "email": "ada@example.com",
            "body": "Posted with the token from the cached page."}
    response = second.post("/cached/comments", data=data)
    assert response.status_code == 303
    # Approved, so the form's signed timestamp from the cached page was accepted as well.
    assert "Posted with the token from the cached page." in second.get("/cached/").get_data(
        as_text=True)
    # And the first visitor's token is useless to the second.
    data = {**data, "csrf_token": csrf_token_from(first_html), "body": "Another one."}
    assert second.post("/cached/comments", data=data).status_code == 400


def test_remembered_details_are_shown_only_to_their_owner(make, visitor):
    post = make.post(slug="remember-me")
    ada, stranger = visitor(), visitor()
    response = _post_comment(ada, post, name="Ada Remembered", email="ada.private@example.com",
                             website="https://ada.example", remember="y")
    assert response.status_code == 303

    for _ in range(2):  # the second round is served from the cache
        ada_html = ada.get("/remember-me/").get_data(as_text=True)
        stranger_html = stranger.get("/remember-me/").get_data(as_text=True)
        assert 'value="Ada Remembered"' in ada_html
        assert "ada.private@example.com" in ada_html
        assert "Ada Remembered" not in stranger_html
        assert "ada.private@example.com" not in stranger_html
        assert "https://ada.example" not in stranger_html


def test_held_comment_notice_is_shown_only_to_its_sender(make, visitor):
    post = make.post(slug="held")
    sender, other = visitor(), visitor()
    other.get("/held/")  # the page is cached before the comment arrives
    response = _post_comment(sender, post, name="First Timer", email="new@example.com",
                             body="My very first comment here.")
    assert response.status_code == 303

    sender_html = sender.get("/held/").get_data(as_text=True)
    other_html = other.get("/held/").get_data(as_text=True)
    assert "Your comment is awaiting moderation." in sender_html
    assert "My very first comment here." in sender_html
    assert "awaiting moderation" not in other_html
    assert "My very first comment here." not in other_html


def test_reply_target_comes_from_each_visitors_own_url(make, visitor):
    post = make.post(slug="replies")
    parent = make.comment(post, author_name="Grace Hopper")
    replier, reader = visitor(), visitor()

    reply_html = replier.get(f"/replies/?replytocom={parent.id}").get_data(as_text=True)
    plain_html = reader.get("/replies/").get_data(as_text=True)
    again_html = replier.get(f"/replies/?replytocom={parent.id}").get_data(as_text=True)

    assert "Replying to" in reply_html and "Replying to" in again_html
    assert f'value="{parent.id}"' in again_html
    assert "Replying to" not in plain_html


def test_a_warm_article_runs_no_sql_for_a_new_visitor(app, make, visitor):
    post = make.post(slug="warm")
    for _ in range(5):
        make.comment(post)
    visitor().get("/warm/")
    with count_statements(app) as statements:
        response = visitor().get("/warm/")
    assert response.status_code == 200
    assert "Submit a Comment" in response.get_data(as_text=True)
    assert len(statements) <= 4, statements


def test_error_rerender_keeps_the_visitors_input(make, visitor):
    post = make.post(slug="errors")
    reader = visitor()
    reader.get("/errors/")  # warm
    response = _post_comment(reader, post, name="", body="Kept text")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kept text" in html
    assert "Submit a Comment" in html


TWO_FORMS = """<!doctype html><title>Two forms</title>
{% for n in (1, 2) %}{% call reader_part("test-box", n) %}BOX{% endcall %}{% endfor %}"""
BOX = '<form method="post"><input name="csrf_token" type="hidden" value="{}"> box {}</form>'


def _app_with_two_parts(database_url, tmp_path):
    """An app with one more cacheable view whose page holds two holes of a test part, each a
    form with the reader's CSRF token (as a sign-up form on every page would be)."""
    from flask import Blueprint, render_template_string
    from flask_wtf.csrf import generate_csrf

    from blog import create_app
    from blog.pagecache import ReaderPart, cached_page, register_part

    def plain(n):
        token = generate_csrf()
        return BOX.format(token, n), {"csrf": token}

    extra = Blueprint("two_forms", __name__)
    extra.record_once(lambda state: register_part(state.app, ReaderPart(
        name="test-box", snapshot=lambda n: n, render=lambda n: plain(n)[0],
        is_plain=lambda: True, render_plain=plain)))

    @extra.get("/two-forms/")
    @cached_page
    def two_forms():
        return render_template_string(TWO_FORMS)

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "two-parts", "UPLOAD_FOLDER": str(tmp_path / "up")})
    app.register_blueprint(extra)
    return app


def test_every_part_of_a_page_gets_the_same_token_of_its_own_reader(database_url, tmp_path):
    from tests.pagecache.test_layer import flask_requests

    app = _app_with_two_parts(database_url, tmp_path)
    app.test_client().get("/two-forms/")  # rendered for the cache
    app.test_client().get("/two-forms/")  # the plain parts cut out
    pages = {}
    with flask_requests(app) as handled:
        for name in ("first", "second"):
            reader = app.test_client()
            html = reader.get("/two-forms/").get_data(as_text=True)
            tokens = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
            assert len(tokens) == 2 and tokens[0] == tokens[1], html
            assert "box 1" in html and "box 2" in html
            pages[name] = (reader, tokens[0])
    assert handled == []  # both answered by the layer in front of Flask
    assert pages["first"][1] != pages["second"][1]
    from flask_wtf.csrf import validate_csrf

    for reader, token in pages.values():  # each token is its own reader's session's
        cookie = reader.get_cookie(app.config["SESSION_COOKIE_NAME"])
        with app.test_request_context(headers={"Cookie": f"session={cookie.value}"}):
            validate_csrf(token)
