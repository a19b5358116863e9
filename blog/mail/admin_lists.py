"""What the admin's outbox and subscriber pages show, and the CSV export."""

import csv
import io
from collections.abc import Iterator

from sqlalchemy import func, or_, select

from blog.extensions import db
from blog.models import MESSAGE_STATUSES, NewsletterIssue, OutboxMessage, Subscription

PER_PAGE = 30
LIST_NAMES = {"newsletter": "Newsletter", "replies": "Replies to comments"}


def outbox_counts() -> dict[str, int]:
    counts = dict.fromkeys(MESSAGE_STATUSES, 0)
    rows = db.session.execute(select(OutboxMessage.status, func.count())
                              .group_by(OutboxMessage.status))
    counts.update({status: n for status, n in rows})
    return counts


def outbox_page(status: str, page: int, query: str = "", kind: str = ""):
    statement = select(OutboxMessage).where(OutboxMessage.status == status)
    if kind:
        statement = statement.where(OutboxMessage.kind == kind)
    if query:
        like = f"%{query.lower()}%"
        statement = statement.where(or_(func.lower(OutboxMessage.recipient).like(like),
                                        func.lower(OutboxMessage.subject).like(like)))
    order = (OutboxMessage.sent_at.desc() if status == "sent"
             else OutboxMessage.next_attempt_at.asc())
    statement = statement.order_by(order, OutboxMessage.id.desc())
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def recent_issues(limit: int = 5) -> list[NewsletterIssue]:
    return list(db.session.scalars(
        select(NewsletterIssue).where(NewsletterIssue.status.in_(("sending", "done")))
        .order_by(NewsletterIssue.started_at.desc()).limit(limit)))


def subscriber_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(Subscription.list, Subscription.confirmed_at.is_not(None), func.count())
        .group_by(Subscription.list, Subscription.confirmed_at.is_not(None)))
    counts = {"newsletter": 0, "newsletter_pending": 0, "replies": 0, "replies_pending": 0}
    for list_name, confirmed, n in rows:
        counts[list_name if confirmed else f"{list_name}_pending"] += n
    return counts


def _subscribers(list_name: str, query: str):
    statement = select(Subscription).where(Subscription.list == list_name)
    if query:
        statement = statement.where(func.lower(Subscription.email).like(f"%{query.lower()}%"))
    return statement


def subscriber_page(list_name: str, page: int, query: str = ""):
    statement = _subscribers(list_name, query).order_by(Subscription.created_at.desc(),
                                                        Subscription.id.desc())
    return db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)


def subscribers_csv(list_name: str) -> Iterator[str]:
    """The list as CSV, streamed a few hundred rows at a time."""
    yield "email,status,subscribed_at,confirmed_at\r\n"
    statement = _subscribers(list_name, "").order_by(Subscription.id).execution_options(
        yield_per=500)
    for subscription in db.session.scalars(statement):
        out = io.StringIO()
        csv.writer(out).writerow([
            _csv_safe(subscription.email),
            "confirmed" if subscription.confirmed_at else "unconfirmed",
            subscription.created_at.isoformat(timespec="seconds"),
            subscription.confirmed_at.isoformat(timespec="seconds")
            if subscription.confirmed_at else ""])
        yield out.getvalue()


def _csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
