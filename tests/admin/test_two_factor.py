"""The optional second factor: enrolled in the admin with a code from the app, then asked at
every login; recovery codes work once; removing it needs the password."""

import re
import time
from urllib.parse import quote

import pyotp
from hypothesis import given
from hypothesis import strategies as st

from blog.extensions import db
from blog.models import User
from tests.admin.conftest import PASSWORD
from tests.conftest import csrf_token_from
from tests.security._fuzz import FUZZ, nasty_text

SECRET_RE = re.compile(r'<code class="totp-key">([A-Z2-7]+)</code>')


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get("/admin/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, from our own page
    secret = SECRET_RE.search(page).group(1)
    wrong = client.post("/admin/account/two-factor", data={
        "csrf_token": csrf_token_from(page), "code": "000000"})
    assert wrong.status_code == 422 and "does not match" in wrong.get_data(as_text=True)
    done = client.post("/admin/account/two-factor", data={
        "csrf_token": csrf_token_from(page), "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>",
                       done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def _password_step(client):
    page = client.get("/admin/login")
    return client.post("/admin/login", data={
        "username": "admin", "password": PASSWORD,
        "csrf_token": csrf_token_from(page.get_data(as_text=True))})


def _code_step(client, code):
    page = client.get("/admin/login/code").get_data(as_text=True)
    return client.post("/admin/login/code", data={"csrf_token": csrf_token_from(page),
                                                  "code": code})


def _fresh_step(app, user_id: int):
    """Let a new time step start, so a new code is not the one already used."""
    with app.app_context():
        db.session.get(User, user_id).totp_last_step = None
        db.session.commit()


def test_after_enrolment_the_password_alone_does_not_log_in(app, client, login, admin_user):
    secret, _ = _enrol(client)
    other = app.test_client()
    response = _password_step(other)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/login/code")
    assert other.get("/admin/").status_code == 302  # not logged in yet
    assert _code_step(other, "123456").status_code == 401
    _fresh_step(app, admin_user.id)
    assert _code_step(other, pyotp.TOTP(secret).now()).status_code == 303
    assert other.get("/admin/").status_code == 200


def test_a_code_is_accepted_once(app, client, login, admin_user):
    secret, _ = _enrol(client)
    first, second = app.test_client(), app.test_client()
    _fresh_step(app, admin_user.id)
    code = pyotp.TOTP(secret).now()
    for browser in (first, second):
        _password_step(browser)
    assert _code_step(first, code).status_code == 303
    assert _code_step(second, code).status_code == 401  # replayed


def test_a_recovery_code_logs_in_once(app, client, login):
    _, codes = _enrol(client)
    for expected in (303, 401):
        browser = app.test_client()
        _password_step(browser)
        assert _code_step(browser, codes[0].upper()).status_code == expected


def test_the_code_step_needs_the_password_step_first_and_expires(app, client, admin_user):
    assert client.get("/admin/login/code").status_code == 303
    with client.session_transaction() as session:
        session["login_pending"] = {"u": admin_user.id, "at": time.time() - 600, "next": ""}
    assert client.get("/admin/login/code").status_code == 303


def test_removing_the_second_factor_needs_the_password(app, client, login, token):
    _enrol(client)
    refused = client.post("/admin/account/two-factor/remove", data={
        "csrf_token": token("/admin/account/"), "current_password": "not the password"})
    assert refused.status_code == 422
    done = client.post("/admin/account/two-factor/remove", data={
        "csrf_token": token("/admin/account/"), "current_password": PASSWORD})
    assert done.status_code == 303
    assert _password_step(app.test_client()).headers["Location"].endswith("/admin/")


@FUZZ
@given(code=st.one_of(nasty_text, st.sampled_from(["\ud800", "9" * 40, "１２３４５６", "[…]"])))
def test_any_text_in_the_code_field_is_answered(app, client, login, admin_user, code):
    app.config["RATELIMIT_ENABLED"] = False  # no slow-down: every example reaches the check
    with app.app_context():
        db.session.get(User, admin_user.id).totp_secret = pyotp.random_base32()
        db.session.commit()
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = _address()  # each example from its own address
    _password_step(browser)
    page = browser.get("/admin/login/code").get_data(as_text=True)
    response = browser.post("/admin/login/code",
                            data=f"csrf_token={csrf_token_from(page)}&code="
                                 + quote(code.encode("utf-8", "surrogatepass"), safe=""),
                            content_type="application/x-www-form-urlencoded")
    assert response.status_code in (401, 422), response.status_code


_addresses = iter(range(1, 10**6))


def _address() -> str:
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
