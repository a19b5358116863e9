"""Exactly once, with the sender SIGKILLed at each point of an SMTP conversation, and with two
senders running at once: every message reaches the real server process, none twice."""

import time
from collections import Counter

import pytest

from blog.extensions import db
from blog.mail.compose import Rendered
from blog.mail.outbox import queue
from tests.mail.conftest import configure_mail, deliver, outbox, sender_process
from tests.mail.killing_proxy import KillingProxy

MARKER = "BODY-MARKER-7f3a"
LEASE_S = 1.5
# (point, what the sender has written when it dies, or the server's answer it dies before)
KILL_POINTS = [
    ("saying EHLO", {"trigger": b"EHLO"}),
    ("at MAIL FROM", {"trigger": b"MAIL FROM"}),
    ("at RCPT TO", {"trigger": b"RCPT TO"}),
    ("at DATA", {"trigger": b"DATA\r\n"}),
    ("in the middle of the message", {"trigger": MARKER.encode()}),
    ("right after the end of the message", {"trigger": b"\r\n.\r\n"}),
    ("before the server's 250 reaches it", {"reply_trigger": b"250 2.0.0"}),
]


def _queue_three(app, first_body: str = "") -> None:
    with app.app_context():
        texts = [first_body or "One.", "Two.", "Three."]
        for n, text in enumerate(texts):
            queue("test", f"reader{n}@example.com", Rendered(f"Message {n}", text, ""))
        db.session.commit()


def _delivered_once_each(smtp, app) -> None:
    messages = smtp.messages()
    ids = Counter(m["Message-ID"] for m in messages)
    rows = outbox(app)
    assert sorted(ids) == sorted(r.message_id for r in rows), "a message was lost"
    assert set(ids.values()) == {1}, f"a message arrived twice: {ids}"
    assert {r.status for r in rows} == {"sent"}


@pytest.mark.parametrize(("point", "rule"), KILL_POINTS, ids=[p for p, _ in KILL_POINTS])
def test_a_sender_killed_at_any_point_loses_nothing_and_sends_nothing_twice(
        app, smtp, database_url, point, rule):
    configure_mail(app, smtp.port)
    # In the middle: a message too big for the sockets' buffers, so the kill lands inside it.
    _queue_three(app, (MARKER + " " + "x" * 76 + "\n") * 150_000 if "middle" in point else "")
    proxy = KillingProxy(smtp.port, **rule)
    victim = sender_process(database_url, proxy.port, MAIL_LEASE_SECONDS=LEASE_S)
    proxy.victim_pid = victim.pid
    try:
        assert proxy.killed.wait(30), "the sender never reached " + point
        victim.wait(10)
    finally:
        proxy.close()
        if victim.poll() is None:
            victim.kill()
    time.sleep(LEASE_S + 0.5)  # the dead sender's lease runs out
    deliver(app)  # another sender takes over, straight to the server
    _delivered_once_each(smtp, app)
    unconfirmed = [r for r in outbox(app) if r.last_answer.startswith("unconfirmed")]
    assert len(unconfirmed) == (1 if "end of the message" in point or "250" in point else 0)


def test_two_senders_at_once_deliver_each_message_once(app, smtp, database_url):
    configure_mail(app, smtp.port)
    with app.app_context():
        for n in range(150):
            queue("test", f"reader{n}@example.com", Rendered(f"Message {n}", "Hello.", ""))
        db.session.commit()
    senders = [sender_process(database_url, smtp.port) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(r.status != "sent" for r in outbox(app)):
            time.sleep(0.2)
    finally:
        for sender in senders:
            sender.terminate()
            sender.wait(10)
    assert all(sender.returncode == 0 for sender in senders)  # SIGTERM: a clean stop
    _delivered_once_each(smtp, app)
    assert len(smtp.messages()) == 150
