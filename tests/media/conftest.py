"""The admin's fixtures, for uploads through the admin."""

from tests.admin.conftest import admin_user, login, token  # noqa: F401
