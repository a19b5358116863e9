"""Checking the admin's credentials and where to send them afterwards."""

from urllib.parse import urlsplit

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db
from blog.models import User

_dummy_hash: str | None = None


def _user_named(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower()))


def is_username(username: str) -> bool:
    return _user_named(username) is not None


def authenticate(username: str, password: str) -> User | None:
    """The user for these credentials, or None. An unknown username costs the same scrypt
    work as a known one, so timing does not tell whether the name exists."""
    global _dummy_hash
    user = _user_named(username)
    if user is None:
        if _dummy_hash is None:
            _dummy_hash = generate_password_hash("not-a-real-password", method="scrypt")
        check_password_hash(_dummy_hash, password)
        return None
    return user if user.check_password(password) else None


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
