"""`flask --app wsgi send-mail`: the outbox sender on its own (one per site)."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from blog.mail.sender import Sender


@click.command("send-mail")
@with_appcontext
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option("--parent-pid", type=int, default=None, hidden=True,
              help="Stop when this process (the `make run` supervisor) is gone.")
def send_mail(once: bool, parent_pid: int | None) -> None:
    """Deliver the outbox: retries, backoff, the throttle; stops cleanly on SIGTERM."""
    logging.getLogger("blog.mail").setLevel(logging.INFO)
    sender = Sender(current_app._get_current_object(), parent_pid=parent_pid)
    if once:
        while sender.step():
            pass
        return
    sender.run()
