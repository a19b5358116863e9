"""The sender yields the CPU to the web workers: a newsletter to thousands must not slow pages
(its niceness, and a slower throttle while the CPUs are busy)."""

import os
import time

from blog.extensions import db
from blog.mail.compose import Rendered
from blog.mail.cpu_pressure import cpu_pressure, parse_psi
from blog.mail.outbox import queue
from blog.mail.sender import Sender, Throttle
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


def test_cpu_pressure_is_read_from_the_kernel_as_a_share_of_time():
    psi = ("some avg10=37.50 avg60=12.00 avg300=3.10 total=123456\n"
           "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")
    assert parse_psi(psi) == 0.375
    assert parse_psi("") is None
    assert 0.0 <= cpu_pressure() <= 64  # this machine's own, from PSI or the load average



def test_the_busy_throttle_holds_only_while_busy_and_only_when_it_is_slower():
    def interval(per_minute, busy_per_minute, pressure):
        return Throttle(per_minute, busy_per_minute, lambda: pressure).current_interval()

    assert interval(1200, 120, 0.10) == 0.05  # not busy: the throttle's pace
    assert interval(1200, 120, 0.90) == 0.5  # busy: 120 a minute
    assert interval(0, 120, 0.90) == 0.5  # unthrottled, but busy
    assert interval(60, 120, 0.90) == 1.0  # the throttle is already slower
    assert interval(1200, 0, 0.90) == 0.05  # no busy throttle


def test_the_pressure_is_read_at_most_once_a_second():
    reads = []
    throttle = Throttle(1200, 120, lambda: reads.append(1) or 0.9)
    for _ in range(50):
        throttle.current_interval()
    assert len(reads) == 1


def test_while_the_cpus_are_busy_the_sender_delivers_at_the_busy_pace(app, smtp):
    configure_mail(app, smtp.port, MAIL_MAX_PER_MINUTE=0, MAIL_BUSY_PER_MINUTE=600)
    with app.app_context():
        for number in range(6):
            queue("test", f"reader{number}@example.com", Rendered("Hello", "Hello.", ""))
        db.session.commit()
    sender = Sender(app)
    sender.throttle.pressure = lambda: 0.9  # tasks waited for a CPU 90% of the last 10 s
    started = time.monotonic()
    assert sender.step() == 6
    elapsed = time.monotonic() - started
    sender.smtp.close()
    assert len(smtp.wait_for(6)) == 6
    assert elapsed >= 0.5  # one message each 0.1 s, the first at once
