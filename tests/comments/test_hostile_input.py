"""What an attacker types into the comment form, and threads deeper than anyone writes: a clear
422 with the text kept, or the page as usual; never a 500 or a stalled worker."""

import re

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment
from tests.comments.conftest import comment_id_from


@pytest.mark.parametrize("body, problem", [
    ("<blockquote>" * 800 + "deep" + "</blockquote>" * 800, "nests HTML tags more deeply"),
    ("<b>" * 3300, "more than 200 HTML tags"),
    ("<ul>" + "<li>x" * 1500 + "</ul>", "more than 200 HTML tags"),
    ("<ol>" + "<li>x</li>" * 150 + "</ol>", "more than 100 list items"),
])
def test_comment_past_the_markup_caps_is_422_with_its_text_kept(app, reader, body, problem):
    response = reader.post(body=body)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert problem in html
    assert body[:200].replace("<", "&lt;").replace(">", "&gt;") in html  # kept in the form
    with app.app_context():
        assert db.session.scalar(select(Comment.id)) is None


@pytest.mark.parametrize("website, problem", [
    ("https://example.com/[a]b]", None),
    ("http://[bad", "Enter a web address like https://example.com."),
    ("https://[::1", "Enter a web address like https://example.com."),
    ("[…]", "Enter a web address like https://example.com."),
    ("javascript:alert(1)", "starting with http:// or https://"),
    ("https://paypal.example@evil.example", "user name or password"),
    ("https://exa mple.com", "no spaces"),
])
def test_a_website_is_a_valid_url_or_a_422(app, reader, make, website, problem):
    make.comment(make.post(slug="earlier"), author_email="ada@example.com")
    response = reader.post(website=website, body=f"About {website}")
    if problem:
        assert response.status_code == 422
        assert problem in response.get_data(as_text=True)
        return
    assert response.status_code == 303
    page = reader.client.get("/target/").get_data(as_text=True)
    assert 'href="https://example.com/%5Ba%5Db%5D"' in page


@pytest.mark.parametrize("website, stored", [
    ('https://example.com/"><script>alert(1)</script>',
     "https://example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"),
    ("https://example.com/a`b", "https://example.com/a%60b"),
    ("Bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"),
    ("example.com", "https://example.com"),
])
def test_a_website_is_stored_percent_encoded(app, reader, make, website, stored):
    make.comment(make.post(slug="earlier"), author_email="ada@example.com")
    response = reader.post(website=website, body=f"About {website}")
    assert response.status_code == 303
    with app.app_context():
        comment = db.session.get(Comment, comment_id_from(response.headers["Location"]))
        assert comment.author_url == stored
    assert f'href="{stored}"' in reader.client.get("/target/").get_data(as_text=True)


def test_a_stored_website_that_is_no_url_is_shown_without_a_link(app, client, make):
    """Rows stored before addresses were checked (or imported) print no invalid href."""
    post = make.post(slug="old")
    make.comment(post, author_name="Old Timer", author_url='https://e.example/"`<x>')
    make.comment(post, author_name="Broken", author_url="http://[broken")
    page = client.get("/old/").get_data(as_text=True)
    assert 'href="https://e.example/%22%60%3Cx%3E"' in page
    assert re.search(r"<p class=\"comment__author\">\s*Broken", page)


def test_a_thread_300_replies_deep_renders_flat_past_depth_five(app, client, make):
    """Possible through a WordPress import or replies from before the depth limit."""
    post = make.post(slug="deep")
    parent = make.comment(post, body="reply 0")
    for n in range(1, 300):
        parent = make.comment(post, body=f"reply {n}", parent_id=parent.id)
    response = client.get("/deep/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="comment"') == 300
    assert "reply 299" in html
    depth = deepest = 0
    for tag in re.findall(r"<ol class=\"comment-list[^\"]*\">|</ol>", html):
        depth += -1 if tag == "</ol>" else 1
        deepest = max(deepest, depth)
    assert deepest == 5
