"""Log in (password, then the second factor when enrolled) and out.

Limits (login_throttle.py): 5 attempts per address per 15 minutes, counted as they arrive; an
account that keeps getting wrong passwords is slowed down, never locked; the admin's own
browsers (devices.py) skip both.
"""

import logging
from datetime import UTC, datetime

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from blog.admin import bp, devices, login_throttle, rescue, sessions, two_factor
from blog.admin.account_forms import LoginCodeForm
from blog.admin.forms import LoginForm
from blog.admin.services.auth import authenticate, safe_next
from blog.extensions import db, limiter
from blog.models import User
from blog.web import ratelimits

log = logging.getLogger(__name__)

LOCKED_OUT = ("Too many log-in attempts from your network. Logging in is paused for a few "
              "minutes; then try again.")
SLOWED = ("This account has had many wrong passwords lately, so log-ins to it are being "
          "checked one at a time. Try again in {seconds} seconds.")
PENDING_KEY = "login_pending"  # password accepted, second factor still to come
PENDING_SECONDS = 300


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _ip_key() -> str:
    return "login-ip:" + (get_remote_address() or "unknown")


def _account_id() -> int | None:
    """The account the typed username names (looked up once per request)."""
    if "login_account" not in g:
        name = (request.form.get("username") or "").strip().lower()[:150]
        g.login_account = db.session.scalar(
            select(User.id).where(func.lower(User.username) == name)) if name else None
    return g.login_account


def _device() -> str | None:
    """This browser's device cookie, when it is one the named account trusts."""
    if "login_device" not in g:
        if request.endpoint == "admin.login_code":
            pending = _pending()
            account = pending["u"] if pending else None
        else:
            account = _account_id()
        g.login_device = devices.trusted_device(account) if account else None
    return g.login_device


def _from_trusted_device() -> bool:
    return _device() is not None


def _log_lockout(limit) -> None:
    log.warning("admin login locked out (per address limit) from %s", get_remote_address())


_limited = limiter.limit(_login_limit, key_func=_ip_key, methods=["POST"],
                         exempt_when=_from_trusted_device, on_breach=_log_lockout,
                         scope="admin-login-ip", error_message=LOCKED_OUT)


@bp.route("/login", methods=["GET", "POST"])
@_limited
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target or url_for("admin.dashboard"))
    form = LoginForm()
    if request.method == "GET":
        return render_template("admin/login.html", form=form)
    if not form.validate():
        return render_template("admin/login.html", form=form), 422
    account = _account_id()
    if account is not None and _device() is None:
        try:
            login_throttle.wait_for_turn(account)
        except ratelimits.TooMany as too_many:
            form.password.data = ""
            return render_template("admin/login.html", form=form,
                                   error=SLOWED.format(seconds=too_many.retry_after)), \
                429, {"Retry-After": str(too_many.retry_after)}
    attempt = authenticate(form.username.data, form.password.data)
    user = attempt.user
    if user is None:
        _failed(account)
        # Only a real account's name is logged: anything else typed there may be a password.
        who = repr(attempt.account) if attempt.account else "an unknown username"
        log.info("admin login failed for %s from %s", who, get_remote_address())
        form.password.data = ""
        return render_template("admin/login.html", form=form,
                               error="Wrong username or password."), 401
    if user.totp_secret:
        # A fresh session that is not a login yet: only the second factor completes it.
        session.clear()
        session[PENDING_KEY] = {"u": user.id, "at": _now(), "next": target or ""}
        return redirect(url_for("admin.login_code"), 303)
    return _logged_in(user, target)


@bp.route("/login/code", methods=["GET", "POST"])
@_limited
def login_code():
    pending = _pending()
    if not pending:
        flash("Log in with your password first.", "error")
        return redirect(url_for("admin.login"), 303)
    form = LoginCodeForm()
    if request.method == "GET":
        return render_template("admin/login_code.html", form=form)
    if not form.validate():
        return render_template("admin/login_code.html", form=form), 422
    user = db.session.get(User, pending["u"])
    if user is None or not user.totp_secret:
        session.pop(PENDING_KEY, None)
        return redirect(url_for("admin.login"), 303)
    if _device() is None:
        try:
            login_throttle.wait_for_turn(user.id)
        except ratelimits.TooMany as too_many:
            return render_template("admin/login_code.html", form=form,
                                   error=SLOWED.format(seconds=too_many.retry_after)), \
                429, {"Retry-After": str(too_many.retry_after)}
        user = db.session.get(User, pending["u"])
    if not two_factor.check_login_code(user, form.code.data):
        _failed(user.id)
        log.info("admin second factor failed for %r from %s", user.username,
                 get_remote_address())
        form.code.data = ""
        return render_template("admin/login_code.html", form=form,
                               error="That code is not right, or was used already."), 401
    return _logged_in(user, safe_next(pending.get("next")))


def _pending() -> dict | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("u"), int):
        return None
    if not isinstance(pending.get("at"), (int, float)) or \
            _now() - pending["at"] > PENDING_SECONDS:
        return None
    return pending


def _failed(account: int | None) -> None:
    if account is None:
        return
    login_throttle.record_failure(account)
    device = _device()
    if device:
        devices.record_device_failure(device)


def _logged_in(user: User, target: str | None):
    """A fresh session on login (whatever id or token an attacker planted is dropped), its
    row, and a device cookie for this browser."""
    login_throttle.record_success(user.id)
    session.clear()
    login_user(user)
    session.permanent = True
    session["admin_login_at"] = _now()
    sessions.start_session(user)
    held = rescue.after_login(user.id)  # text kept from an ended session: back to its editor
    response = redirect(target or held or url_for("admin.dashboard"), 303)
    response.delete_cookie(rescue.COOKIE, path="/admin/", httponly=True, samesite="Lax",
                           secure=bool(current_app.config["HTTPS"]))
    devices.remember_device(response, user.id)
    return response


def _now() -> float:
    return datetime.now(UTC).timestamp()


@bp.post("/logout")
def logout():
    sessions.end_current_session()  # every copy of this session's cookie stops working
    logout_user()
    session.clear()
    flash("You are logged out.", "success")
    return redirect(url_for("admin.login"), 303)
