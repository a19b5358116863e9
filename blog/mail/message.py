"""An outbox row as the bytes sent: `email.message.EmailMessage`, plain text first and HTML as
its alternative, with Date and Message-ID kept from the row, so a message sent again after a
crash is the same message (mail programs collapse two copies with one Message-ID)."""

import json
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from blog.models import NewsletterIssue

UNSUBSCRIBE_SLOT = "__UNSUBSCRIBE_URL__"  # in an issue's body; each message fills its own


def envelope_sender(mail_from: str) -> str:
    found = getaddresses([mail_from])
    return found[0][1] if found and found[0][1] else mail_from


def build(row, mail_from: str, issue: NewsletterIssue | None = None) -> bytes:
    headers = json.loads(row.headers or "{}")
    text, html = row.body_text, row.body_html
    if issue is not None:
        own_url = headers.get("List-Unsubscribe", "").strip("<>")
        text = issue.body_text.replace(UNSUBSCRIBE_SLOT, own_url)
        html = issue.body_html.replace(UNSUBSCRIBE_SLOT, own_url)
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = mail_from
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = row.message_id
    for name, value in headers.items():
        message[name] = value
    # Quoted-printable: the source stays readable, lines stay short, and the email package
    # does not weigh every encoding first (half the cost of building the message).
    message.set_content(text, cte="quoted-printable")
    if html:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message.as_bytes()
