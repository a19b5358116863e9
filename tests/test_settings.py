"""Settings layer as SPEC says: defaults, instance/config.py, BLOG_* environment, overrides."""

import os
import stat

from blog import create_app
from blog.settings import load_settings


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("BLOG_SITE_TITLE", "Env Title")
    monkeypatch.setenv("BLOG_POSTS_PER_PAGE", "7")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert app.config["SITE_TITLE"] == "Env Title"
    assert app.config["POSTS_PER_PAGE"] == 7


def test_database_url_selects_postgresql_with_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/blog")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/blog"


def test_default_database_is_a_file_in_instance():
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{os.path.join(app.instance_path, 'blog.sqlite3')}"
    )


def test_secret_key_is_generated_once_with_private_mode(tmp_path, monkeypatch):
    from flask import Flask

    monkeypatch.delenv("BLOG_SECRET_KEY", raising=False)
    first = Flask("a", instance_path=str(tmp_path))
    load_settings(first)
    second = Flask("b", instance_path=str(tmp_path))
    load_settings(second)
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    from flask import Flask

    monkeypatch.setenv("BLOG_SECRET_KEY", "from-env")
    app = Flask("c", instance_path=str(tmp_path))
    load_settings(app)
    assert app.config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_instance_config_file_is_read(tmp_path, monkeypatch):
    from flask import Flask

    monkeypatch.delenv("BLOG_SITE_TAGLINE", raising=False)
    (tmp_path / "config.py").write_text('SITE_TAGLINE = "From the file"\nSECRET_KEY = "k"\n')
    app = Flask("d", instance_path=str(tmp_path), instance_relative_config=True)
    load_settings(app)
    assert app.config["SITE_TAGLINE"] == "From the file"
