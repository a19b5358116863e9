"""Admin fixtures: an admin account and a client logged in through the real form."""

import pytest

from tests.conftest import csrf_token_from

PASSWORD = "correct horse battery"


@pytest.fixture
def admin_user(make):
    return make.admin(username="admin", password=PASSWORD)


@pytest.fixture
def login(client, admin_user):
    """Log `client` in through GET /admin/login and its form, CSRF token included."""

    def do_login(username: str = "admin", password: str = PASSWORD):
        page = client.get("/admin/login")
        response = client.post("/admin/login", data={
            "username": username, "password": password,
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        })
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return response

    do_login()
    return do_login


@pytest.fixture
def token(client):
    """A CSRF token valid for `client`'s current session."""

    def get(url: str = "/admin/") -> str:
        return csrf_token_from(client.get(url).get_data(as_text=True))

    return get
