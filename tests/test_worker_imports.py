"""A web worker loads what serving needs: migrations (alembic, ~11 MB a process) stay with the
command line, which still has every `flask db` command, and Redis's client (7.6 MB) with the
sites that use Redis."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "BLOG_SECRET_KEY": "k"}
    env.pop("REDIS_URL", None)
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_served_app_does_not_load_the_migration_tools(tmp_path):
    done = _run([sys.executable, "-c", "import sys, wsgi; print('alembic' in sys.modules, "
                 "'migrate' in wsgi.app.extensions)"], tmp_path / "blog.sqlite3")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_the_command_line_still_migrates_and_answers_flask_db(tmp_path):
    flask = str(Path(sys.executable).with_name("flask"))
    database = tmp_path / "blog.sqlite3"
    done = _run([flask, "--app", "wsgi", "init-db"], database)
    assert done.returncode == 0 and "up to date" in done.stdout, done.stderr
    done = _run([flask, "--app", "wsgi", "db", "current"], database)
    assert done.returncode == 0, done.stderr
    assert "(head)" in done.stdout


def test_a_site_without_redis_serves_pages_without_its_client(tmp_path):
    flask = str(Path(sys.executable).with_name("flask"))
    database = tmp_path / "blog.sqlite3"
    assert _run([flask, "--app", "wsgi", "init-db"], database).returncode == 0
    done = _run([sys.executable, "-c", "import sys, wsgi\n"
                 "client = wsgi.app.test_client()\n"
                 "statuses = [client.get(path).status_code for path in ('/', '/', '/feed/')]\n"
                 "print(*statuses, 'redis' in sys.modules)"], database)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "200", "200", "False"]
