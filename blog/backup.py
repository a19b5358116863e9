import click


@click.command("backup")
def backup() -> None:
    raise click.ClickException("backup is not built yet")
