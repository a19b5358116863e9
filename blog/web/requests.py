"""The request class and URL converters every view sees: body limits by path, bounded ids."""

import flask
from flask import Flask, current_app
from flask_login import current_user
from werkzeug.routing import IntegerConverter

MAX_URL_INT = 2**31 - 1  # PostgreSQL's integer; page * per_page stays far below 2**63


def is_admin_path(path: str) -> bool:
    return path == "/admin" or path.startswith("/admin/")


class Request(flask.Request):
    """The logged-in admin may send up to MAX_CONTENT_LENGTH under /admin/ (image uploads);
    everyone else (comments, login, search, and anonymous requests to admin URLs) at most
    PUBLIC_MAX_CONTENT_LENGTH, so a stranger cannot make the server read megabytes. Decided
    by the request itself, so no hook has to run before the form is read."""

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:  # a view set its own cap
            return self._max_content_length
        if not current_app:
            return super().max_content_length
        admin = is_admin_path(self.path) and current_user.is_authenticated
        return current_app.config["MAX_CONTENT_LENGTH" if admin else "PUBLIC_MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every URL, capped: /page/99999999999999999999/ is a 404, not a number
    too large for the database (SQLite raises OverflowError, PostgreSQL an out-of-range)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_URL_INT)
        super().__init__(map, *args, **kwargs)


def install_request_rules(app: Flask) -> None:
    """Before any blueprint adds its rules, so every <int:...> is bounded."""
    app.request_class = Request
    app.url_map.converters["int"] = BoundedIntConverter
