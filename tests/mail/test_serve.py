"""`make run`'s server: granian and the outbox sender side by side, stopped together."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

from tests.mail.conftest import ADMIN_EMAIL, FROM, post_comment
from tests.server import ROOT, free_port


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def test_the_server_sends_mail_beside_granian_and_says_when_it_cannot(
        app, smtp, database_url, make, client):
    app.config.update(COMMENTS_MIN_SECONDS=0)
    from blog.site_settings import save_site_settings

    with app.app_context():
        save_site_settings({"ADMIN_EMAIL": ADMIN_EMAIL})
    post = make.post(slug="served")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "BLOG_SECRET_KEY": "serve-test",
           "BLOG_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "BLOG_MAIL_FROM": FROM,
           "BLOG_MAIL_POLL_SECONDS": "0.2", "WEB_CONCURRENCY": "1", "PORT": str(port)}
    served = subprocess.Popen([sys.executable, "-m", "blog.serve"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", served)
        assert post_comment(client, post, email="new@example.com").status_code == 303
        [notice] = smtp.wait_for(1)  # delivered by the sender `python -m blog.serve` started
        assert notice["To"] == ADMIN_EMAIL
    finally:
        served.send_signal(signal.SIGTERM)
        output = served.communicate(timeout=40)[0]
    assert served.returncode == 0
    assert "Mail: sending through smtp://127.0.0.1" in output

    env.pop("BLOG_SMTP_URL")
    quiet = subprocess.Popen([sys.executable, "-m", "blog.serve"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", quiet)
        time.sleep(1)
    finally:
        quiet.send_signal(signal.SIGTERM)
        output = quiet.communicate(timeout=40)[0]
    assert "BLOG_SMTP_URL is not set, so mail waits in the outbox" in output
