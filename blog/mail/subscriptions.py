"""Double opt-in for both lists (the newsletter, replies to one's comments), unsubscribing and
erasing. Each function writes in the caller's transaction; the caller commits.

Asking again never tells anyone whether an address is known, and never mails an address more
than one confirmation an hour, so a form cannot be used to flood someone's inbox."""

import secrets
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, func, select

from blog.extensions import db
from blog.mail import tokens
from blog.mail.compose import Rendered
from blog.mail.links import url_at
from blog.mail.outbox import queue
from blog.models import OutboxMessage, ReplyWatch, Subscription, utcnow

RESEND_AFTER = timedelta(hours=1)
CONFIRM_KIND = {"newsletter": "confirm_newsletter", "replies": "confirm_replies"}


def find(email: str, list_name: str) -> Subscription | None:
    return db.session.scalar(select(Subscription).where(
        Subscription.email == email.strip().lower(), Subscription.list == list_name))


def ask(email: str, list_name: str, root: str,
        confirmation: Callable[[str], Rendered]) -> Subscription:
    """The subscription for this address, made if new; a confirmation is queued when it is
    unconfirmed and none went out in the last hour. `confirmation(url)` renders it."""
    email = email.strip().lower()
    subscription = find(email, list_name)
    if subscription is None:
        subscription = Subscription(email=email, list=list_name, key=secrets.token_hex(16))
        db.session.add(subscription)
    if subscription.confirmed_at is not None:
        return subscription
    now = utcnow()
    sent = subscription.confirm_sent_at
    if sent is not None and now - sent < RESEND_AFTER:
        return subscription
    subscription.confirm_sent_at = now
    db.session.flush()
    url = url_at(root, "mail.confirm", token=tokens.confirm_token(subscription.key))
    queue(CONFIRM_KIND[list_name], email, confirmation(url), subscription_id=subscription.id)
    return subscription


def by_confirm_token(token: str) -> Subscription | None:
    key = tokens.key_from_confirm(token)
    return _by_key(key) if key else None


def by_unsubscribe_token(token: str) -> Subscription | None:
    key = tokens.key_from_unsubscribe(token)
    return _by_key(key) if key else None


def _by_key(key: str) -> Subscription | None:
    return db.session.scalar(select(Subscription).where(Subscription.key == key))


def confirm(subscription: Subscription) -> None:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()


def unsubscribe(subscription: Subscription) -> None:
    """Gone at once: the row, its reply watches and every message queued for it (cascades)."""
    db.session.execute(delete(ReplyWatch).where(ReplyWatch.subscription_id == subscription.id))
    db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.subscription_id == subscription.id))
    db.session.delete(subscription)


def erase_address(email: str) -> int:
    """Every trace of an address in mail: its subscriptions, their watches, and each message
    to it, sent or not. Returns how many rows went."""
    email = email.strip().lower()
    ids = list(db.session.scalars(select(Subscription.id).where(Subscription.email == email)))
    gone = 0
    if ids:
        gone += db.session.execute(
            delete(ReplyWatch).where(ReplyWatch.subscription_id.in_(ids))).rowcount
    gone += db.session.execute(delete(OutboxMessage).where(
        func.lower(OutboxMessage.recipient) == email)).rowcount
    gone += db.session.execute(delete(Subscription).where(Subscription.id.in_(ids))).rowcount
    return gone
