"""The admin's mail pages: subscribers (count, search, CSV, remove, erase), the outbox, and
the admin's address on the settings page."""

import csv
import io
import secrets

from blog.extensions import db
from blog.mail.compose import Rendered
from blog.mail.outbox import queue
from blog.models import OutboxMessage, ReplyWatch, Subscription, utcnow
from blog.site_settings import site_setting
from tests.admin.editor import form_values
from tests.conftest import csrf_token_from
from tests.mail.conftest import outbox


def _subscribers(app, *emails: str, list_name: str = "newsletter", confirmed: bool = True):
    with app.app_context():
        rows = [Subscription(email=email, list=list_name, key=secrets.token_hex(16),
                             confirmed_at=utcnow() if confirmed else None) for email in emails]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def test_the_list_counts_searches_and_exports(mail_app, client, login):
    _subscribers(mail_app, "ada@example.com", "=cmd@example.com", "bob@example.org")
    _subscribers(mail_app, "late@example.com", confirmed=False)
    page = client.get("/admin/subscribers/").get_data(as_text=True)
    assert '<span class="stat__n">3</span> <span class="stat__label">newsletter subscribers' in page
    assert '<span class="stat__n">1</span> <span class="stat__label">not yet confirmed' in page
    found = client.get("/admin/subscribers/?q=example.org").get_data(as_text=True)
    assert "bob@example.org" in found and "ada@example.com" not in found
    export = client.get("/admin/subscribers/export.csv")
    assert export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert sorted(r["email"] for r in rows) == ["'=cmd@example.com", "ada@example.com",
                                                "bob@example.org", "late@example.com"]
    assert {r["status"] for r in rows} == {"confirmed", "unconfirmed"}


def test_remove_stops_the_mail_and_erase_leaves_no_trace(mail_app, client, login, make):
    [newsletter] = _subscribers(mail_app, "ada@example.com")
    [replies] = _subscribers(mail_app, "ada@example.com", list_name="replies")
    comment = make.comment(make.post(slug="watched"), author_email="ada@example.com")
    with mail_app.app_context():
        db.session.add(ReplyWatch(comment_id=comment.id, subscription_id=replies))
        queue("newsletter", "ada@example.com", Rendered("Queued", "x", ""),
              subscription_id=newsletter)
        queue("reply", "ada@example.com", Rendered("Sent long ago", "x", ""))
        db.session.commit()
    page = client.get("/admin/subscribers/").get_data(as_text=True)
    client.post(f"/admin/subscribers/{newsletter}/remove",
                data={"csrf_token": csrf_token_from(page)})
    with mail_app.app_context():
        assert db.session.get(Subscription, newsletter) is None
    assert [m.subject for m in outbox(mail_app)] == ["Sent long ago"]  # queued one is gone

    confirm = client.get(f"/admin/subscribers/{replies}/erase")
    assert "ada@example.com" in confirm.get_data(as_text=True)
    client.post(f"/admin/subscribers/{replies}/erase",
                data={"csrf_token": csrf_token_from(confirm.get_data(as_text=True))})
    with mail_app.app_context():
        assert db.session.scalar(db.select(Subscription)) is None
        assert db.session.scalar(db.select(ReplyWatch)) is None
        assert db.session.scalar(db.select(OutboxMessage)) is None


def test_removing_needs_the_token(mail_app, client, login):
    [subscription] = _subscribers(mail_app, "ada@example.com")
    assert client.post(f"/admin/subscribers/{subscription}/remove").status_code == 400


def test_the_admins_address_and_notices_are_settings(mail_app, client, login):
    data = form_values(client.get("/admin/settings").get_data(as_text=True))
    data.update(admin_email=" me@blog.example ", notify_published="y")
    data.pop("notify_held", None)
    assert client.post("/admin/settings", data=data).status_code == 303
    with mail_app.test_request_context():
        assert site_setting("ADMIN_EMAIL") == "me@blog.example"
        assert site_setting("NOTIFY_PUBLISHED_COMMENTS") is True
        assert site_setting("NOTIFY_HELD_COMMENTS") is False
    data["admin_email"] = "not an address"
    response = client.post("/admin/settings", data=data)
    assert response.status_code == 422 and 'value="not an address"' in response.get_data(
        as_text=True)


def test_the_outbox_lists_by_status_and_needs_the_login(mail_app, app, client, login):
    with mail_app.app_context():
        queue("held_comment", "writer@blog.example", Rendered("Please moderate: x", "x", ""))
        db.session.commit()
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert "Please moderate: x" in page and "Held comment" in page
    anonymous = app.test_client().get("/admin/outbox/")
    assert anonymous.status_code == 302
