"""The outbox sender: `flask --app wsgi send-mail`, or beside granian under `make run`.

One loop: hand back messages whose sender died, queue due newsletters, then claim a batch and
deliver it over one kept-open SMTP connection, throttled to MAIL_MAX_PER_MINUTE (and to
MAIL_BUSY_PER_MINUTE while the machine's CPUs are busy). A server that answers 4xx is tried
again with a doubling wait, up to MAIL_MAX_ATTEMPTS; a 5xx fails the message at once; both
keep the server's answer. A server that cannot be reached (or refuses the login or TLS) costs
no attempt: the messages stay queued and the sender waits longer each time. Pages never wait
for any of it: they only write rows.
"""

import logging
import os
import signal
import smtplib
import time
from collections.abc import Callable
from datetime import timedelta

from flask import Flask

from blog.extensions import db
from blog.mail import claims, housekeeping
from blog.mail.cpu_pressure import cpu_pressure
from blog.mail.message import build, envelope_sender
from blog.mail.outbox import mail_from
from blog.mail.smtp import Connection, LostAfterEnd, Refused, Unreachable, tls_context
from blog.mail.smtp_url import configured_server
from blog.models import NewsletterIssue, utcnow

log = logging.getLogger(__name__)
MAX_RETRY_WAIT_S = 4 * 3600
MAX_UNREACHABLE_WAIT_S = 300
IDLE_CLOSE_S = 30  # an idle connection is closed; the next message opens one
BUSY_PRESSURE = 0.25  # tasks waited for a CPU a quarter of the last 10 s: the site is busy
PRESSURE_CHECK_S = 1.0


def retry_wait(attempts: int, base_s: float) -> float:
    """The wait after the `attempts`-th try: base, 2×base, 4×base … at most four hours."""
    return min(MAX_RETRY_WAIT_S, base_s * 2 ** max(0, attempts - 1))


class Throttle:
    """At most `per_minute` messages a minute, and `busy_per_minute` while the CPUs are busy
    (`pressure()` at BUSY_PRESSURE or more, read at most once a second): mail can wait for
    a site under load, its readers should not wait for mail. 0 means no limit."""

    def __init__(self, per_minute: float, busy_per_minute: float = 0,
                 pressure: Callable[[], float] = cpu_pressure) -> None:
        self.interval = self._interval(per_minute)
        self.busy_interval = self._interval(busy_per_minute)
        self.pressure = pressure
        self.next_at = 0.0
        self.busy = False
        self.busy_checked_at = -PRESSURE_CHECK_S

    @staticmethod
    def _interval(per_minute: float) -> float:
        return 60.0 / per_minute if per_minute > 0 else 0.0

    def current_interval(self) -> float:
        if self.busy_interval <= self.interval:
            return self.interval
        now = time.monotonic()
        if now - self.busy_checked_at >= PRESSURE_CHECK_S:
            self.busy = self.pressure() >= BUSY_PRESSURE
            self.busy_checked_at = now
        return self.busy_interval if self.busy else self.interval

    def wait(self) -> None:
        interval = self.current_interval()
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + interval


