"""Command-line tools, thin over services that tests call directly."""

import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from blog.admin.passwords import password_problem
from blog.admin.sessions import end_sessions
from blog.extensions import db
from blog.models import User


def register(app: Flask) -> None:
    from blog.backup import backup
    from blog.comments.commands import purge_ips
    from blog.discovery.commands import export_wxr, import_wxr
    from blog.mail.commands import send_mail

    for command in (init_db, create_admin, ensure_admin, seed_demo, purge_ips, import_wxr,
                    export_wxr, backup, rerender_posts, send_mail):
        app.cli.add_command(command)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the schema to the newest migration (safe to run again)."""
    from flask_migrate import upgrade

    from blog import init_migrations

    init_migrations(current_app, now=True)
    upgrade()
    click.echo("Database is up to date.")


def set_admin(username: str, password: str) -> User:
    """Create the one admin account, or rename it and reset its password; every session it
    had ends."""
    problem = password_problem(password, username)
    if problem:
        raise ValueError(problem)
    user = db.session.scalar(select(User).order_by(User.id).limit(1))
    if user is None:
        user = User(username=username)
        db.session.add(user)
    user.username = username
    user.set_password(password)
    db.session.commit()
    end_sessions(user.id)  # a reset password logs out every copy of every session cookie
    return user


@click.command("create-admin")
@with_appcontext
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password as one line of stdin.")
def create_admin(username: str, password_stdin: bool) -> None:
    """Create the admin account, or rename it and reset its password."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        set_admin(username, password)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Admin account '{username}' is ready.")


@click.command("ensure-admin")
@with_appcontext
@click.option("--username", envvar="BLOG_ADMIN_USER", default="admin", show_default=True)
def ensure_admin(username: str) -> None:
    """Create the admin with a generated password if there is none; print it once."""
    if db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("Admin account exists.")
        return
    password = secrets.token_urlsafe(15)
    set_admin(username, password)
    click.echo(f"Created admin account '{username}' with password: {password}")
    click.echo("It is shown only this once: log in at /admin/login and keep it safe.")


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only when the database has no posts.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo articles written for this project."""
    from blog.content.demo import load_demo

    created = load_demo(only_if_empty=if_empty)
    click.echo(f"Demo content: {created} posts and pages added.")


@click.command("rerender-posts")
@with_appcontext
def rerender_posts() -> None:
    """Render every post's Markdown again (their modified dates stay as they are)."""
    from blog.content.rerender import rerender

    done = rerender(db.session.execute)
    db.session.commit()
    click.echo(f"Rendered {done} posts and pages again.")
