"""`import-wxr` and `export-wxr`: thin over blog.wxr, which the tests call directly."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from blog.wxr.reader import WxrError


@click.command("import-wxr")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--uploads", "uploads", type=click.Path(exists=True, file_okay=False,
              path_type=Path), help="A copy of wp-content/uploads: its files are copied here "
              "and posts point at them.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@with_appcontext
def import_wxr(file: Path, uploads: Path | None, quiet: bool) -> None:
    """Import a WordPress export (Tools → Export); running it again adds only what is new."""
    from blog.wxr.importer import import_wxr as run_import

    try:
        summary = run_import(file, uploads, progress=not quiet)
    except WxrError as error:
        raise click.ClickException(f"{error}\nNothing was imported.") from error
    for line in summary.lines():
        click.echo(line)


@click.command("export-wxr")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_wxr(file: Path) -> None:
    """Export posts, pages, terms, authors and comments as WXR 1.2 for WordPress's importer."""
    from blog.wxr.writer import export_wxr as run_export

    counts = run_export(file)
    click.echo(f"Wrote {file}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
