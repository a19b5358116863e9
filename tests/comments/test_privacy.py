"""Emails and IPs stay private; the remember-me cookie; avatars drawn without other hosts."""

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment, utcnow
from tests.comments.conftest import comment_id_from


def _comment(app, response) -> Comment:
    with app.app_context():
        return db.session.get(Comment, comment_id_from(response.headers["Location"]))


def test_ip_is_stored_only_as_an_hmac_with_the_secret_key(app, reader):
    comment = _comment(app, reader.post())
    expected = hmac.new(app.config["SECRET_KEY"].encode(), b"127.0.0.1",
                        hashlib.sha256).hexdigest()
    assert comment.ip_hash == expected
    with app.app_context():
        row = db.session.execute(select(Comment.__table__)).mappings().one()
    assert not any("127.0.0.1" in str(value) for value in row.values())


def test_purge_ips_forgets_hashes_older_than_30_days(app, make, runner):
    post = make.post()
    old = make.comment(post, ip_hash="a" * 64, created_at=utcnow() - timedelta(days=31))
    recent = make.comment(post, ip_hash="b" * 64, created_at=utcnow() - timedelta(days=29))

    result = runner.invoke(args=["purge-ips"])

    assert result.exit_code == 0, result.output
    assert "1 comments older than 30 days" in result.output
    with app.app_context():
        assert db.session.get(Comment, old.id).ip_hash is None
        assert db.session.get(Comment, recent.id).ip_hash == "b" * 64
        assert db.session.get(Comment, old.id).body_source  # the comment itself stays


def test_remember_me_keeps_details_in_a_year_long_httponly_lax_cookie(app, reader):
    response = reader.post(name="Ada Lovelace", email="ada@example.com",
                           website="https://ada.example.com", remember="y")
    assert response.status_code == 303
    cookie = next(c for c in response.headers.getlist("Set-Cookie")
                  if c.startswith("comment_author="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie
    assert "ada@example.com" not in cookie  # signed and encoded, not readable plain text

    html = reader.client.get("/target/").get_data(as_text=True)
    assert 'value="Ada Lovelace"' in html
    assert 'value="ada@example.com"' in html
    assert 'value="https://ada.example.com"' in html
    assert 'id="comment-remember" name="remember" type="checkbox" value="y"' in html
    assert "checked" in html.split('id="comment-remember"')[0].rsplit("<input", 1)[1]

    # A stranger's page never carries someone else's remembered details.
    stranger = app.test_client().get("/target/").get_data(as_text=True)
    assert "Ada Lovelace" not in stranger and "ada@example.com" not in stranger


def test_unticking_remember_me_clears_the_cookie(app, reader):
    reader.post(body="first", remember="y")
    assert reader.client.get_cookie("comment_author") is not None

    response = reader.post(body="second")  # box left unticked
    cleared = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith("comment_author=")]
    assert cleared and ("Max-Age=0" in cleared[0] or "1970" in cleared[0])
    assert reader.client.get_cookie("comment_author") is None
    html = reader.client.get("/target/").get_data(as_text=True)
    assert 'value="Ada Reader"' not in html


def test_a_tampered_remember_cookie_is_ignored(app, reader):
    reader.client.set_cookie("comment_author", "eyJuYW1lIjoiRXZlIn0.forged")
    html = reader.client.get("/target/").get_data(as_text=True)
    assert "Eve" not in html
    assert reader.post(body="still works").status_code == 303


def test_avatar_is_drawn_from_initials_with_no_other_host(app, client, make):
    post = make.post(slug="people")
    make.comment(post, author_name="Grace Brewster Hopper", author_email="g@example.com")
    html = client.get("/people/").get_data(as_text=True)
    assert ">GH</span>" in html
    assert "gravatar" not in html.lower()
    assert "<img" not in html.split('id="comments"')[1]


def test_commenter_website_link_is_escaped_and_nofollow(app, client, make):
    post = make.post(slug="links")
    make.comment(post, author_name='<script>alert("n")</script>',
                 author_url='https://ok.example.com/"onmouseover="x')
    html = client.get("/links/").get_data(as_text=True)
    assert '<script>alert("n")' not in html
    assert "&lt;script&gt;" in html
    # The quotes are percent-encoded: a valid URL, not an escaped attribute break-out.
    assert 'href="https://ok.example.com/%22onmouseover=%22x" rel="nofollow ugc noopener"' \
        in html


def test_a_stored_website_that_is_not_http_is_never_a_link(app, client, make):
    post = make.post(slug="imported")
    for url in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x"):
        make.comment(post, author_name="Imported", author_url=url)
    html = client.get("/imported/").get_data(as_text=True)
    assert "javascript:" not in html.lower()
    assert "data:text/html" not in html
    assert html.count("Imported") >= 3  # each name still shown, as plain text
