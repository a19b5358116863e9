"""One SMTP conversation per message over a kept-open connection (smtplib underneath).

The transaction is smtplib's `sendmail` taken apart at one point: the message's text goes
first, then `before_end()` runs, and only then the final "." that asks the server to accept
it. The sender commits "ending" in `before_end`, so it always knows whether a message might
have been accepted (see blog/mail/claims.py).
"""

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass

from blog.mail.smtp_url import SmtpServer

CRLF = b"\r\n"
_LEADING_DOT = re.compile(rb"(?m)^\.")
# RFC 5321 4.5.3.2.6: a client waits up to 10 minutes for the answer to the final ".";
# the sender's lease is renewed just before it, and lasts longer than this.
END_OF_DATA_TIMEOUT_S = 240


@dataclass(frozen=True)
class Answer:
    code: int
    text: str

    @property
    def accepted(self) -> bool:
        return 200 <= self.code < 300

    @property
    def temporary(self) -> bool:
        return 400 <= self.code < 500

    def __str__(self) -> str:
        return f"{self.code} {self.text}".strip()[:1000]


class Refused(Exception):
    """The server answered a command of this message with an error (4xx or 5xx)."""

    def __init__(self, answer: Answer, stage: str):
        super().__init__(f"{stage}: {answer}")
        self.answer = answer
        self.stage = stage


class Unreachable(Exception):
    """No usable connection: refused, timed out, TLS or login failed. No message was sent."""


class LostAfterEnd(Exception):
    """The connection broke after the final "." was sent: the server may have the message."""


def _answer(code: int, message: bytes | str) -> Answer:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return Answer(code, " ".join(text.split()))


def tls_context(verify: bool, ca_file: str = "") -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca_file or None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class Connection:
    def __init__(self, server: SmtpServer, context: ssl.SSLContext, timeout: float) -> None:
        self.server = server
        self.context = context
        self.timeout = timeout
        self.client: smtplib.SMTP | None = None

    @property
    def is_open(self) -> bool:
        return self.client is not None

    def open(self) -> None:
        server = self.server
        try:
            if server.implicit_tls:
                client = smtplib.SMTP_SSL(server.host, server.port, timeout=self.timeout,
                                          context=self.context)
            else:
                client = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
            # One message is several small writes (the "." goes alone): without NODELAY, Nagle's
            # algorithm and the server's delayed ACK stall each message by ~40 ms.
            client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.ehlo()
            if not server.implicit_tls and client.has_extn("starttls"):
                client.starttls(context=self.context)
                client.ehlo()
            if server.username:
                client.login(server.username, server.password)
        except smtplib.SMTPResponseException as error:
            raise Unreachable(str(_answer(error.smtp_code, error.smtp_error))) from error
        except (OSError, smtplib.SMTPException) as error:
            raise Unreachable(f"{type(error).__name__}: {error}") from error
        self.client = client

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()

    def drop(self) -> None:
        """After an error mid-conversation: close without another word to the server."""
        client, self.client = self.client, None
        if client is not None:
            client.close()

    def send(self, sender: str, recipient: str, message: bytes,
             before_end: Callable[[], bool]) -> Answer:
        """Deliver one message; the server's answer to the final "." (2xx), else Refused.
        `before_end` returning False abandons the message before its end (RSET)."""
        client = self.client
        self._expect(client.mail(sender), "MAIL FROM", (250,))
        self._expect(client.rcpt(recipient), "RCPT TO", (250, 251))
        self._expect(client.docmd("DATA"), "DATA", (354,))
        body = _LEADING_DOT.sub(b"..", message)
        if not body.endswith(CRLF):
            body += CRLF
        client.send(body)
        if not before_end():
            self.drop()  # an unfinished DATA is discarded by the server when we hang up
            raise Refused(Answer(0, "claim lost before the end of the message"), "claim")
        # A "." that could not be written never reached the server: that is an ordinary
        # connection error (SMTPServerDisconnected), and the message is sent again.
        client.send(b"." + CRLF)
        try:
            if client.sock is not None:
                client.sock.settimeout(max(self.timeout, END_OF_DATA_TIMEOUT_S))
            answer = _answer(*client.getreply())
            if client.sock is not None:
                client.sock.settimeout(self.timeout)
        except (OSError, smtplib.SMTPServerDisconnected) as error:  # timeouts are OSErrors
            self.drop()
            raise LostAfterEnd(f"{type(error).__name__}: {error}") from error
        if not answer.accepted:
            raise Refused(answer, "end of data")
        return answer

    def reset(self) -> None:
        """After a refusal: RSET so the connection takes the next message."""
        try:
            self.client.rset()
        except (OSError, smtplib.SMTPException):
            self.drop()

    @staticmethod
    def _expect(reply: tuple[int, bytes], stage: str, codes: tuple[int, ...]) -> None:
        answer = _answer(*reply)
        if answer.code not in codes:
            raise Refused(answer, stage)
