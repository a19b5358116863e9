"""Checking the admin's credentials and where to send them afterwards."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db
from blog.models import User

_dummy_hash: str | None = None


@dataclass(frozen=True)
class LoginAttempt:
    user: User | None  # the admin, when the credentials were right
    account: str | None  # the account the username named, right password or not


def authenticate(username: str, password: str) -> LoginAttempt:
    """Check the credentials. An unknown username costs the same scrypt work as a known one,
    so timing does not tell whether the name exists."""
    global _dummy_hash
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        if _dummy_hash is None:
            _dummy_hash = generate_password_hash("not-a-real-password", method="scrypt")
        check_password_hash(_dummy_hash, password)
        return LoginAttempt(None, None)
    return LoginAttempt(user if user.check_password(password) else None, user.username)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in target)
    ):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
