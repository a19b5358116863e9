"""Log in and out. Failed logins are rate limited per IP and per username."""

import logging
from datetime import UTC, datetime

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from blog.admin import bp, rescue
from blog.admin.forms import LoginForm
from blog.admin.services.auth import authenticate, safe_next
from blog.extensions import limiter

log = logging.getLogger(__name__)

LOCKED_OUT = ("Too many failed log-ins. Logging in is paused for a few minutes; "
              "then try again.")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _failed(response) -> bool:
    """Only failed attempts count towards the lock-out; a success or a refusal does not."""
    return response.status_code in (401, 422)


def _username_key() -> str:
    return "login-user:" + request.form.get("username", "").strip().lower()[:150]


def _ip_key() -> str:
    return "login-ip:" + (get_remote_address() or "unknown")


def _log_lockout(limit) -> None:
    # The scope, not the key: a per-username key holds whatever was typed as the username.
    scope = "per username" if limit.key.startswith("login-user:") else "per address"
    log.warning("admin login locked out (%s limit) from %s", scope, get_remote_address())


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, key_func=_ip_key, methods=["POST"], deduct_when=_failed,
               on_breach=_log_lockout, scope="admin-login-ip", error_message=LOCKED_OUT)
@limiter.limit(_login_limit, key_func=_username_key, methods=["POST"], deduct_when=_failed,
               on_breach=_log_lockout, scope="admin-login-user", error_message=LOCKED_OUT)
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target or url_for("admin.dashboard"))
    form = LoginForm()
    if request.method == "GET":
        return render_template("admin/login.html", form=form)
    if not form.validate():
        return render_template("admin/login.html", form=form), 422
    attempt = authenticate(form.username.data, form.password.data)
    user = attempt.user
    if user is None:
        # Only a real account's name is logged: anything else typed there may be a password.
        who = repr(attempt.account) if attempt.account else "an unknown username"
        log.info("admin login failed for %s from %s", who, get_remote_address())
        form.password.data = ""
        return render_template("admin/login.html", form=form,
                               error="Wrong username or password."), 401
    # A fresh session on login: whatever id or token an attacker planted is dropped.
    session.clear()
    login_user(user)
    session.permanent = True
    session["admin_login_at"] = datetime.now(UTC).timestamp()
    held = rescue.after_login(user.id)  # text kept from an ended session: back to its editor
    response = redirect(target or held or url_for("admin.dashboard"), 303)
    response.delete_cookie(rescue.COOKIE, path="/admin/", httponly=True, samesite="Lax",
                           secure=bool(current_app.config["HTTPS"]))
    return response


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash("You are logged out.", "success")
    return redirect(url_for("admin.login"), 303)
