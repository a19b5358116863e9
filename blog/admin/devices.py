"""The admin's own browsers, known by a signed cookie set at each successful login: OWASP's
"device cookies" (Slow Down Online Guessing Attacks with Device Cookies).

A browser holding one for the account it names skips the per-address limit and the account's
slow-down, so wrong passwords sent from anywhere else never keep the admin out of their own
browser. The cookie cannot be forged (it is signed with the secret key) and is good only for
DEVICE_FAILURES wrong passwords per window; after that it counts as any other browser.
"""

import secrets
from datetime import timedelta

from flask import Response, current_app, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from blog.web import ratelimits

COOKIE = "login_device"
LIFETIME = timedelta(days=365)
DEVICE_FAILURES = 5
FAILURE_WINDOW_S = 15 * 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="login-device")


def _failures_key(nonce: str) -> str:
    return f"login-device-failures/{nonce}"


def trusted_device(user_id: int) -> str | None:
    """The id of this browser's device cookie when it was issued for `user_id` and has not
    used up its wrong passwords; None otherwise."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user_id or not isinstance(data.get("n"),
                                                                                   str):
        return None
    nonce = data["n"]
    if ratelimits.current(_failures_key(nonce)) >= DEVICE_FAILURES:
        return None
    return nonce


def record_device_failure(nonce: str) -> None:
    ratelimits.count(_failures_key(nonce), FAILURE_WINDOW_S)


def remember_device(response: Response, user_id: int) -> None:
    """A new device cookie for this browser (sent only to the login page)."""
    value = _serializer().dumps({"u": user_id, "n": secrets.token_urlsafe(16)})
    response.set_cookie(COOKIE, value, max_age=int(LIFETIME.total_seconds()),
                        path=url_for("admin.login"), httponly=True, samesite="Strict",
                        secure=bool(current_app.config.get("HTTPS")))