class Sender:
    def __init__(self, app: Flask, parent_pid: int | None = None) -> None:
        config = app.config
        self.app = app
        self.server = configured_server(config)
        self.claimer = claims.new_claimer()
        self.lease_s = float(config["MAIL_LEASE_SECONDS"])
        self.max_attempts = int(config["MAIL_MAX_ATTEMPTS"])
        self.retry_s = float(config["MAIL_RETRY_SECONDS"])
        self.poll_s = float(config["MAIL_POLL_SECONDS"])
        per_minute = float(config["MAIL_MAX_PER_MINUTE"])
        busy_per_minute = float(config["MAIL_BUSY_PER_MINUTE"])
        self.throttle = Throttle(per_minute, busy_per_minute)
        # A batch takes at most a quarter of its lease at the slower pace (0: unthrottled).
        paces = [pace for pace in (per_minute, busy_per_minute) if pace > 0]
        per_second = min(paces) / 60 if paces else 100
        self.batch = max(1, min(100, int(per_second * self.lease_s / 4)))
        self.parent_pid = parent_pid
        self.stopping = False
        self.unreachable_s = 0.0
        self.smtp = None
        if self.server is not None:
            context = tls_context(bool(config["SMTP_TLS_VERIFY"]), config["SMTP_CA_FILE"])
            self.smtp = Connection(self.server, context, float(config["SMTP_TIMEOUT_SECONDS"]))

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        if self.server is None:
            log.warning("BLOG_SMTP_URL is not set: mail waits in the outbox (listed in the "
                        "admin) until it is")
        else:
            log.info("sending mail through %s", self.server.describe())
        idle_since = time.monotonic()
        while not self.stopping and self._parent_alive():
            done = self.step()
            if done:
                idle_since = time.monotonic()
            elif self.smtp and self.smtp.is_open and time.monotonic() - idle_since > IDLE_CLOSE_S:
                self.smtp.close()
            if not done:
                self._sleep(self.unreachable_s or self.poll_s)
        if self.smtp:
            self.smtp.close()

    def step(self) -> int:
        """One round; how many messages it delivered or settled."""
        with self.app.app_context():
            try:
                housekeeping.run(self.app)
                if self.smtp is None:
                    return 0
                return self.deliver_batch()
            finally:
                db.session.remove()

    def deliver_batch(self) -> int:
        with db.engine.connect() as connection:
            batch = claims.claim(connection, self.claimer, self.batch, self.lease_s)
            if not batch:
                return 0
            sender_header = mail_from()
            issues: dict[int, NewsletterIssue] = {}
            done = 0
            for row in batch:
                if self.stopping:
                    break
                issue = self._issue(issues, row.issue_id)
                self.throttle.wait()
                if not self._deliver(connection, row, sender_header, issue):
                    break
                done += 1
            claims.release(connection, self.claimer, "", utcnow())  # stopped early
            return done

    def _deliver(self, connection, row, sender_header: str, issue) -> bool:
        """Deliver one message; False when the server is unreachable (the rest wait)."""
        smtp = self.smtp
        try:
            if not smtp.is_open:
                smtp.open()
                self.unreachable_s = 0.0
        except Unreachable as error:
            self.unreachable_s = min(MAX_UNREACHABLE_WAIT_S, max(5.0, self.unreachable_s * 2))
            log.warning("mail server unreachable (%s); trying again in %.0f s", error,
                        self.unreachable_s)
            claims.release(connection, self.claimer, f"waiting: {error}",
                           utcnow() + timedelta(seconds=self.unreachable_s))
            return False
        data = build(row, sender_header, issue)
        try:
            answer = smtp.send(envelope_sender(sender_header), row.recipient, data,
                               lambda: claims.mark_ending(connection, self.claimer, row.id,
                                                          self.lease_s))
        except Refused as refused:
            if refused.stage != "claim":
                smtp.reset()
                self._refused(connection, row, refused)
            return True
        except LostAfterEnd as error:
            claims.finish(connection, self.claimer, row.id, "sent",
                          claims.LOST_AFTER_END.format(error))
            return True
        except (OSError, smtplib.SMTPException) as error:
            smtp.drop()
            self._again(connection, row, f"connection lost before the end: {error}")
            return True
        claims.finish(connection, self.claimer, row.id, "sent", str(answer))
        log.info("mail %s (%s) sent: %s", row.id, row.kind, answer)
        return True

    def _refused(self, connection, row, refused: Refused) -> None:
        answer = f"{refused.stage}: {refused.answer}"
        if refused.answer.temporary:
            self._again(connection, row, answer)
        else:
            log.warning("mail %s (%s) failed: %s", row.id, row.kind, answer)
            claims.finish(connection, self.claimer, row.id, "failed", answer)

    def _again(self, connection, row, answer: str) -> None:
        if row.attempts >= self.max_attempts:
            log.warning("mail %s (%s) failed after %s attempts: %s", row.id, row.kind,
                        row.attempts, answer)
            claims.finish(connection, self.claimer, row.id, "failed", answer)
            return
        wait = retry_wait(row.attempts, self.retry_s)
        claims.finish(connection, self.claimer, row.id, "queued", answer,
                      next_attempt_at=utcnow() + timedelta(seconds=wait))

    @staticmethod
    def _issue(issues: dict, issue_id: int | None):
        if issue_id is None:
            return None
        if issue_id not in issues:
            issues[issue_id] = db.session.get(NewsletterIssue, issue_id)
        return issues[issue_id]

    def _stop(self, _signum, _frame) -> None:
        self.stopping = True

    def _parent_alive(self) -> bool:
        return self.parent_pid is None or os.getppid() == self.parent_pid

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))
