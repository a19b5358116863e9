"""The sender against real SMTP server processes: TLS and login, retries on 4xx with a bound,
5xx failures with the answer kept, a server that is down losing nothing."""

from datetime import timedelta

import pytest
import trustme
from sqlalchemy import update

from blog.extensions import db
from blog.mail.compose import Rendered
from blog.mail.outbox import queue
from blog.mail.sender import retry_wait
from blog.mail.smtp_url import BadSmtpUrl, parse_smtp_url
from blog.models import OutboxMessage, utcnow
from tests.conftest import csrf_token_from
from tests.mail.conftest import configure_mail, deliver, outbox, post_comment
from tests.server import free_port


def _queue(app, *recipients: str) -> None:
    with app.app_context():
        for n, recipient in enumerate(recipients):
            queue("test", recipient, Rendered(f"Message {n}", f"Text {n}", f"<p>HTML {n}</p>"))
        db.session.commit()


@pytest.fixture
def certificates(tmp_path):
    """A certificate authority and a server certificate for 127.0.0.1, made here."""
    authority = trustme.CA()
    server = authority.issue_cert("127.0.0.1", "localhost")
    paths = {name: tmp_path / f"{name}.pem" for name in ("ca", "cert", "key")}
    authority.cert_pem.write_to_path(paths["ca"])
    server.cert_chain_pems[0].write_to_path(paths["cert"])
    server.private_key_pem.write_to_path(paths["key"])
    return {name: str(path) for name, path in paths.items()}


def test_starttls_and_login_when_the_server_offers_them(app, smtp_servers, certificates):
    server = smtp_servers("--tls", certificates["cert"], certificates["key"],
                          "--auth", "blog:p@ss:word")
    configure_mail(app, server.port, SMTP_CA_FILE=certificates["ca"],
                   SMTP_URL=f"smtp://blog:p%40ss%3Aword@127.0.0.1:{server.port}")
    _queue(app, "reader@example.com")
    assert deliver(app) == 1
    [message] = server.wait_for(1)
    assert message.envelope["tls"] and message.envelope["auth"]


def test_smtps_speaks_tls_from_the_first_byte(app, smtp_servers, certificates):
    server = smtp_servers("--tls", certificates["cert"], certificates["key"], "--implicit-tls")
    configure_mail(app, server.port, scheme="smtps", SMTP_CA_FILE=certificates["ca"])
    _queue(app, "reader@example.com")
    assert deliver(app) == 1
    assert server.wait_for(1)[0].envelope["tls"]


def test_an_untrusted_certificate_keeps_the_mail_queued_with_the_reason(
        app, smtp_servers, certificates):
    server = smtp_servers("--tls", certificates["cert"], certificates["key"])
    configure_mail(app, server.port)  # the test's authority is not trusted
    _queue(app, "reader@example.com")
    deliver(app)
    [message] = outbox(app)
    assert (message.status, message.attempts) == ("queued", 0)
    assert "CERTIFICATE_VERIFY_FAILED" in message.last_answer
    assert server.messages() == []


def test_a_wrong_password_keeps_the_mail_queued_with_the_servers_answer(
        app, smtp_servers, certificates):
    server = smtp_servers("--tls", certificates["cert"], certificates["key"],
                          "--auth", "blog:right")
    configure_mail(app, server.port, SMTP_CA_FILE=certificates["ca"],
                   SMTP_URL=f"smtp://blog:wrong@127.0.0.1:{server.port}")
    _queue(app, "reader@example.com")
    deliver(app)
    [message] = outbox(app)
    assert message.status == "queued" and message.last_answer.startswith("waiting: 535")


def test_a_4xx_answer_is_tried_again_until_it_goes(app, smtp_servers):
    server = smtp_servers("--refuse", "rcpt:451:2")
    configure_mail(app, server.port)
    _queue(app, "reader@example.com")
    deliver(app)
    [message] = outbox(app)
    assert (message.status, message.attempts) == ("sent", 3)
    assert len(server.wait_for(1)) == 1


