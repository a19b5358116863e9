"""The admin area: every URL under /admin sits behind the one guard below."""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask_login import current_user, logout_user

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The only admin endpoints an anonymous visitor may reach.
OPEN_ENDPOINTS = frozenset({"admin.login", "admin.login_code", "admin.forgot_password",
                            "admin.reset_password"})


@bp.before_request
def require_admin():
    """Guard every /admin URL; login is the only open door, and a login lasts
    ADMIN_SESSION_HOURS at most."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if current_user.is_authenticated and not session_expired():
        return None
    user_id = _session_user_id()
    if current_user.is_authenticated or "_user_id" in session:
        # Expired, or ended elsewhere (logout, a password change): drop what is left of it.
        logout_user()
        session.clear()
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if rescue.is_editor_post():
        return rescue.session_ended(user_id)
    abort(401)


def _session_user_id() -> int | None:
    """Whose session this was, even when it has ended: editor text it carried is kept for them."""
    if current_user.is_authenticated:
        return current_user.id
    try:
        return int(session.get("_user_id"))
    except (TypeError, ValueError):
        return None


def session_expired() -> bool:
    started = session.get("admin_login_at")
    if not isinstance(started, (int, float)):
        return True
    hours = float(current_app.config["ADMIN_SESSION_HOURS"])
    return datetime.now(UTC).timestamp() - started > timedelta(hours=hours).total_seconds()


@bp.after_request
def private_responses(response):
    """Admin pages hold drafts and commenters' emails: never cache or index them."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


from blog.admin import (  # noqa: E402, F401
    account,
    auth,
    autosave,
    comments,
    dashboard,
    editor,
    media,
    menus,
    notice_links,
    outbox,
    password_reset,
    posts,
    previews,
    rescue,  # noqa: E402 (the guard above uses it)
    revisions,
    settings,
    subscribers,
    taxonomy,
    uploads,
)
