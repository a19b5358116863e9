"""Mail fixtures: a real SMTP server process (aiosmtpd, tests/mail/smtp_server.py) on a free
loopback port, an app that sends to it, and a sender run in this process or as its own."""

import json
import os
import re
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from blog.extensions import db
from blog.mail.sender import Sender
from blog.models import OutboxMessage
from blog.site_settings import save_site_settings
from tests.admin.conftest import admin_user, login, token  # noqa: F401 (fixtures)
from tests.conftest import csrf_token_from
from tests.server import ROOT

ADMIN_EMAIL = "writer@blog.example"
FROM = "ClingCentral <blog@blog.example>"


class SmtpProcess:
    """The server as a process: started, read, stopped (or killed) like a real one."""

    def __init__(self, folder: Path, args: list[str]):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.mail.smtp_server", "--record", str(folder), *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            start_new_session=True)
        line = self.process.stdout.readline()
        assert line.startswith("READY"), f"SMTP server did not start: {line!r}"
        self.port = int(line.split()[1])

    def messages(self) -> list:
        """Every message accepted so far, oldest first, parsed; `.envelope` holds MAIL/RCPT."""
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            meta, _, raw = path.read_bytes().partition(b"\n")
            message = BytesParser(policy=policy.default).parsebytes(raw)
            message.envelope = json.loads(meta)
            found.append(message)
        return found

    def wait_for(self, count: int, timeout: float = 20) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"{len(self.messages())} messages arrived, not {count}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def smtp_servers(tmp_path):
    started: list[SmtpProcess] = []

    def start(*args: str, name: str = "inbox") -> SmtpProcess:
        server = SmtpProcess(tmp_path / f"{name}-{len(started)}", list(args))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def smtp(smtp_servers) -> SmtpProcess:
    return smtp_servers()


def configure_mail(app, port: int, scheme: str = "smtp", **config) -> None:
    app.config.update({"SMTP_URL": f"{scheme}://127.0.0.1:{port}", "MAIL_FROM": FROM,
                       "SITE_URL": "https://blog.example", "MAIL_RETRY_SECONDS": 0,
                       "MAIL_MAX_PER_MINUTE": 0, "MAIL_BUSY_PER_MINUTE": 0,
                       "SMTP_TIMEOUT_SECONDS": 5, **config})
    with app.app_context():
        save_site_settings({"ADMIN_EMAIL": ADMIN_EMAIL})


@pytest.fixture
def mail_app(app, smtp):
    configure_mail(app, smtp.port)
    app.config["COMMENTS_MIN_SECONDS"] = 0
    app.config["COMMENTS_RATE_LIMIT"] = "1000 per second"
    return app


STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


def post_comment(client, post, **fields):
    """Load the article, then send its comment form, as a browser does."""
    html = client.get(f"/{post.path}/").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1),
            "name": "Ada Reader", "email": "ada@example.com", "body": "A thoughtful comment.",
            **fields}
    return client.post(f"/{post.path}/comments", data=data)


def deliver(app, rounds: int = 20) -> int:
    """Run the sender in this process until nothing is due (or `rounds` run out)."""
    sender = Sender(app)
    total = 0
    for _ in range(rounds):
        done = sender.step()
        total += done
        if not done:
            break
    if sender.smtp is not None:
        sender.smtp.close()
    return total


def outbox(app, **where) -> list[OutboxMessage]:
    with app.app_context():
        query = db.select(OutboxMessage).filter_by(**where).order_by(OutboxMessage.id)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def sender_process(database_url: str, smtp_port: int, **env) -> subprocess.Popen:
    """`flask --app wsgi send-mail` as its own process, as systemd or `make run` starts it."""
    environment = {
        **os.environ, "DATABASE_URL": database_url, "BLOG_SECRET_KEY": "sender-test-key",
        "BLOG_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}", "BLOG_MAIL_FROM": FROM,
        "BLOG_SITE_URL": "https://blog.example", "BLOG_MAIL_POLL_SECONDS": "0.1",
        "BLOG_MAIL_MAX_PER_MINUTE": "0", "BLOG_MAIL_BUSY_PER_MINUTE": "0",
        "BLOG_MAIL_RETRY_SECONDS": "0",
        "BLOG_SMTP_TIMEOUT_SECONDS": "5", **{f"BLOG_{k}": str(v) for k, v in env.items()},
    }
    return subprocess.Popen([str(Path(sys.executable).with_name("flask")), "--app", "wsgi",
                             "send-mail"], cwd=ROOT, env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


@pytest.fixture
def visitor(app):
    """A new browser each call: its own cookie jar."""
    return app.test_client
