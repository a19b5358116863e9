"""Admin sessions the server can end: the session cookie holds a random token, the database the
digest of it (AdminSession). Flask-Login's `_user_id` stays in the session too (the page cache
reads it to tell an admin from a reader); a login counts only while its row exists and has not
expired, so deleting the row ends it wherever the cookie was copied."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from sqlalchemy import delete, select

from blog.extensions import db
from blog.models import AdminSession, User, utcnow

TOKEN_KEY = "admin_session"  # noqa: S105 (a session key's name)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """A new row for this login, its token in the session (call after session.clear())."""
    token = secrets.token_urlsafe(32)
    hours = float(current_app.config["ADMIN_SESSION_HOURS"])
    db.session.add(AdminSession(
        user_id=user.id, token_digest=_digest(token),
        expires_at=utcnow() + timedelta(hours=hours),
        user_agent=(request.user_agent.string or "")[:200],
    ))
    db.session.commit()
    session[TOKEN_KEY] = token


def user_of_session(user_id: int) -> User | None:
    """The admin whose live session this request's cookie holds, in one statement."""
    token = session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return None
    return db.session.scalar(
        select(User).join(AdminSession, AdminSession.user_id == User.id)
        .where(User.id == user_id, AdminSession.token_digest == _digest(token),
               AdminSession.expires_at > utcnow()))


def current_session_id() -> int | None:
    token = session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return None
    return db.session.scalar(select(AdminSession.id)
                             .where(AdminSession.token_digest == _digest(token)))


def end_current_session() -> None:
    token = session.get(TOKEN_KEY)
    if isinstance(token, str):
        db.session.execute(delete(AdminSession)
                           .where(AdminSession.token_digest == _digest(token)))
        db.session.commit()


def end_sessions(user_id: int, keep: int | None = None) -> int:
    """End every session of the account (but `keep`'s); how many ended. Commits."""
    query = delete(AdminSession).where(AdminSession.user_id == user_id)
    if keep is not None:
        query = query.where(AdminSession.id != keep)
    ended = db.session.execute(query).rowcount
    db.session.execute(delete(AdminSession).where(AdminSession.expires_at <= utcnow()))
    db.session.commit()
    return ended


def live_sessions(user_id: int) -> list[AdminSession]:
    return list(db.session.scalars(
        select(AdminSession)
        .where(AdminSession.user_id == user_id, AdminSession.expires_at > utcnow())
        .order_by(AdminSession.created_at.desc())))
