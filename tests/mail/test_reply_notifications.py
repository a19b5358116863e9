""""Email me replies to my comment": double opt-in, then each approved reply by someone else,
once, threaded, with one-click unsubscribe."""

import re

from blog.extensions import db
from blog.models import Comment, Subscription
from tests.conftest import csrf_token_from
from tests.mail.conftest import deliver, outbox, post_comment

LINK = re.compile(r"https://blog\.example(/subscribe/confirm/[^/\s\"]+/)")


def _confirm_from(message, client) -> None:
    """Follow the emailed link like a person: open the page, press its one button."""
    path = LINK.search(message.get_body(("plain",)).get_content()).group(1)
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.status_code == 200


def _watched_comment(mail_app, smtp, client, make, slug="threads"):
    post = make.post(title="Threads of thought", slug=slug)
    make.comment(post, author_email="ada@example.com")  # Ada is known: approved at once
    assert post_comment(client, post, email="ada@example.com", notify="y",
                        body="Watch this one.").status_code == 303
    deliver(mail_app)
    [confirmation] = smtp.wait_for(1)
    with mail_app.app_context():
        watched = db.session.scalar(
            db.select(Comment).where(Comment.body_source == "Watch this one."))
        db.session.expunge(watched)
    return post, watched, confirmation


def test_the_first_ask_sends_a_confirmation_and_no_reply_is_mailed_before_it(
        mail_app, smtp, client, make):
    post, watched, confirmation = _watched_comment(mail_app, smtp, client, make)
    assert confirmation["To"] == "ada@example.com"
    assert confirmation["Subject"] == "Confirm: email me replies on ClingCentral"
    make.comment(post, parent_id=watched.id, author_email="bob@example.com", body="Too early.")
    with mail_app.app_context():
        assert db.session.scalar(db.select(Subscription.confirmed_at)) is None
    assert [m.kind for m in outbox(mail_app)] == ["confirm_replies"]


def test_a_confirmed_commenter_gets_each_approved_reply_threaded_with_one_click_unsubscribe(
        mail_app, smtp, client, make, visitor):
    post, watched, confirmation = _watched_comment(mail_app, smtp, client, make)
    _confirm_from(confirmation, client)
    bob = visitor()
    make.comment(post, author_email="bob@example.com")  # Bob is known too
    response = post_comment(bob, post, name="Bob", email="bob@example.com",
                            parent_id=str(watched.id), body="A reply worth reading.")
    assert response.status_code == 303
    deliver(mail_app)
    reply_mail = smtp.wait_for(2)[1]
    assert reply_mail["To"] == "ada@example.com"
    assert reply_mail["Subject"] == "New reply to your comment on “Threads of thought”"
    assert reply_mail["In-Reply-To"] == f"<comment-{watched.id}@blog.example>"
    assert reply_mail["References"] == f"<comment-{watched.id}@blog.example>"
    assert reply_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https://blog\.example/unsubscribe/[^/>]+/>",
                        reply_mail["List-Unsubscribe"])
    text = reply_mail.get_body(("plain",)).get_content()
    assert "A reply worth reading." in text and "Bob" in text
    assert "bob@example.com" not in reply_mail.as_string()  # no other reader's address


def test_own_replies_spam_and_held_replies_are_not_mailed_until_approved(
        mail_app, smtp, client, make, login, token):
    post, watched, confirmation = _watched_comment(mail_app, smtp, client, make)
    _confirm_from(confirmation, client)
    make.comment(post, parent_id=watched.id, author_email="ADA@example.com", body="My own.")
    make.comment(post, parent_id=watched.id, author_email="x@example.com", status="spam")
    held = make.comment(post, parent_id=watched.id, author_email="carol@example.com",
                        status="pending", body="Held for now.")
    from blog.mail.notices import replies_approved

    with mail_app.app_context():
        ids = list(db.session.scalars(db.select(Comment.id)))
        replies_approved(ids)  # as an approval of all of them would ask
        db.session.commit()
    assert [m.kind for m in outbox(mail_app)] == ["confirm_replies"]

    for _ in range(2):  # approving twice (approve, unapprove, approve) mails once
        for action in ("approve", "unapprove"):
            client.post("/admin/comments/moderate", data={
                "csrf_token": token("/admin/comments/"), "single": f"{action}:{held.id}"})
    client.post("/admin/comments/moderate", data={
        "csrf_token": token("/admin/comments/"), "single": f"approve:{held.id}"})
    replies = [m for m in outbox(mail_app) if m.kind == "reply"]
    assert len(replies) == 1 and "Held for now." in replies[0].body_text


def test_the_admins_reply_is_mailed_to_the_commenter(mail_app, smtp, client, make, login, token):
    post, watched, confirmation = _watched_comment(mail_app, smtp, client, make)
    _confirm_from(confirmation, client)
    page = f"/admin/comments/{watched.id}/reply"
    client.post(page, data={"csrf_token": token(page), "body": "Thanks, Ada!"})
    deliver(mail_app)
    assert "Thanks, Ada!" in smtp.wait_for(2)[1].get_body(("plain",)).get_content()


def test_asking_again_within_the_hour_sends_no_second_confirmation(mail_app, client, make):
    post = make.post(slug="twice")
    for body in ("First ask.", "Second ask."):
        post_comment(client, post, email="new@example.com", notify="y", body=body)
    assert [m.kind for m in outbox(mail_app)] == ["held_comment", "confirm_replies",
                                                  "held_comment"]


def test_the_checkbox_is_in_the_form_a_cached_page_serves(mail_app, make, visitor):
    post = make.post(slug="cached-box")
    visitor().get("/cached-box/")
    visitor().get("/cached-box/")  # the plain form cut out: the layer answers from here on
    html = visitor().get("/cached-box/").get_data(as_text=True)
    assert 'name="notify"' in html and "Email me replies to my comment" in html
    assert post.id
