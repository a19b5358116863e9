from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from blog.admin import auth  # noqa: E402, F401
