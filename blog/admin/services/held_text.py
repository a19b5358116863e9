"""The editor's text, kept when it arrives after the session ended, until the writer logs in
again. Held in the database (every worker and server sees it), keyed to the account, or to a
random token in a small cookie when the session was gone altogether; never in the URL."""

import json
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from blog.extensions import db
from blog.models import HeldText, utcnow

HELD_TEXT_HOURS = 24
# The editor's fields kept, each at most as long as the editor accepts; anything else in the
# request (the file, the CSRF token) is not kept.
FIELD_LIMITS = {"type": 8, "title": 300, "slug": 200, "body": 1_000_000, "excerpt": 2000,
                "category": 20, "tags": 1000, "status": 16, "published_at": 32, "author": 20,
                "parent": 20, "allow_comments": 8, "version": 20, "visibility": 16,
                "post_password": 255, "sticky": 8, "featured_image": 20}
# Fields with several values (checkboxes), each value at most this long.
LIST_FIELDS = {"categories": 20}
# Text held for a browser rather than an account is capped in number: a stranger's POSTs can
# take at most this many rows (about 1 MB each), for a day.
MAX_ANONYMOUS = 50
MAX_PER_ACCOUNT = 20


def _expired_before():
    return utcnow() - timedelta(hours=HELD_TEXT_HOURS)


def hold(form, target: str, user_id: int | None) -> str:
    """Keep the editor's fields from `form`; returns the token that names them."""
    fields: dict = {key: str(form.get(key, ""))[:limit] for key, limit in FIELD_LIMITS.items()
                    if key in form}
    getlist = getattr(form, "getlist", None)
    for key, limit in LIST_FIELDS.items():
        if getlist is not None and key in form:
            fields[key] = [str(value)[:limit] for value in getlist(key)][:1000]
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(HeldText).where(HeldText.created_at < _expired_before()))
    _trim(user_id, MAX_PER_ACCOUNT if user_id else MAX_ANONYMOUS - 1)
    db.session.add(HeldText(token=token, user_id=user_id, target=target[:300],
                            fields=json.dumps(fields)))
    db.session.commit()
    return token


def _trim(user_id: int | None, keep: int) -> None:
    owner = HeldText.user_id == user_id if user_id else HeldText.user_id.is_(None)
    newest = (select(HeldText.id).where(owner)
              .order_by(HeldText.created_at.desc(), HeldText.id.desc()).limit(keep))
    db.session.execute(delete(HeldText).where(owner, HeldText.id.not_in(newest)))


def claim(token: str | None, user_id: int) -> str | None:
    """After a login: text held for this browser becomes the account's. Returns the editor
    path it came from, where the writer should land."""
    if not token:
        return None
    held = db.session.scalar(select(HeldText).where(
        HeldText.token == token, HeldText.created_at >= _expired_before()))
    if held is None or held.user_id not in (None, user_id):
        return None
    held.user_id = user_id
    target = held.target
    db.session.commit()
    return target


def latest_target(user_id: int) -> str | None:
    """The editor page of the newest text held for the account, if any."""
    return db.session.scalar(
        select(HeldText.target).where(HeldText.user_id == user_id,
                                      HeldText.created_at >= _expired_before())
        .order_by(HeldText.created_at.desc(), HeldText.id.desc()).limit(1))


def take(user_id: int, target: str) -> dict | None:
    """The newest text held for the account from this editor page, handed back once."""
    held = db.session.scalar(
        select(HeldText).where(HeldText.user_id == user_id, HeldText.target == target,
                               HeldText.created_at >= _expired_before())
        .order_by(HeldText.created_at.desc(), HeldText.id.desc()).limit(1))
    if held is None:
        return None
    fields = json.loads(held.fields)
    db.session.delete(held)
    db.session.commit()
    return fields
