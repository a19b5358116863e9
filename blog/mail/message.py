"""An outbox row as the bytes sent: plain text first and HTML as its alternative, both
quoted-printable, with Date and Message-ID kept from the row, so a message sent again after a
crash is the same message (mail programs collapse two copies with one Message-ID).

Built with the email package's compat32 classes, not EmailMessage: the modern API parses and
refolds each of a message's 14 headers and weighs every body's encoding, about 2 ms a message
against 0.6 ms here, which a newsletter to thousands pays on the cores that serve the pages.
Only a header beyond ASCII or past 78 characters goes through the modern policy, for its
RFC 2047 words and its folding. Quoted-printable encodes each line on its own, so a line is
encoded once and remembered: a newsletter's messages differ only in the lines with the
reader's unsubscribe link.
"""

import functools
import hashlib
import json
from email import policy
from email.charset import QP, Charset
from email.generator import BytesGenerator
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.utils import format_datetime, getaddresses
from io import BytesIO

from blog.models import NewsletterIssue

UNSUBSCRIBE_SLOT = "__UNSUBSCRIBE_URL__"  # in an issue's body; each message fills its own
UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP
FOLD_AT = 78  # RFC 5322's line length for headers
# Headers arrive folded (_header_value); the generator folds only past SMTP's own limit.
WIRE = policy.compat32.clone(linesep="\r\n", max_line_length=998)


def envelope_sender(mail_from: str) -> str:
    found = getaddresses([mail_from])
    return found[0][1] if found and found[0][1] else mail_from


@functools.lru_cache(maxsize=8192)
def _encoded_line(line: str) -> str:
    return UTF8_QP.body_encode(line)


def _text_part(subtype: str, body: str) -> Message:
    # Lines as set_content splits them (CR, LF or CRLF), and a line break at the end.
    lines = (line.decode() for line in body.encode().splitlines())
    part = Message()
    part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload("".join(_encoded_line(line) + "\n" for line in lines))
    return part


def _header_value(name: str, value: str) -> str:
    """As it is if ASCII and short; else folded, with RFC 2047 words beyond ASCII, as the
    modern policy writes it (a URL in List-Unsubscribe stays whole on its line)."""
    if value.isascii() and len(name) + 2 + len(value) <= FOLD_AT:
        return value
    folded = policy.SMTP.header_factory(name, value).fold(policy=policy.SMTP)
    return folded.partition(": ")[2].removesuffix("\r\n")


def _boundary(message_id: str) -> str:
    # "=_" never occurs in quoted-printable; from the Message-ID, so a resend is the same bytes.
    return "=_" + hashlib.sha256(message_id.encode()).hexdigest()[:24]


def build(row, mail_from: str, issue: NewsletterIssue | None = None) -> bytes:
    headers = json.loads(row.headers or "{}")
    text, html = row.body_text, row.body_html
    if issue is not None:
        own_url = headers.get("List-Unsubscribe", "").strip("<>")
        text = issue.body_text.replace(UNSUBSCRIBE_SLOT, own_url)
        html = issue.body_html.replace(UNSUBSCRIBE_SLOT, own_url)
    if html:
        message = MIMEMultipart("alternative", boundary=_boundary(row.message_id),
                                _subparts=[_text_part("plain", text), _text_part("html", html)])
    else:
        message = _text_part("plain", text)
        message["MIME-Version"] = "1.0"
    for name, value in (("From", mail_from), ("To", row.recipient), ("Subject", row.subject),
                        ("Date", format_datetime(row.created_at)),
                        ("Message-ID", row.message_id), *headers.items()):
        message[name] = _header_value(name, value)
    out = BytesIO()
    BytesGenerator(out, policy=WIRE).flatten(message)
    return out.getvalue()
