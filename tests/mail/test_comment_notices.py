"""The admin hears of comments by email, delivered by a real SMTP server process."""

import re

from blog.extensions import db
from blog.models import Comment
from blog.site_settings import save_site_settings
from tests.mail.conftest import ADMIN_EMAIL, deliver, outbox, post_comment


def _body(message, subtype: str) -> str:
    return message.get_body((subtype,)).get_content()


def test_a_held_comment_emails_the_admin_the_post_the_comment_and_an_approve_link(
        mail_app, smtp, client, make):
    post = make.post(title="Kernel bypass, explained", slug="kernel-bypass")
    response = post_comment(client, post, name="First Timer", email="first@example.com",
                            body="Is io_uring safe <b>yet</b>?")
    assert response.status_code == 303
    assert deliver(mail_app) == 1

    [message] = smtp.wait_for(1)
    assert message.envelope["rcpt_tos"] == [ADMIN_EMAIL]
    assert message["To"] == ADMIN_EMAIL
    assert message["Subject"] == "[ClingCentral] Please moderate: “Kernel bypass, explained”"
    assert message["Reply-To"] == "First Timer <first@example.com>"
    assert message["Message-ID"].endswith("@blog.example>") and message["Date"]
    with mail_app.app_context():
        comment_id = db.session.scalar(db.select(Comment.id))
    text, html = _body(message, "plain"), _body(message, "html")
    for part in (text, html):
        assert "First Timer" in part and "first@example.com" in part
        assert f"https://blog.example/admin/comments/{comment_id}/approve" in part
        assert "https://blog.example/admin/comments/?tab=pending" in part
        assert "https://blog.example/kernel-bypass/" in part
    assert "Is io_uring safe yet?" in text and "<b>yet</b>" in html
    assert "<style" not in html and 'style="' in html  # the CSS is inlined


def test_the_approve_link_asks_the_logged_in_admin_to_press_a_button(
        mail_app, client, make, login, token):
    post = make.post(slug="approve-me")
    comment = make.comment(post, status="pending", body="Please approve me.")
    page = client.get(f"/admin/comments/{comment.id}/approve")
    assert page.status_code == 200 and "Please approve me." in page.get_data(as_text=True)
    with mail_app.app_context():
        assert db.session.get(Comment, comment.id).status == "pending"  # a GET changes nothing
    client.post("/admin/comments/moderate", data={
        "csrf_token": token(f"/admin/comments/{comment.id}/approve"),
        "single": f"approve:{comment.id}", "tab": "pending"})
    with mail_app.app_context():
        assert db.session.get(Comment, comment.id).status == "approved"


def test_the_approve_link_needs_the_login(mail_app, client, make):
    comment = make.comment(make.post(slug="locked"), status="pending")
    response = client.get(f"/admin/comments/{comment.id}/approve")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_spam_sends_no_mail_at_all(mail_app, client, make):
    post = make.post(slug="spam-target")
    response = post_comment(client, post, homepage="http://bot.example", notify="y",
                            email="victim@example.com")
    assert response.status_code == 303
    with mail_app.app_context():
        assert db.session.scalar(db.select(Comment.status)) == "spam"
    assert outbox(mail_app) == []


def test_a_published_comment_is_mailed_only_when_the_setting_says_so(
        mail_app, smtp, client, make):
    post = make.post(slug="published")
    make.comment(post, author_email="known@example.com")  # known: approved at once
    post_comment(client, post, email="known@example.com", body="Quiet approval.")
    assert outbox(mail_app) == []
    with mail_app.app_context():
        save_site_settings({"NOTIFY_PUBLISHED_COMMENTS": True})
    post_comment(client, post, email="known@example.com", body="Loud approval.")
    deliver(mail_app)
    [message] = smtp.wait_for(1)
    assert message["Subject"] == f"[ClingCentral] Comment: “{post.title}”"
    assert "Loud approval." in _body(message, "plain")
    assert re.search(r"https://blog\.example/published/#comment-\d+", _body(message, "plain"))


def test_no_admin_address_means_no_notice(mail_app, client, make):
    with mail_app.app_context():
        save_site_settings({"ADMIN_EMAIL": ""})
    post_comment(client, make.post(slug="nobody"), email="new@example.com")
    assert outbox(mail_app) == []


def test_held_notices_can_be_turned_off(mail_app, client, make):
    with mail_app.app_context():
        save_site_settings({"NOTIFY_HELD_COMMENTS": False})
    post_comment(client, make.post(slug="quiet"), email="new@example.com")
    assert outbox(mail_app) == []


def test_names_and_titles_beyond_ascii_arrive_whole_in_folded_ascii_headers(
        mail_app, smtp, client, make):
    title = ("Files d’attente à l’échelle : ce que Zoë a appris en déployant Kafka chez "
             "Müller & Fils, trois ans après")
    post = make.post(title=title, slug="files-d-attente")
    post_comment(client, post, name="Zoë Müller-Łukasiewicz", email="zoe@example.com",
                 body="Très instructif — merci.")
    assert deliver(mail_app) == 1

    [message] = smtp.wait_for(1)
    assert message["Subject"] == f"[ClingCentral] Please moderate: “{title}”"
    assert message["Reply-To"] == "Zoë Müller-Łukasiewicz <zoe@example.com>"
    assert "Très instructif — merci." in _body(message, "plain")
    raw = next(smtp.folder.glob("*.eml")).read_bytes().partition(b"\n")[2]
    head = raw.partition(b"\r\n\r\n")[0]
    assert head.isascii()  # RFC 2047 words, for any mail server on the way
    assert max(len(line) for line in head.split(b"\r\n")) <= 78
