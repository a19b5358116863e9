"""BLOG_SMTP_URL: `smtp://[user:password@]host:port` (STARTTLS when the server offers it) or
`smtps://…` (TLS from the first byte). User and password are percent-decoded, so a password
with `@` or `:` is written `%40`, `%3A`."""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class BadSmtpUrl(ValueError):
    """BLOG_SMTP_URL is not an address the sender can use; the message says why."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    username: str = ""
    password: str = ""

    def describe(self) -> str:
        """The server without its password, for logs and the admin."""
        who = f"{self.username}@" if self.username else ""
        return f"{'smtps' if self.implicit_tls else 'smtp'}://{who}{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpServer:
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS:
        raise BadSmtpUrl("BLOG_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise BadSmtpUrl("BLOG_SMTP_URL has no host")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise BadSmtpUrl("BLOG_SMTP_URL has a port that is not a number") from error
    return SmtpServer(host=parts.hostname, port=port, implicit_tls=parts.scheme == "smtps",
                      username=unquote(parts.username or ""),
                      password=unquote(parts.password or ""))


def configured_server(config) -> SmtpServer | None:
    """The server from the settings, or None when mail only waits in the outbox."""
    url = (config.get("SMTP_URL") or "").strip()
    return parse_smtp_url(url) if url else None
