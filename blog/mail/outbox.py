"""Writing to the outbox: one row per message and recipient, on the session's connection, so it
commits (or rolls back) with the event that caused it. Nothing here talks to a mail server."""

import json
import secrets
from email.headerregistry import Address
from email.utils import getaddresses

from flask import current_app
from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite

from blog.extensions import db
from blog.mail.compose import Rendered
from blog.mail.links import host_of, site_root
from blog.models import OutboxMessage, utcnow
from blog.site_settings import site_setting

# Mail a person is waiting for goes before the newsletter's thousands.
URGENT, BULK = 0, 1
NEW_MESSAGE = insert(OutboxMessage)


def mail_from(root: str | None = None) -> str:
    """The From header: BLOG_MAIL_FROM, else the site's title at blog@<its host>."""
    configured = (current_app.config.get("MAIL_FROM") or "").strip()
    if configured:
        return configured
    return str(Address(site_setting("SITE_TITLE"), "blog", host_of(root or site_root())))


def mail_domain() -> str:
    """The domain of the From address, for Message-IDs."""
    found = getaddresses([mail_from()])
    address = found[0][1] if found else ""
    return address.rpartition("@")[2] or "localhost"


def new_message_id(kind: str, domain: str | None = None) -> str:
    return f"<{secrets.token_hex(12)}.{kind.replace('_', '-')}@{domain or mail_domain()}>"


def one_click_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 8058: the POST to this URL unsubscribes at once."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def row(kind: str, recipient: str, rendered: Rendered, *, headers: dict | None = None,
        priority: int = URGENT, message_id: str | None = None, **columns) -> dict:
    """The outbox row for one message (the INSERT's parameters)."""
    now = utcnow()
    return {
        "kind": kind, "priority": priority, "recipient": recipient,
        "subject": rendered.subject[:300], "body_text": rendered.text, "body_html": rendered.html,
        "headers": json.dumps(headers or {}), "message_id": message_id or new_message_id(kind),
        "status": "queued", "attempts": 0, "next_attempt_at": now, "ending": False,
        "last_answer": "", "created_at": now, "issue_id": None, "subscription_id": None,
        "dedupe_key": None, **columns,
    }


def queue(kind: str, recipient: str, rendered: Rendered, **options) -> None:
    """Add a message to the outbox in the session's transaction (the caller commits)."""
    db.session.connection().execute(NEW_MESSAGE, row(kind, recipient, rendered, **options))


def queue_new_only(rows: list[dict]) -> int:
    """Queue these rows, skipping any whose dedupe key is already in the outbox (another
    sender or an earlier approval queued it); returns how many were new."""
    if not rows:
        return 0
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(OutboxMessage.__table__).on_conflict_do_nothing(
        index_elements=["dedupe_key"])
    return db.session.connection().execute(statement, rows).rowcount


def admin_address() -> str:
    return str(site_setting("ADMIN_EMAIL") or "").strip()
