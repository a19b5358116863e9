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
