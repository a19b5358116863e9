"""`flask --app wsgi send-mail`: the outbox sender on its own (one per site)."""

import logging
import os

import click
from flask import current_app
from flask.cli import with_appcontext

from blog.mail.sender import Sender
from blog.mail.smtp_url import BadSmtpUrl, configured_server


@click.command("send-mail")
@with_appcontext
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option("--parent-pid", type=int, default=None, hidden=True,
              help="Stop when this process (the `make run` supervisor) is gone.")
def send_mail(once: bool, parent_pid: int | None) -> None:
    """Deliver the outbox: retries, backoff, the throttle; stops cleanly on SIGTERM."""
    logging.getLogger("blog.mail").setLevel(logging.INFO)
    # Mail can wait a few milliseconds; a reader should not wait for mail. On a busy machine
    # a newsletter to thousands would otherwise take its share of the cores from every page.
    niceness = int(current_app.config.get("MAIL_SENDER_NICENESS", 0) or 0)
    if niceness > 0:
        os.nice(niceness)
    try:
        server = configured_server(current_app.config)
    except BadSmtpUrl as error:
        raise click.ClickException(str(error)) from error
    if server is None:
        click.echo("Mail: BLOG_SMTP_URL is not set, so mail waits in the outbox (Admin > "
                   "Outbox) until it is; see the README's Email section.")
    else:
        click.echo(f"Mail: sending through {server.describe()}.")
    sender = Sender(current_app._get_current_object(), parent_pid=parent_pid)
    if once:
        while sender.step():  # until the outbox has nothing due
            continue
        return
    sender.run()
