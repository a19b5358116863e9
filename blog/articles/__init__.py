from flask import Blueprint

bp = Blueprint("articles", __name__)

from blog.articles import menus, preview, protected, routes  # noqa: E402, F401
