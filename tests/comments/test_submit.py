"""Every outcome of POST /<slug>/comments, as SPEC's "The comment form" lists them."""

from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment
from tests.comments.conftest import Reader, comment_id_from
from tests.conftest import csrf_token_from


def stored(app) -> list[Comment]:
    with app.app_context():
        return list(db.session.scalars(select(Comment).order_by(Comment.id)))


def test_returning_commenter_is_published_with_303_to_the_comment(app, reader, make):
    post = make.post(slug="earlier")
    make.comment(post, author_email="ada@example.com")  # approved before: not a first-timer

    response = reader.post(body="Second thoughts on this.")

    assert response.status_code == 303
    comment_id = comment_id_from(response.headers["Location"])
    assert response.headers["Location"] == f"/target/#comment-{comment_id}"
    page = reader.client.get("/target/").get_data(as_text=True)
    assert f'id="comment-{comment_id}"' in page
    assert "Second thoughts on this." in page
    assert "1 Comment" in page
    assert "awaiting moderation" not in page


def test_first_time_commenter_is_held_and_only_they_see_it(app, reader, make):
    response = reader.post(body="My very first comment.")

    assert response.status_code == 303
    comment_id = comment_id_from(response.headers["Location"])
    mine = reader.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your comment is awaiting moderation." in mine
    assert f'id="comment-{comment_id}"' in mine
    assert "My very first comment." in mine
    assert "0 Comments" in mine  # the public count is approved-only

    stranger = app.test_client().get("/target/").get_data(as_text=True)
    assert "My very first comment." not in stranger
    assert "awaiting moderation" not in stranger
    assert f'id="comment-{comment_id}"' not in stranger
    [comment] = stored(app)
    assert comment.status == "pending"


def test_invalid_form_is_422_with_errors_beside_fields_and_input_kept(reader, app):
    response = reader.post(name="", email="not-an-email", website="javascript:alert(1)",
                           body="Keep <b>every</b> word I typed")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field_id in ("comment-name", "comment-email", "comment-website"):
        assert f'aria-describedby="{field_id}-error"' in html or \
            f'{field_id}-hint {field_id}-error"' in html, field_id
        assert f'id="{field_id}-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'action="/target/comments#respond"' in html  # the answer opens at the form
    assert "Enter your name." in html
    assert "Enter a valid email address" in html
    assert "http:// or https://" in html
    # What was typed comes back, escaped, in the form.
    assert "Keep &lt;b&gt;every&lt;/b&gt; word I typed</textarea>" in html
    assert 'value="not-an-email"' in html
    assert 'value="javascript:alert(1)"' in html
    assert stored(app) == []


def test_missing_fields_are_each_reported(reader):
    response = reader.post(name=None, email=None, body=None)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter your name." in html
    assert "Enter your email address." in html
    assert "Write a comment." in html


def test_body_limit_counts_characters_after_trimming(reader, app):
    assert reader.post(body="x" * 10_001).status_code == 422
    assert reader.post(body="  \n" + "é" * 10_000 + "\n  ").status_code == 303
    [comment] = stored(app)
    assert comment.body_source == "é" * 10_000


def test_field_length_limits(reader):
    assert reader.post(name="n" * 246).status_code == 422
    assert reader.post(email="a" * 95 + "@b.com").status_code == 422
    assert reader.post(website="https://example.com/" + "p" * 190).status_code == 422


def test_website_accepts_http_and_https_only(reader, app):
    assert reader.post(website="ftp://example.com", body="one").status_code == 422
    assert reader.post(website="data:text/html,hi", body="two").status_code == 422
    assert reader.post(website="example.org", body="three").status_code == 303
    assert reader.post(website="http://example.net/me", body="four").status_code == 303
    assert [c.author_url for c in stored(app)] == ["https://example.org", "http://example.net/me"]


def test_control_characters_are_dropped_not_a_500(reader, app):
    response = reader.post(name="Nul\x00l", body="Bad\x00 bytes\x07 here")
    assert response.status_code == 303
    [comment] = stored(app)
    assert comment.author_name == "Null"
    assert comment.body_source == "Bad bytes here"


