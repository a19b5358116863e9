"""The sender yields the CPU to the web workers: a newsletter to thousands must not slow pages."""

import os
import time

from blog.extensions import db
from blog.mail.compose import Rendered
from blog.mail.outbox import queue
from tests.mail.conftest import configure_mail, outbox, sender_process


def _niceness_once_started(process, timeout_s: float = 20.0) -> int:
    """The sender's niceness once it has delivered what was queued (it is running by then)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        niceness = os.getpriority(os.PRIO_PROCESS, process.pid)
        if niceness != os.getpriority(os.PRIO_PROCESS, 0):
            return niceness
        time.sleep(0.05)
    return os.getpriority(os.PRIO_PROCESS, process.pid)


def _queue_one(app, smtp) -> None:
    configure_mail(app, smtp.port)
    with app.app_context():
        queue("test", "reader@example.com", Rendered("Hello", "Hello.", ""))
        db.session.commit()


def test_the_sender_runs_below_the_web_workers_priority_and_still_delivers(app, smtp,
                                                                          database_url):
    _queue_one(app, smtp)
    sender = sender_process(database_url, smtp.port)
    try:
        assert _niceness_once_started(sender) == os.getpriority(os.PRIO_PROCESS, 0) + 10
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and outbox(app)[0].status != "sent":
            time.sleep(0.1)
        assert outbox(app)[0].status == "sent"
    finally:
        sender.terminate()
        sender.wait(10)


def test_a_niceness_of_zero_leaves_the_sender_at_the_web_workers_priority(app, smtp,
                                                                         database_url):
    _queue_one(app, smtp)
    sender = sender_process(database_url, smtp.port, MAIL_SENDER_NICENESS=0)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and outbox(app)[0].status != "sent":
            time.sleep(0.1)
        assert outbox(app)[0].status == "sent"
        assert os.getpriority(os.PRIO_PROCESS, sender.pid) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        sender.terminate()
        sender.wait(10)
