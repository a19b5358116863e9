"""Wrong passwords cannot lock the admin out: each address gets 5 tries per 15 minutes, an
account under attack is slowed down (the right password still gets in), and the admin's own
browser, known by its device cookie, skips both."""

import pytest

from tests.admin.conftest import PASSWORD
from tests.conftest import csrf_token_from

COOKIE = "login_device"


def _attempt(client, password, address, username="admin"):
    page = client.get("/admin/login", environ_base={"REMOTE_ADDR": address})
    return client.post("/admin/login", environ_base={"REMOTE_ADDR": address}, data={
        "username": username, "password": password,
        "csrf_token": csrf_token_from(page.get_data(as_text=True))})


@pytest.fixture
def quick_slowdown(app):
    """The real rules with a short longest wait, so the test does not sit for 30 s."""
    app.config["LOGIN_SLOWDOWN_MAX_SECONDS"] = 1
    return app


def test_wrong_passwords_from_many_addresses_never_keep_the_right_one_out(quick_slowdown,
                                                                           admin_user):
    """The old limit was keyed on the typed username: 15 failures locked the admin out
    everywhere, for as long as someone kept sending them."""
    for n in range(40):
        response = _attempt(quick_slowdown.test_client(), "wrong password here", f"10.1.0.{n}")
        assert response.status_code in (401, 429), response.status_code
    fresh = quick_slowdown.test_client()
    assert _attempt(fresh, PASSWORD, "10.2.0.1").status_code == 303
    assert fresh.get("/admin/").status_code == 200


def test_one_address_gets_five_attempts_counted_as_they_arrive(app, admin_user):
    statuses = [_attempt(app.test_client(), f"wrong {n}", "203.0.113.5").status_code
                for n in range(8)]
    assert statuses == [401] * 5 + [429] * 3
    # ...the right password too, from that address, unless the browser is a known one.
    assert _attempt(app.test_client(), PASSWORD, "203.0.113.5").status_code == 429


def test_the_admins_own_browser_logs_in_from_an_address_that_is_locked(app, admin_user):
    mine = app.test_client()
    assert _attempt(mine, PASSWORD, "198.51.100.20").status_code == 303
    assert mine.get_cookie(COOKIE, path="/admin/login") is not None
    _log_out(mine)
    for n in range(6):  # someone else on the same network guesses
        _attempt(app.test_client(), f"guess {n}", "198.51.100.20")
    assert _attempt(app.test_client(), PASSWORD, "198.51.100.20").status_code == 429
    assert _attempt(mine, PASSWORD, "198.51.100.20").status_code == 303


def _log_out(client):
    client.post("/admin/logout", data={"csrf_token": csrf_token_from(
        client.get("/admin/").get_data(as_text=True))})


def test_a_device_cookie_is_trusted_only_for_five_wrong_passwords(quick_slowdown, admin_user):
    mine = quick_slowdown.test_client()
    assert _attempt(mine, PASSWORD, "192.0.2.1").status_code == 303  # 1 of the address's 5
    _log_out(mine)
    statuses = [_attempt(mine, f"typo {n}", "192.0.2.1").status_code for n in range(10)]
    # Five wrong passwords on the device, then it counts as any browser: the address has
    # four tries left.
    assert statuses == [401] * 5 + [401] * 4 + [429]


def test_a_device_cookie_of_another_account_or_forged_is_not_trusted(app, admin_user, make):
    client = app.test_client()
    client.set_cookie(COOKIE, "forged.value.here", path="/admin/login")
    statuses = [_attempt(client, f"x {n}", "192.0.2.9").status_code for n in range(6)]
    assert statuses[-1] == 429


def test_the_slow_down_doubles_and_is_capped(app):
    from blog.admin import login_throttle

    with app.app_context():
        delays = [login_throttle.delay_for(n) for n in range(0, 60)]
    assert delays[:5] == [0] * 5
    assert delays[5:9] == [1, 2, 4, 8]
    assert max(delays) == app.config["LOGIN_SLOWDOWN_MAX_SECONDS"] == 30


def test_while_others_wait_their_turn_an_attempt_is_told_when_to_retry(app, admin_user):
    app.config["LOGIN_SLOWDOWN_WAITING"] = 0  # as if two attempts were waiting already
    for n in range(5):
        assert _attempt(app.test_client(), "wrong", f"10.3.0.{n}").status_code == 401
    response = _attempt(app.test_client(), PASSWORD, "10.3.0.99")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 30
    assert "checked one at a time" in response.get_data(as_text=True)
