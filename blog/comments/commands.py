import click


@click.command("purge-ips")
def purge_ips() -> None:
    raise click.ClickException("purge-ips is not built yet")
