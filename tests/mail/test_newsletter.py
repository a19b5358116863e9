"""The newsletter end to end: the sign-up form on every page, double opt-in, each post mailed
once when first published (a scheduled one when it comes due), one-click unsubscribe."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from blog.extensions import db
from blog.models import NewsletterIssue, Post, Subscription, utcnow
from tests.admin.editor import editor_data
from tests.conftest import csrf_token_from
from tests.mail.conftest import deliver, outbox

CONFIRM = re.compile(r"https://blog\.example(/subscribe/confirm/[^/\s\"]+/)")
SUBSCRIBE_TOKEN = re.compile(
    r'action="/subscribe".*?name="csrf_token" type="hidden" value="([^"]+)"', re.S)
WXR = Path(__file__).resolve().parents[1] / "discovery" / "fixtures" / "site.xml"


def subscribe(client, email: str, page: str = "/"):
    """Sign up with the form in the sidebar of `page`, as a reader without JavaScript."""
    html = client.get(page).get_data(as_text=True)
    token = SUBSCRIBE_TOKEN.search(html).group(1)
    return client.post("/subscribe", data={"email": email, "csrf_token": token})


def confirmed_subscriber(mail_app, smtp, visitor, email: str):
    reader = visitor()
    assert subscribe(reader, email).status_code == 303
    deliver(mail_app)
    [mail] = [m for m in smtp.messages() if m["To"] == email]
    path = CONFIRM.search(mail.get_body(("plain",)).get_content()).group(1)
    page = reader.get(path)
    reader.post(path, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})
    return reader


def publish(client, **values):
    values = {"title": "A fresh post", "body": "Fresh **words**.", "status": "published",
              **values}
    response = client.post("/admin/posts/new", data=editor_data(client, **values))
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rstrip("/").split("/")[-2])


def newsletters(smtp) -> list:
    return [m for m in smtp.messages() if m["List-Unsubscribe"] and "Confirm" not in m["Subject"]]


def test_signing_up_needs_the_emailed_confirmation(mail_app, smtp, client, make, visitor):
    make.post(slug="anything")
    reader = visitor()
    response = subscribe(reader, "Reader@Example.com", page="/anything/")
    assert response.status_code == 303 and response.headers["Location"].endswith("/subscribe/sent/")
    with mail_app.app_context():
        subscription = db.session.scalar(db.select(Subscription))
        assert subscription.email == "reader@example.com" and subscription.confirmed_at is None
    deliver(mail_app)
    [mail] = smtp.wait_for(1)
    assert mail["To"] == "reader@example.com"
    assert mail["Subject"] == "Confirm your subscription to ClingCentral"
    path = CONFIRM.search(mail.get_body(("plain",)).get_content()).group(1)
    page = reader.get(path)  # a mail scanner following the link confirms nothing
    with mail_app.app_context():
        assert db.session.scalar(db.select(Subscription.confirmed_at)) is None
    done = reader.post(path, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert "You're all set" in done.get_data(as_text=True)
    with mail_app.app_context():
        assert db.session.scalar(db.select(Subscription.confirmed_at)) is not None


def test_the_answer_never_tells_whether_an_address_is_known(mail_app, smtp, client, visitor):
    confirmed_subscriber(mail_app, smtp, visitor, "known@example.com")
    known = subscribe(visitor(), "known@example.com")
    unknown = subscribe(visitor(), "unknown@example.com")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    kinds = [(m.kind, m.recipient) for m in outbox(mail_app)]
    assert kinds.count(("confirm_newsletter", "known@example.com")) == 1  # not mailed again


def test_a_bad_address_is_422_with_the_input_kept(mail_app, client):
    html = client.get("/subscribe/").get_data(as_text=True)
    response = client.post("/subscribe", data={"email": "not an address",
                                               "csrf_token": csrf_token_from(html)})
    assert response.status_code == 422
    assert 'value="not an address"' in response.get_data(as_text=True)
    assert outbox(mail_app) == []


def test_a_missing_csrf_token_is_400(mail_app, client):
    assert client.post("/subscribe", data={"email": "a@example.com"}).status_code == 400


def test_a_published_post_goes_once_to_each_confirmed_subscriber_alone(
        mail_app, smtp, client, login, visitor):
    for email in ("one@example.com", "two@example.com"):
        confirmed_subscriber(mail_app, smtp, visitor, email)
    subscribe(visitor(), "pending@example.com")  # never confirms
    post_id = publish(client, title="Queues are data", body="Read [this](/about/).")
    deliver(mail_app)
    mails = newsletters(smtp)
    assert sorted(m["To"] for m in mails) == ["one@example.com", "two@example.com"]
    for mail in mails:
        assert mail["Subject"] == "Queues are data"
        assert mail.envelope["rcpt_tos"] == [mail["To"]]
        other = "two@example.com" if mail["To"] == "one@example.com" else "one@example.com"
        assert other not in mail.as_string()
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        html = mail.get_body(("html",)).get_content()
        assert 'href="https://blog.example/about/"' in html  # links made absolute
        assert "https://blog.example/queues-are-data/" in mail.get_body(("plain",)).get_content()
    # Saving the post again, or the sender running again, mails nothing more.
    client.post(f"/admin/posts/{post_id}/edit", data=editor_data(
        client, f"/admin/posts/{post_id}/edit", title="Queues are data, revised"))
    deliver(mail_app)
    assert len(newsletters(smtp)) == 2
    with mail_app.app_context():
        issue = db.session.scalar(db.select(NewsletterIssue))
        assert (issue.status, issue.recipients) == ("done", 2)


def test_one_click_unsubscribe_is_a_post_without_cookie_or_token(
        mail_app, smtp, client, login, visitor, app):
    confirmed_subscriber(mail_app, smtp, visitor, "leaving@example.com")
    publish(client)
    deliver(mail_app)
    [mail] = newsletters(smtp)
    url = mail["List-Unsubscribe"].strip("<>").replace("https://blog.example", "")
    provider = app.test_client()  # a mail provider's POST: no session, no CSRF token
    response = provider.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with mail_app.app_context():
        assert db.session.scalar(db.select(Subscription)) is None
    assert provider.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert provider.post(url[:-5] + "xxxx/").status_code == 404  # a forged token


def test_the_link_in_the_body_unsubscribes_through_a_page_with_one_button(
        mail_app, smtp, client, login, visitor):
    reader = confirmed_subscriber(mail_app, smtp, visitor, "body@example.com")
    publish(client)
    deliver(mail_app)
    [mail] = newsletters(smtp)
    url = re.search(r"Unsubscribe: https://blog\.example(\S+)",
                    mail.get_body(("plain",)).get_content()).group(1)
    page = reader.get(url)
    assert page.status_code == 200 and page.get_data(as_text=True).count("<button") == 2
    with mail_app.app_context():  # opening the page (as a scanner would) changes nothing
        assert db.session.scalar(db.select(Subscription)) is not None
    reader.post(url)
    with mail_app.app_context():
        assert db.session.scalar(db.select(Subscription)) is None


def test_a_scheduled_post_is_mailed_once_when_it_comes_due(
        mail_app, smtp, client, login, visitor):
    confirmed_subscriber(mail_app, smtp, visitor, "patient@example.com")
    later = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    post_id = publish(client, title="Tomorrow's post", status="scheduled", published_at=later)
    deliver(mail_app)
    assert newsletters(smtp) == []
    with mail_app.app_context():  # its time comes
        db.session.get(Post, post_id).published_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    deliver(mail_app)
    deliver(mail_app)
    assert [m["Subject"] for m in newsletters(smtp)] == ["Tomorrow's post"]


def test_the_writer_can_say_dont_email_this_one(mail_app, smtp, client, login, visitor):
    confirmed_subscriber(mail_app, smtp, visitor, "reader@example.com")
    publish(client, title="Quiet post", no_email="y")
    deliver(mail_app)
    assert newsletters(smtp) == []
    with mail_app.app_context():
        assert db.session.scalar(db.select(NewsletterIssue.status)) == "skipped"


def test_imported_and_earlier_posts_are_never_mailed(mail_app, smtp, client, login, visitor,
                                                     runner, make):
    confirmed_subscriber(mail_app, smtp, visitor, "reader@example.com")
    old = make.post(title="Published before mail existed", slug="old-one")
    assert runner.invoke(args=["import-wxr", str(WXR)]).exit_code == 0
    client.post(f"/admin/posts/{old.id}/edit", data=editor_data(
        client, f"/admin/posts/{old.id}/edit", title="Edited, still old"))
    deliver(mail_app)
    assert newsletters(smtp) == []
    with mail_app.app_context():
        imported = db.session.scalars(db.select(Post).where(Post.legacy_id.is_not(None),
                                                            Post.type == "post")).all()
        live = next(p.id for p in imported if p.is_live(utcnow()))
        draft = next((p.id for p in imported if p.status == "draft"), None)
    html = client.get(f"/admin/posts/{live}/edit").get_data(as_text=True)
    assert "a post is emailed only when it is first published" in html
    if draft is not None:  # an imported draft starts as "don't email"; the writer may untick it
        html = client.get(f"/admin/posts/{draft}/edit").get_data(as_text=True)
        assert re.search(r'<input[^>]* checked id="no_email"', html)


@pytest.mark.parametrize("page", ["/", "/subscribe/sent/", "/search/?q=x"])
def test_every_page_has_the_sign_up_form(mail_app, client, make, page):
    make.post(slug="one")
    html = client.get(page).get_data(as_text=True)
    assert 'action="/subscribe"' in html or page == "/subscribe/sent/"