def test_missing_csrf_token_is_400_with_the_text_kept(reader, app):
    reader.load()
    response = reader.client.post("/target/comments", data={
        "name": "Ada", "email": "ada@example.com", "body": "No token, still mine"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your form expired or was sent from another page" in html
    assert "No token, still mine</textarea>" in html
    assert "<footer" in html  # the site's own page, not a bare error
    assert stored(app) == []
    # The page carries a fresh token: sending the kept form again works.
    again = reader.client.post("/target/comments", data={
        "csrf_token": csrf_token_from(html), "name": "Ada", "email": "ada@example.com",
        "body": "No token, still mine"})
    assert again.status_code == 303


def test_csrf_failure_elsewhere_is_the_plain_400_page(client, make):
    make.post(slug="quiet", allow_comments=False)
    response = client.post("/quiet/comments", data={"body": "x"})
    assert response.status_code == 400
    assert "Your form expired or was sent from another page" in response.get_data(as_text=True)


def test_forged_csrf_token_is_400(reader, app):
    response = reader.post(csrf_token="forged-token-value")
    assert response.status_code == 400
    assert stored(app) == []


def test_body_over_64_kib_is_413(reader, app):
    html = reader.load().get_data(as_text=True)
    data = {**reader.form_fields(html), "name": "Ada", "email": "ada@example.com",
            "body": "x" * (64 * 1024 + 1)}
    response = reader.client.post("/target/comments", data=data)
    assert response.status_code == 413
    assert "at most 64 KiB" in response.get_data(as_text=True)
    assert stored(app) == []


def test_non_ascii_comment_of_full_length_fits_in_the_form(reader, app):
    # The form is sent as multipart, so 10,000 four-byte characters stay under 64 KiB.
    body = "🙂" * 10_000
    html = reader.load().get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    data = {**reader.form_fields(html), "name": "Ada", "email": "ada@example.com",
            "body": body}
    response = reader.client.post("/target/comments", data=data,
                                  content_type="multipart/form-data")
    assert response.status_code == 303
    assert stored(app)[0].body_source == body


def test_comments_closed_is_403(client, make, app):
    make.post(slug="quiet", allow_comments=False)
    make.post(slug="target")
    page = client.get("/quiet/").get_data(as_text=True)
    assert "Comments are closed." in page
    assert 'action="/quiet/comments' not in page
    assert "?replytocom=" not in page
    token = Reader(client, "target").form_fields(client.get("/target/").get_data(as_text=True))

    response = client.post("/quiet/comments", data={
        **token, "name": "Ada", "email": "ada@example.com", "body": "Hello"})
    assert response.status_code == 403
    assert "Comments are closed." in response.get_data(as_text=True)
    assert stored(app) == []


def test_pages_take_no_comments(client, make, app):
    make.post(slug="about", type="page")
    make.post(slug="target")
    token = Reader(client, "target").form_fields(client.get("/target/").get_data(as_text=True))
    response = client.post("/about/comments", data={
        **token, "name": "Ada", "email": "ada@example.com", "body": "Hello"})
    assert response.status_code == 403


def test_unknown_or_unpublished_slug_is_404(client, make, app):
    make.post(slug="target")
    make.post(slug="draft-one", status="draft")
    token = Reader(client, "target").form_fields(client.get("/target/").get_data(as_text=True))
    for path in ("/no-such-post/comments", "/draft-one/comments"):
        response = client.post(path, data={
            **token, "name": "Ada", "email": "ada@example.com", "body": "Hello"})
        assert response.status_code == 404, path
    assert stored(app) == []


def test_same_comment_twice_is_409(reader, app):
    assert reader.post(body="Exactly this.").status_code == 303
    again = reader.post(body="Exactly this.", email="ADA@example.com")
    assert again.status_code == 409
    html = again.get_data(as_text=True)
    assert "You've already said that" in html or "You&#39;ve already said that" in html
    assert "Exactly this.</textarea>" in html
    assert len(stored(app)) == 1
    # The same words from someone else, or on another post, are fine.
    assert reader.post(body="Exactly this.", email="bob@example.com").status_code == 303


def test_get_of_the_comment_address_goes_to_the_articles_form(reader):
    """The address bar after a comment error shows the form's address: reloaded or shared,
    it must lead to the article's form, not to a 405."""
    response = reader.client.get("/target/comments")
    assert response.status_code == 301
    assert response.headers["Location"] == "/target/#respond"
    assert reader.client.get("/no-such-post/comments").status_code == 404


def test_email_is_never_in_any_public_html(app, reader, make):
    make.comment(make.post(slug="older"), author_email="secret.person@example.com",
                 author_name="Secret Person")
    assert reader.post(email="secret.person@example.com", body="Hidden email").status_code == 303
    stranger = app.test_client()
    for url in ("/target/", "/older/", "/", "/target/?replytocom=1"):
        html = stranger.get(url).get_data(as_text=True)
        assert "secret.person@example.com" not in html, url
    assert "Secret Person" in stranger.get("/older/").get_data(as_text=True)


def test_only_a_published_comment_makes_cached_pages_change(app, reader, make):
    """A held comment (say, a flood of spam) must not touch any worker's page cache; a published
    one moves its post's version, not the whole site's generation."""
    from blog.pagecache.generation import store

    def state() -> tuple[str, int]:
        with app.app_context():
            return store().state()

    before = state()
    assert reader.post(body="Held for the admin.").status_code == 303
    assert state() == before
    make.comment(make.post(slug="elsewhere"), author_email="ada@example.com")
    token, counter = state()
    assert reader.post(body="Now published at once.").status_code == 303
    assert state() == (token, counter + 1)


def test_a_website_that_urlsplit_cannot_read_is_422_not_500(reader):
    response = reader.post(website=".[")
    assert response.status_code == 422
    assert "Enter a web address" in response.get_data(as_text=True)


def test_only_the_page_that_answers_a_comment_error_rewrites_the_address(reader, make):
    assert "js/comment-address." in reader.post(body="").get_data(as_text=True)
    assert "js/comment-address." not in reader.load().get_data(as_text=True)
    assert "js/comment-address." not in reader.load("/target/?replytocom=1").get_data(
        as_text=True)
