"""Password reset by email: a link valid for one hour that works once.

The token is signed with a key that includes the account's current password hash, so setting a
new password (through the link or any other way) voids every link sent before. Its payload is
the account id alone. Whether the name or address typed matched is never shown: the page
answers the same, and the email goes only to the admin's own address."""

import logging

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from blog.extensions import db
from blog.mail.compose import render_mail
from blog.mail.links import site_root, url_at
from blog.mail.outbox import admin_address, queue
from blog.models import User

log = logging.getLogger(__name__)
VALID_SECONDS = 3600
SALT = "admin-password-reset"


def _serializer(user: User) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt=f"{SALT}:{user.password_hash}")


def reset_token(user: User) -> str:
    return _serializer(user).dumps(user.id)


def user_for_token(token: str) -> User | None:
    """The account a reset link is for, if the link is genuine, under an hour old and its
    password has not changed since."""
    loaded, user_id = URLSafeTimedSerializer("").loads_unsafe(token)
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None:
        return None
    try:
        _serializer(user).loads(token, max_age=VALID_SECONDS)
    except BadSignature:
        return None
    return user


def _trusted_root() -> str:
    """Only an address the admin vouched for (SITE_URL, their own login) or one the site is
    restricted to: a forged Host must never receive a reset token."""
    root = site_root(trust_request=False)
    if not root and current_app.config.get("TRUSTED_HOSTS"):
        root = site_root()
    return root


def request_reset(name_or_email: str) -> None:
    """Queue the reset email if `name_or_email` names the admin; silently nothing otherwise.
    The caller commits."""
    wanted = name_or_email.strip().lower()
    to = admin_address()
    user = db.session.scalar(select(User).order_by(User.id).limit(1))
    if user is None or not to or wanted not in (user.username.lower(), to.lower()):
        return
    root = _trusted_root()
    if not root:
        log.warning("password reset not sent: set SITE_URL (or log in once) so its link has "
                    "a trusted address")
        return
    reset_url = url_at(root, "admin.reset_password", token=reset_token(user))
    queue("password_reset", to, render_mail("password_reset", root=root, reset_url=reset_url,
                                            username=user.username),
          headers={"Auto-Submitted": "auto-generated"})


def set_new_password(user: User, password: str) -> None:
    user.set_password(password)
    db.session.commit()
