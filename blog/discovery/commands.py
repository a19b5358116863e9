import click


@click.command("import-wxr")
def import_wxr() -> None:
    raise click.ClickException("import-wxr is not built yet")

@click.command("export-wxr")
def export_wxr() -> None:
    raise click.ClickException("export-wxr is not built yet")
