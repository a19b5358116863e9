"""Who sends which message: leases taken by conditional UPDATEs, so any number of senders (on
SQLite or PostgreSQL) never deliver one message twice.

A message's life: queued → (claimed) sending → sent, or back to queued with a later attempt,
or failed. Each step is its own commit on the sender's connection. The one step that cannot be
undone is the final "." of the message's data, so the sender commits `ending` just before it:

- a sender killed (or a lease run out) before `ending`: the server never got the "." and
  threw the message away; it is queued again and sent once.
- a sender killed after `ending`: the server probably accepted it. It is not sent again but
  counted as sent, marked "unconfirmed" for the admin, who can send it again. What remains
  of the window is the few microseconds between that commit and writing the "." to the
  socket: a kill exactly there loses the message (shown as unconfirmed, not as failed).
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, bindparam, or_, select, update

from blog.models import OutboxMessage, utcnow

UNCONFIRMED = ("unconfirmed: the sender stopped after sending the end of the message, so the "
               "server's answer was not recorded; counted as sent so it is never sent twice")
LOST_AFTER_END = ("unconfirmed: the connection broke after the end of the message was sent "
                  "({}); counted as sent so it is never sent twice")

# Kinds whose body is a secret (a password-reset link): emptied once the server has it.
SECRET_KINDS = ("password_reset",)
SECRET_REMOVED = "(removed once sent: it held a password-reset link)"  # noqa: S105

table = OutboxMessage.__table__
c = table.c


def new_claimer() -> str:
    return secrets.token_hex(8)


DUE = (select(c.id)
       .where(c.status == "queued", c.next_attempt_at <= bindparam("now"))
       .order_by(c.priority, c.next_attempt_at, c.id)
       .limit(bindparam("limit")))
TAKE = (update(table)
        .where(c.id.in_(bindparam("ids", expanding=True)), c.status == "queued")
        .values(status="sending", claimed_by=bindparam("claimer"),
                lease_until=bindparam("lease"), attempts=c.attempts + 1, ending=False))
MINE = (select(table).where(c.claimed_by == bindparam("claimer"), c.status == "sending")
        .order_by(c.priority, c.next_attempt_at, c.id))
_OWN = and_(c.id == bindparam("row_id"), c.claimed_by == bindparam("claimer"),
            c.status == "sending")


def claim(connection: Connection, claimer: str, limit: int, lease_s: float) -> list:
    """Take up to `limit` due messages; returns the rows this claimer won (others may win
    some of the same candidates: each UPDATE only takes rows still queued)."""
    now = utcnow()
    ids = list(connection.execute(DUE, {"now": now, "limit": limit}).scalars())
    if not ids:
        return []
    connection.execute(TAKE, {"ids": ids, "claimer": claimer,
                              "lease": now + timedelta(seconds=lease_s)})
    connection.commit()
    return list(connection.execute(MINE, {"claimer": claimer}))


def mark_ending(connection: Connection, claimer: str, message_id: int, lease_s: float) -> bool:
    """Just before the final ".": False if this claimer no longer holds the message."""
    done = connection.execute(
        update(table).where(_OWN).values(
            ending=True, lease_until=utcnow() + timedelta(seconds=lease_s)),
        {"row_id": message_id, "claimer": claimer}).rowcount
    connection.commit()
    return done == 1


def finish(connection: Connection, claimer: str, message_id: int, status: str, answer: str,
           next_attempt_at: datetime | None = None, count_attempt: bool = True) -> None:
    """Record the outcome: sent, failed, or queued again (for `next_attempt_at`)."""
    values = {"status": status, "last_answer": answer[:1000], "claimed_by": None,
              "lease_until": None, "ending": False}
    if status == "sent":
        values["sent_at"] = utcnow()
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    if not count_attempt:
        values["attempts"] = c.attempts - 1
    connection.execute(update(table).where(_OWN).values(**values),
                       {"row_id": message_id, "claimer": claimer})
    if status == "sent":
        _forget_secrets(connection, c.id == message_id)
    connection.commit()


def _forget_secrets(connection: Connection, which) -> None:
    connection.execute(update(table).where(which, c.status == "sent",
                                           c.kind.in_(SECRET_KINDS))
                       .values(body_text=SECRET_REMOVED, body_html=""))


def release(connection: Connection, claimer: str, answer: str, next_attempt_at: datetime) -> int:
    """Give back every message still claimed (not yet at its end): the attempt never reached
    the server, so it does not count. An empty `answer` keeps the last one."""
    values = {"status": "queued", "claimed_by": None, "lease_until": None,
              "attempts": c.attempts - 1, "next_attempt_at": next_attempt_at}
    if answer:
        values["last_answer"] = answer[:1000]
    done = connection.execute(
        update(table)
        .where(c.claimed_by == claimer, c.status == "sending", c.ending.is_(False))
        .values(**values)).rowcount
    connection.commit()
    return done


EXPIRED = (select(c.id).where(c.status == "sending", c.lease_until < bindparam("now"))
           .limit(1))


def recover_expired(connection: Connection) -> int:
    """Messages whose sender died: queued again if they never reached their end, else counted
    as sent (unconfirmed). A cheap read first, so an idle sender writes nothing."""
    now = utcnow()
    if connection.execute(EXPIRED, {"now": now}).first() is None:
        connection.rollback()
        return 0
    expired = and_(c.status == "sending", c.lease_until < now)
    requeued = connection.execute(
        update(table).where(expired, c.ending.is_(False))
        .values(status="queued", claimed_by=None, lease_until=None)).rowcount
    assumed = connection.execute(
        update(table).where(expired, c.ending.is_(True))
        .values(status="sent", sent_at=now, claimed_by=None, lease_until=None, ending=False,
                last_answer=UNCONFIRMED)).rowcount
    if assumed:
        _forget_secrets(connection, c.last_answer == UNCONFIRMED)
    connection.commit()
    return requeued + assumed


def retry(connection: Connection, ids: list[int] | None = None) -> int:
    """The admin's "send again": failed (or the given) messages queued for now, attempts reset."""
    condition = c.id.in_(ids) if ids else c.status == "failed"
    done = connection.execute(
        update(table).where(condition, or_(c.status == "failed", c.status == "sent"))
        .values(status="queued", attempts=0, next_attempt_at=utcnow(), ending=False,
                last_answer="")).rowcount
    connection.commit()
    return done
