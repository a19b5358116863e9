"""Logging in and out, wrong passwords, the lock-out and open-redirect attempts."""

import time

import pytest

from tests.admin.conftest import PASSWORD
from tests.conftest import csrf_token_from


def _attempt(client, username, password, next_url=None):
    page = client.get("/admin/login")
    url = "/admin/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password,
                                  "csrf_token": csrf_token_from(page.get_data(as_text=True))})


def test_login_page_has_the_spec_fields(client):
    html = client.get("/admin/login").get_data(as_text=True)
    for name in ('name="username"', 'name="password"', 'name="csrf_token"'):
        assert name in html


def test_correct_password_logs_in_with_303_to_dashboard(client, admin_user):
    response = _attempt(client, "admin", PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/")
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Dashboard" in dashboard.get_data(as_text=True)


def test_username_is_case_insensitive(client, admin_user):
    assert _attempt(client, "ADMIN", PASSWORD).status_code == 303


@pytest.mark.parametrize("username", ["admin", "nobody"])
def test_wrong_password_and_unknown_user_get_the_same_message(client, admin_user, username):
    response = _attempt(client, username, "wrong password here")
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Wrong username or password." in html
    assert "wrong password here" not in html  # the password is not echoed back
    assert client.get("/admin/").status_code == 302


def test_missing_csrf_token_is_400_and_no_login(client, admin_user):
    response = client.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_session_is_renewed_on_login(client, admin_user):
    """A token planted before login does not survive it."""
    before = csrf_token_from(client.get("/admin/login").get_data(as_text=True))
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/admin/login", data={"username": "admin", "password": PASSWORD,
                                      "csrf_token": before})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_logout_is_a_post_and_ends_the_session(client, login, token):
    client.get("/admin/logout", follow_redirects=True)
    assert client.get("/admin/").status_code == 200  # a GET (say a prefetch) does not log out
    response = client.post("/admin/logout", data={"csrf_token": token()})
    assert response.status_code == 303
    assert client.get("/admin/").status_code == 302


def test_logout_without_csrf_token_keeps_the_session(client, login):
    assert client.post("/admin/logout").status_code == 400
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example",
    "javascript:alert(1)", "%2F%2Fevil.example", "/%0d%0aLocation:%20https://evil.example",
])
def test_next_never_leaves_the_site(client, admin_user, target):
    response = _attempt(client, "admin", PASSWORD, next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/"


def test_next_on_this_site_is_followed(client, admin_user):
    response = _attempt(client, "admin", PASSWORD, next_url="/admin/comments/?tab=spam")
    assert response.headers["Location"] == "/admin/comments/?tab=spam"


def test_anonymous_visit_redirects_to_login_and_back(client, admin_user):
    response = client.get("/admin/posts/?status=draft")
    assert response.status_code == 302
    assert "/admin/login?next=" in response.headers["Location"]
    login_page = client.get(response.headers["Location"])
    token = csrf_token_from(login_page.get_data(as_text=True))
    done = client.post(response.headers["Location"],
                       data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    assert done.headers["Location"] == "/admin/posts/?status=draft"


def test_five_failures_lock_out_with_429_and_retry_after(client, admin_user, caplog):
    for _ in range(5):
        assert _attempt(client, "admin", "wrong password!!").status_code == 401
    locked = _attempt(client, "admin", PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert "Logging in is paused for a few minutes" in locked.get_data(as_text=True)
    assert "locked out" in caplog.text
    assert client.get("/admin/").status_code == 302  # even the right password waited


def test_a_password_typed_as_the_username_never_reaches_the_log(client, admin_user, caplog):
    caplog.set_level("INFO", logger="blog")
    _attempt(client, "admin", "wrong password!!")
    assert "failed for 'admin'" in caplog.text  # a real account's name is kept for forensics
    for _ in range(5):  # failures, then the lock-out
        _attempt(client, "MySecretPassw0rd!", "whatever")
    assert "MySecretPassw0rd!" not in caplog.text
    assert "failed for an unknown username" in caplog.text
    assert "admin login locked out" in caplog.text


def test_successful_logins_do_not_count_towards_the_lockout(client, admin_user, token):
    for _ in range(7):
        assert _attempt(client, "admin", PASSWORD).status_code == 303
        client.post("/admin/logout", data={"csrf_token": token()})


def test_lockout_expires(app, admin_user):
    app.config["LOGIN_RATE_LIMIT"] = "2 per 2 seconds"
    client = app.test_client()
    for _ in range(2):
        assert _attempt(client, "admin", "wrong password!!").status_code == 401
    assert _attempt(client, "admin", PASSWORD).status_code == 429
    time.sleep(2.2)
    assert _attempt(client, "admin", PASSWORD).status_code == 303


def test_session_older_than_admin_session_hours_must_log_in_again(client, login):
    with client.session_transaction() as session:
        session["admin_login_at"] -= 13 * 3600
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_lockout_counters_live_in_redis_when_redis_url_is_set(database_url, admin_user):
    """Two app servers sharing Redis share the lock-out: failures on one lock the other."""
    import os

    import redis

    from blog import create_app
    from blog.extensions import limiter

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    settings = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": "test-secret-key-not-for-production", "REDIS_URL": url}
    first = create_app(settings)
    limiter.reset()
    try:
        client = first.test_client()
        for _ in range(5):
            assert _attempt(client, "admin", "wrong password!!").status_code == 401
        assert any(b"login" in key for key in redis.Redis.from_url(url).keys("*"))
        second = create_app(settings).test_client()
        assert _attempt(second, "admin", PASSWORD).status_code == 429
    finally:
        limiter.reset()
