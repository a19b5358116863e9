import click
from flask import current_app
from flask.cli import with_appcontext

from blog.comments.services import purge_ip_hashes


@click.command("purge-ips")
@with_appcontext
@click.option("--days", type=int, default=None,
              help="Keep hashes younger than this (default: IP_RETENTION_DAYS, 30).")
def purge_ips(days: int | None) -> None:
    """Forget stored commenter IP hashes older than the retention period."""
    days = current_app.config["IP_RETENTION_DAYS"] if days is None else days
    cleared = purge_ip_hashes(int(days))
    click.echo(f"Forgot the IP hash of {cleared} comments older than {days} days.")
