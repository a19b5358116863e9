"""`flask backup FILE`: a consistent copy of the live database, safe while the site serves.

SQLite uses its online backup API (pages are copied under a read snapshot, so writers carry
on and the copy is one committed state); PostgreSQL uses pg_dump, which dumps inside one
repeatable-read transaction.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from blog.database import create_private_file


class BackupError(Exception):
    """The copy could not be made or failed its check; the message says why."""


def backup_database(database_url: str, destination: Path) -> str:
    """Write a consistent copy of the database at `database_url` to `destination` and say
    how to restore it. The file appears only once complete (written beside it, then renamed)."""
    url = make_url(database_url)
    destination = destination.expanduser().resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    create_private_file(partial)  # a copy of the site's data is as private as the site's
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(Path(url.database or ""), partial)
        elif url.get_backend_name() == "postgresql":
            _pg_dump(url, partial)
        else:
            raise BackupError(f"cannot back up a {url.get_backend_name()} database")
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return url.get_backend_name()


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        # Copy everything in one step: a stepped copy restarts whenever another connection
        # writes, and on a busy site would never finish.
        src.backup(dst, pages=-1)
        # The copy should be a plain rollback-journal file: one file to move back on restore.
        dst.execute("PRAGMA journal_mode = DELETE")
        (result,) = dst.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"the copy failed its integrity check: {result}")
    finally:
        dst.close()
        src.close()


def _pg_dump(url, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password  # keeps it off the command line and out of `ps`
    # libpq reads the same URL (query options such as sslmode included), minus our driver name.
    libpq_url = url.set(drivername="postgresql", password=None)
    command = [pg_dump, "--format=custom", "--no-owner", "--file", str(target),
               "--dbname", libpq_url.render_as_string(hide_password=False)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


RESTORE_HINTS = {
    "sqlite": "Restore: stop the site, delete {db}-wal and {db}-shm if present, copy {file} to "
              "{db}, start the site.",
    "postgresql": "Restore: pg_restore --clean --if-exists --no-owner --dbname <DATABASE_URL> "
                  "{file}",
}


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write a consistent copy of the live database to FILE (safe while the site serves)."""
    database_url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        backend = backup_database(database_url, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up the {backend} database to {file}.")
    click.echo(RESTORE_HINTS[backend].format(file=file, db=make_url(database_url).database))
