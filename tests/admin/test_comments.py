"""Comment moderation: tabs and counts, every row action, bulk actions, edit, reply, ban."""

import pytest

from blog.extensions import db
from blog.models import Comment
from blog.site_settings import site_setting
from tests.conftest import csrf_token_from


@pytest.fixture
def post(make):
    return make.post(title="Discussed", slug="discussed")


def _status(app, comment_id):
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        return comment.status if comment else None


def _moderate(client, tab="pending", **data):
    html = client.get(f"/admin/comments/?tab={tab}").get_data(as_text=True)
    return client.post("/admin/comments/moderate",
                       data={"csrf_token": csrf_token_from(html), "tab": tab, **data})


def test_tabs_show_counts_and_the_comment_details(client, login, make, post):
    make.comment(post, status="pending", author_name="Pat", author_email="pat@example.com",
                 author_url="https://pat.example", body="Is this held?",
                 moderation_reason="first comment from this email")
    make.comment(post, status="approved")
    make.comment(post, status="spam")
    html = client.get("/admin/comments/").get_data(as_text=True)
    tabs = [f'{tab} <span class="count">{n}</span>'
            for tab, n in (("Pending", 1), ("Approved", 1), ("Spam", 1), ("Trash", 0))]
    for text in (*tabs, "Pat", "pat@example.com", "https://pat.example", "Is this held?",
                 "first comment from this email", "Discussed"):
        assert text in html


def test_approving_updates_the_public_count_at_once(app, client, login, make, post):
    comment = make.comment(post, status="pending", body="Worth reading")
    assert "0 Comments" in client.get("/discussed/").get_data(as_text=True)
    response = _moderate(client, single=f"approve:{comment.id}")
    assert response.status_code == 303
    html = client.get("/discussed/").get_data(as_text=True)
    assert "1 Comment" in html and "Worth reading" in html


@pytest.mark.parametrize(("start", "action", "end"), [
    ("pending", "approve", "approved"), ("approved", "unapprove", "pending"),
    ("pending", "spam", "spam"), ("approved", "trash", "trash"),
    ("trash", "restore", "pending"), ("spam", "not_spam", "approved"),
    ("trash", "delete", None), ("spam", "delete", None),
])
def test_every_row_action(app, client, login, make, post, start, action, end):
    comment = make.comment(post, status=start, moderation_reason="held for a reason")
    response = _moderate(client, tab=start, single=f"{action}:{comment.id}")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/admin/comments/?tab={start}")
    assert _status(app, comment.id) == end


def test_bulk_action_applies_to_the_ticked_rows_only(app, client, login, make, post):
    a, b, c = (make.comment(post, status="pending") for _ in range(3))
    _moderate(client, action="approve", ids=[str(a.id), str(c.id)])
    assert [_status(app, x.id) for x in (a, b, c)] == ["approved", "pending", "approved"]


def test_bulk_without_ticks_or_action_changes_nothing(app, client, login, make, post):
    comment = make.comment(post, status="pending")
    follow = _moderate(client, action="approve")
    assert follow.status_code == 303
    _moderate(client, action="", ids=[str(comment.id)])
    _moderate(client, action="explode", ids=[str(comment.id)])
    assert _status(app, comment.id) == "pending"


def test_ban_adds_the_email_to_the_disallowed_list(app, client, login, make, post):
    comment = make.comment(post, status="pending", author_email="Spammer@Example.com")
    _moderate(client, single=f"ban:{comment.id}")
    _moderate(client, tab="spam", single=f"ban:{comment.id}")  # twice adds it once
    with app.test_request_context():
        assert site_setting("COMMENTS_DISALLOWED") == "spammer@example.com"
    assert _status(app, comment.id) == "spam"
    assert "spammer@example.com" in client.get("/admin/settings").get_data(as_text=True)


def test_ban_without_email_adds_the_ip_hash(app, client, login, make, post):
    comment = make.comment(post, status="pending", author_email="", ip_hash="ab" * 32)
    _moderate(client, single=f"ban:{comment.id}")
    with app.test_request_context():
        assert site_setting("COMMENTS_DISALLOWED") == "ab" * 32


def test_edit_a_comment(app, client, login, make, post):
    comment = make.comment(post, body="Tpyo here", status="approved")
    html = client.get(f"/admin/comments/{comment.id}/edit").get_data(as_text=True)
    assert "Tpyo here" in html
    response = client.post(f"/admin/comments/{comment.id}/edit", data={
        "csrf_token": csrf_token_from(html), "author_name": "Reader",
        "author_email": "reader@example.com", "author_url": "", "body": "Typo fixed <b>now</b>",
        "status": "approved"})
    assert response.status_code == 303
    assert "Typo fixed <b>now</b>" in client.get("/discussed/").get_data(as_text=True)


def test_edit_with_bad_input_is_422_with_input_kept(client, login, make, post):
    comment = make.comment(post)
    html = client.get(f"/admin/comments/{comment.id}/edit").get_data(as_text=True)
    response = client.post(f"/admin/comments/{comment.id}/edit", data={
        "csrf_token": csrf_token_from(html), "author_name": "", "author_email": "x",
        "author_url": "javascript:alert(1)", "body": "kept body", "status": "approved"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "kept body" in page and "http:// or https://" in page


def test_reply_as_admin_is_approved_at_once_and_approves_the_parent(app, client, login, make,
                                                                    post):
    make.author(name="Site Author")
    question = make.comment(post, status="pending", body="A question?")
    html = client.get(f"/admin/comments/{question.id}/reply").get_data(as_text=True)
    assert "A question?" in html
    response = client.post(f"/admin/comments/{question.id}/reply", data={
        "csrf_token": csrf_token_from(html), "body": "An answer."})
    assert response.status_code == 303
    with app.app_context():
        reply = db.session.scalar(db.select(Comment).where(Comment.by_admin.is_(True)))
        assert (reply.status, reply.parent_id, reply.author_name) == (
            "approved", question.id, "Site Author")
    assert _status(app, question.id) == "approved"
    page = client.get("/discussed/").get_data(as_text=True)
    assert "An answer." in page and "2 Comments" in page


def test_empty_reply_is_422(client, login, make, post):
    comment = make.comment(post)
    html = client.get(f"/admin/comments/{comment.id}/reply").get_data(as_text=True)
    response = client.post(f"/admin/comments/{comment.id}/reply",
                           data={"csrf_token": csrf_token_from(html), "body": ""})
    assert response.status_code == 422


def test_unknown_comment_is_404(client, login):
    assert client.get("/admin/comments/999/edit").status_code == 404
    assert client.get("/admin/comments/999/reply").status_code == 404


def test_pending_count_shows_in_the_nav(client, login, make, post):
    make.comment(post, status="pending")
    make.comment(post, status="pending")
    assert 'Comments <span class="badge">2</span>' in client.get("/admin/").get_data(as_text=True)