def test_retries_wait_longer_each_time_and_stop_at_the_bound(app, smtp_servers):
    server = smtp_servers("--refuse", "rcpt:451:100")
    configure_mail(app, server.port, MAIL_RETRY_SECONDS=60, MAIL_MAX_ATTEMPTS=3)
    _queue(app, "reader@example.com")
    waits = []
    for _ in range(3):
        started = utcnow()
        deliver(app)
        [message] = outbox(app)
        if message.status == "queued":
            waits.append((message.next_attempt_at - started).total_seconds())
        with app.app_context():  # the wait has passed
            db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
            db.session.commit()
    assert [round(w / 60) for w in waits] == [1, 2]
    [message] = outbox(app)
    assert (message.status, message.attempts) == ("failed", 3)
    assert "451" in message.last_answer and "RCPT TO" in message.last_answer
    assert retry_wait(20, 60) == 4 * 3600


def test_a_5xx_answer_fails_that_message_at_once_and_the_rest_still_go(app, smtp_servers):
    server = smtp_servers("--refuse-address", "gone@example.com:550")
    configure_mail(app, server.port)
    _queue(app, "gone@example.com", "here@example.com")
    deliver(app)
    gone, here = outbox(app)
    assert (gone.status, gone.attempts) == ("failed", 1)
    assert gone.last_answer.startswith("RCPT TO: 550")
    assert here.status == "sent"
    assert [m["To"] for m in server.wait_for(1)] == ["here@example.com"]


def test_a_server_that_is_down_slows_no_page_and_loses_nothing(app, smtp_servers, client,
                                                               make):
    port = free_port()  # nothing listens here yet
    configure_mail(app, port, COMMENTS_MIN_SECONDS=0)
    post = make.post(slug="down")
    assert post_comment(client, post, email="new@example.com").status_code == 303
    deliver(app)
    [message] = outbox(app)
    assert (message.status, message.attempts) == ("queued", 0)
    assert message.last_answer.startswith("waiting: ")
    server = smtp_servers("--port", str(port))
    with app.app_context():  # the sender's wait for the server has passed
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
    deliver(app)
    assert outbox(app)[0].status == "sent"
    assert len(server.wait_for(1)) == 1


def test_the_admin_sees_the_failure_and_sends_it_again(app, smtp_servers, client, login, token):
    refusing = smtp_servers("--refuse-address", "reader@example.com:550")
    configure_mail(app, refusing.port)
    _queue(app, "reader@example.com")
    deliver(app)
    page = client.get("/admin/outbox/?status=failed").get_data(as_text=True)
    assert "550 No such user here" in page and "reader@example.com" in page
    accepting = smtp_servers()
    configure_mail(app, accepting.port)
    [message] = outbox(app)
    response = client.post("/admin/outbox/retry", data={
        "csrf_token": csrf_token_from(page), "message": str(message.id)})
    assert response.status_code == 303
    deliver(app)
    assert outbox(app)[0].status == "sent" and len(accepting.wait_for(1)) == 1


def test_without_an_smtp_url_mail_waits_in_the_outbox_and_the_admin_is_told(
        app, client, login, make):
    _queue(app, "reader@example.com")
    assert deliver(app) == 0
    assert outbox(app)[0].status == "queued"
    page = client.get("/admin/outbox/").get_data(as_text=True)
    assert "BLOG_SMTP_URL is not set" in page and "Message 0" in page


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example.com:587", ("mail.example.com", 587, False, "", "")),
    ("smtps://u%40x:p%3Aw@mail.example.com", ("mail.example.com", 465, True, "u@x", "p:w")),
    ("smtp://127.0.0.1", ("127.0.0.1", 25, False, "", "")),
])
def test_smtp_urls(url, expected):
    server = parse_smtp_url(url)
    assert (server.host, server.port, server.implicit_tls, server.username,
            server.password) == expected
    assert "p:w" not in server.describe()


@pytest.mark.parametrize("url", ["http://x", "smtp://", "smtp://host:port"])
def test_bad_smtp_urls_say_why(url):
    with pytest.raises(BadSmtpUrl):
        parse_smtp_url(url)


def test_sent_messages_are_forgotten_after_the_retention(app, smtp):
    from blog.mail.housekeeping import purge

    configure_mail(app, smtp.port)
    _queue(app, "old@example.com")
    deliver(app)
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(sent_at=utcnow() - timedelta(days=31)))
        db.session.commit()
        assert purge(30) == 1
    assert outbox(app) == []
