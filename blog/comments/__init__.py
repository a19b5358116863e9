from flask import Blueprint

bp = Blueprint("comments", __name__)

from blog.comments import routes  # noqa: E402, F401
