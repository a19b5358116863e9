"""Everything the site writes about itself is readable by its own user only (0600): the SQLite
database with its -wal and -shm, the content generation, the rate-limit counters, backups.
The secret key already was; the database was created world-readable (0644)."""

import stat
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from blog import create_app
from blog.backup import backup_database
from blog.extensions import db
from blog.pagecache.generation import make_store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_site_creates_its_files_private(tmp_path):
    database = tmp_path / "blog.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        make_store(app).bump()
        with db.engine.connect() as connection:  # open: its -wal and -shm exist meanwhile
            connection.execute(text("SELECT count(*) FROM post"))
            backup_database(f"sqlite:///{database}", tmp_path / "backups" / "copy.sqlite3")
            for name in ("blog.sqlite3", "blog.sqlite3-wal", "blog.sqlite3-shm",
                         "blog.sqlite3-generation", "blog.sqlite3-ratelimits",
                         "backups/copy.sqlite3"):
                assert _mode(tmp_path / name) == 0o600, name
        db.engine.dispose()


def test_an_existing_database_made_world_readable_is_made_private(tmp_path):
    database = tmp_path / "blog.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "x"})
    assert _mode(database) == 0o600
