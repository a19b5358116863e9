""""Forgot your password?": a one-time link, valid one hour, mailed to the admin's address only;
the page never tells whether what was typed is known."""

import re
import time

import pytest
from itsdangerous import TimestampSigner

from blog.extensions import db, limiter
from blog.models import User
from tests.conftest import csrf_token_from
from tests.mail.conftest import ADMIN_EMAIL, deliver, outbox

LINK = re.compile(r"https://blog\.example(/admin/reset-password/[^\s\"]+)")
NEW_PASSWORD = "a brand new passphrase 42"


def _ask(client, who: str):
    page = client.get("/admin/forgot-password").get_data(as_text=True)
    return client.post("/admin/forgot-password",
                       data={"who": who, "csrf_token": csrf_token_from(page)})


@pytest.fixture
def admin(make):
    return make.admin(username="writer", password="correct horse battery")


def test_the_login_page_offers_it(mail_app, client):
    html = client.get("/admin/login").get_data(as_text=True)
    assert 'href="/admin/forgot-password"' in html and "Forgot your password?" in html


@pytest.mark.parametrize("who", ["writer", "WRITER", ADMIN_EMAIL])
def test_the_admins_name_or_address_gets_a_link_that_works_once(
        mail_app, smtp, client, admin, who):
    assert _ask(client, who).status_code == 200
    deliver(mail_app)
    [mail] = smtp.wait_for(1)
    assert mail["To"] == ADMIN_EMAIL and mail["Subject"] == "[ClingCentral] Reset your password"
    path = LINK.search(mail.get_body(("plain",)).get_content()).group(1)
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "again": NEW_PASSWORD,
                                        "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/login")
    with mail_app.app_context():
        assert db.session.get(User, admin.id).check_password(NEW_PASSWORD)
    assert client.get(path).status_code == 404  # used: the password it was made for is gone
    [row] = outbox(mail_app)
    assert "reset-password" not in row.body_text + row.body_html  # not kept once sent


def test_the_answer_is_the_same_for_anything_typed(mail_app, client, admin):
    known = _ask(client, "writer").get_data(as_text=True)
    limiter.reset()
    unknown = _ask(client, "nobody@example.com").get_data(as_text=True)
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", known) == strip.sub("", unknown)
    assert [m.kind for m in outbox(mail_app)] == ["password_reset"]


def test_a_link_older_than_an_hour_is_refused(mail_app, smtp, client, admin, monkeypatch):
    _ask(client, "writer")
    deliver(mail_app)
    path = LINK.search(smtp.wait_for(1)[0].get_body(("plain",)).get_content()).group(1)
    later = time.time() + 3601
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(later))
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(path).status_code == 404


def test_a_weak_new_password_is_422_and_nothing_changes(mail_app, smtp, client, admin):
    _ask(client, "writer")
    deliver(mail_app)
    path = LINK.search(smtp.wait_for(1)[0].get_body(("plain",)).get_content()).group(1)
    page = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"password": "password123", "again": "password123",
                                       "csrf_token": csrf_token_from(page)})
    assert response.status_code == 422
    with mail_app.app_context():
        assert db.session.get(User, admin.id).check_password("correct horse battery")


def test_a_forged_host_never_gets_a_reset_link(mail_app, client, admin):
    mail_app.config["SITE_URL"] = ""  # no site address, and the admin never logged in
    client.get("/admin/forgot-password", headers={"Host": "evil.example"})
    page = client.get("/admin/forgot-password", headers={"Host": "evil.example"})
    client.post("/admin/forgot-password", headers={"Host": "evil.example"},
                data={"who": "writer", "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert all("evil.example" not in m.body_text for m in outbox(mail_app))


def test_asking_is_rate_limited(mail_app, client, admin):
    codes = [_ask(client, "writer").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_without_site_url_the_link_uses_the_address_the_admin_logs_in_at(
        mail_app, client, admin, app):
    mail_app.config["SITE_URL"] = ""
    page = client.get("/admin/login", base_url="http://writer.example")
    client.post("/admin/login", base_url="http://writer.example", data={
        "username": "writer", "password": "correct horse battery",
        "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    stranger = app.test_client()
    form = stranger.get("/admin/forgot-password", base_url="http://evil.example")
    stranger.post("/admin/forgot-password", base_url="http://evil.example", data={
        "who": "writer", "csrf_token": csrf_token_from(form.get_data(as_text=True))})
    [row] = outbox(mail_app)
    assert "http://writer.example/admin/reset-password/" in row.body_text
    assert "evil.example" not in row.body_text + row.body_html
