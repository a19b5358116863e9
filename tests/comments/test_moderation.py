"""Each moderation rule, with the reason the admin will see recorded on the comment."""

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Comment
from blog.site_settings import save_site_settings
from tests.comments.conftest import aged_stamp, comment_id_from


def _comment(app, response) -> Comment:
    assert response.status_code == 303, response.status_code
    with app.app_context():
        return db.session.get(Comment, comment_id_from(response.headers["Location"]))


def _returning(make, email="ada@example.com"):
    make.comment(make.post(slug=f"earlier-{email.split('@')[0]}"), author_email=email)


def _settings(app, **values):
    with app.test_request_context():
        save_site_settings(values)


def test_first_time_commenter_is_held_with_reason(app, reader):
    comment = _comment(app, reader.post())
    assert comment.status == "pending"
    assert comment.moderation_reason == "Held: first comment from this email address."


def test_returning_commenter_is_approved_with_reason(app, reader, make):
    _returning(make)
    comment = _comment(app, reader.post(email="ADA@Example.com"))  # any capitalisation
    assert comment.status == "approved"
    assert "has an approved comment" in comment.moderation_reason
    assert comment.author_email == "ada@example.com"


def test_holding_first_timers_can_be_switched_off_in_site_settings(app, reader):
    _settings(app, COMMENTS_HOLD_FIRST_TIME=False)
    comment = _comment(app, reader.post())
    assert comment.status == "approved"
    assert comment.moderation_reason == "Approved: passed every rule."


def test_two_links_hold_the_comment(app, reader, make):
    _returning(make)
    one = _comment(app, reader.post(body="One link: https://a.example.com"))
    two = _comment(app, reader.post(body='Two: <a href="https://a.example.com">a</a> https://b.example.com'))
    assert one.status == "approved"
    assert two.status == "pending"
    assert two.moderation_reason == "Held: it has 2 links (held at 2 or more)."


def test_link_limit_comes_from_site_settings(app, reader, make):
    _returning(make)
    _settings(app, COMMENTS_MAX_LINKS=1)
    comment = _comment(app, reader.post(body="One link: https://a.example.com"))
    assert comment.status == "pending"
    assert "1 links (held at 1 or more)" in comment.moderation_reason


@pytest.mark.parametrize("entry, fields", [
    ("casino", {"body": "Visit my CASINO today"}),
    ("spammer@example.net", {"email": "spammer@example.net"}),
    ("Cheap Pills", {"name": "cheap pills shop"}),
    ("bad.example", {"website": "https://bad.example/offer"}),
    ("127.0.0.1", {}),  # the test client's address
])
def test_disallowed_list_sends_to_spam_with_the_matching_entry(app, reader, make, entry, fields):
    _returning(make, fields.get("email", "ada@example.com"))
    _settings(app, COMMENTS_DISALLOWED=f"unrelated\n\n  {entry}  \n")
    comment = _comment(app, reader.post(**fields))
    assert comment.status == "spam"
    assert comment.moderation_reason == f"Spam: matched the disallowed list entry “{entry}”."


def test_banned_ip_hash_sends_to_spam(app, reader, make):
    _returning(make)
    first = _comment(app, reader.post(body="before the ban"))
    _settings(app, COMMENTS_DISALLOWED=first.ip_hash)  # what the admin's "ban" appends
    comment = _comment(app, reader.post(body="after the ban"))
    assert comment.status == "spam"
    assert first.ip_hash in comment.moderation_reason


def test_filled_honeypot_is_spam_but_looks_held_to_the_sender(app, reader, make):
    _returning(make)
    response = reader.post(homepage="http://bot.example")
    comment = _comment(app, response)
    assert comment.status == "spam"
    assert comment.moderation_reason == "Spam: the hidden honeypot field was filled in."
    page = reader.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your comment is awaiting moderation." in page


def test_form_sent_too_fast_is_spam(app, reader, make):
    _returning(make)
    app.config["COMMENTS_MIN_SECONDS"] = 3
    comment = _comment(app, reader.post())  # sent the moment the form loaded
    assert comment.status == "spam"
    assert "after the form loaded (minimum 3 s)" in comment.moderation_reason


def test_form_filled_at_human_speed_passes(app, reader, make):
    _returning(make)
    app.config["COMMENTS_MIN_SECONDS"] = 3
    post_id = _post_id(app)
    comment = _comment(app, reader.post(stamp=aged_stamp(app, post_id, 20)))
    assert comment.status == "approved"


def test_form_older_than_a_day_is_spam(app, reader, make):
    _returning(make)
    stamp = aged_stamp(app, _post_id(app), 25 * 3600)
    comment = _comment(app, reader.post(stamp=stamp))
    assert comment.status == "spam"
    assert comment.moderation_reason == "Spam: the form was more than 24 hours old."


@pytest.mark.parametrize("stamp", ["", "forged.stamp.value", None])
def test_missing_or_forged_timestamp_is_spam(app, reader, make, stamp):
    _returning(make)
    comment = _comment(app, reader.post(stamp=stamp) if stamp is not None else
                       reader.post(stamp=None))
    assert comment.status == "spam"
    assert "missing or forged" in comment.moderation_reason


def test_timestamp_from_another_post_is_spam(app, reader, make):
    _returning(make)
    other = make.post(slug="another")
    comment = _comment(app, reader.post(stamp=aged_stamp(app, other.id, 60)))
    assert comment.status == "spam"
    assert "another post" in comment.moderation_reason


def test_spam_and_held_comments_are_not_counted(app, reader, make, client):
    _returning(make)
    reader.post(body="approved one")
    reader.post(body="spam one", homepage="x")
    reader.post(body="held one https://a.example.com https://b.example.com")
    html = app.test_client().get("/target/").get_data(as_text=True)
    assert "1 Comment<" in html and "approved one" in html
    assert "spam one" not in html and "held one" not in html
    front = app.test_client().get("/").get_data(as_text=True)
    assert "1 comment<" in front


def _post_id(app) -> int:
    from blog.models import Post

    with app.app_context():
        return db.session.scalar(select(Post.id).where(Post.path == "target"))
