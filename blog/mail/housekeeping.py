"""What the sender does besides sending: hand back messages whose sender died, queue the
newsletters that are due, and forget what no longer needs keeping (sent messages after
MAIL_KEEP_SENT_DAYS, subscriptions never confirmed within a week)."""

import time
from datetime import timedelta

from flask import Flask
from sqlalchemy import delete, func

from blog.extensions import db
from blog.mail import claims
from blog.mail.newsletter import fan_out_due
from blog.mail.tokens import CONFIRM_DAYS
from blog.models import OutboxMessage, Subscription, utcnow

PURGE_EVERY_S = 3600
_last_purge: dict[str, float] = {}


def run(app: Flask) -> None:
    with db.engine.connect() as connection:
        claims.recover_expired(connection)
    fan_out_due()
    key = app.config["SQLALCHEMY_DATABASE_URI"]
    if time.monotonic() - _last_purge.get(key, -PURGE_EVERY_S) >= PURGE_EVERY_S:
        purge(int(app.config["MAIL_KEEP_SENT_DAYS"]))
        _last_purge[key] = time.monotonic()


def purge(keep_sent_days: int) -> int:
    now = utcnow()
    gone = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status == "sent",
        OutboxMessage.sent_at < now - timedelta(days=keep_sent_days))).rowcount
    gone += db.session.execute(delete(Subscription).where(
        Subscription.confirmed_at.is_(None),
        func.coalesce(Subscription.confirm_sent_at, Subscription.created_at)
        < now - timedelta(days=CONFIRM_DAYS))).rowcount
    db.session.commit()
    return gone
