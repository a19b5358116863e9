"""create-admin refuses the passwords attackers try first, and never echoes or logs one."""

import pytest
from sqlalchemy import func, select

from blog.admin.passwords import password_problem
from blog.extensions import db
from blog.models import User


@pytest.mark.parametrize("password", [
    "short",
    "Password1234!",
    "adminadmin2024",
    "clingcentral!!",
    "qwertyuiopas",
    "123456789012",
    "aaaaaaaaaaaaaaaa",
    "abababababab",
    "editoreditor1",
])
def test_create_admin_refuses_a_weak_password(app, runner, password):
    result = runner.invoke(args=["create-admin", "editor", "--password-stdin"],
                           input=password + "\n")
    assert result.exit_code != 0
    assert "password" in result.output.lower()
    assert password not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


@pytest.mark.parametrize("password", [
    "correct horse battery staple", "kT3-vq9!Lm2#x", "a long enough password",
])
def test_create_admin_accepts_a_passphrase_and_keeps_it_out_of_output_and_logs(
        app, runner, password, caplog):
    result = runner.invoke(args=["create-admin", "editor", "--password-stdin"],
                           input=password + "\n")
    assert result.exit_code == 0, result.output
    assert password not in result.output
    assert password not in caplog.text
    with app.app_context():
        assert db.session.scalar(select(User)).check_password(password)


def test_every_weakness_has_a_reason_a_writer_can_act_on():
    assert "at least 12" in password_problem("short")
    assert "username" in password_problem("maya-chen-maya", "maya-chen")
    assert password_problem("maya's quiet harbour lamp", "maya") is None
