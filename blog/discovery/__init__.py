from flask import Blueprint

bp = Blueprint("discovery", __name__)

from blog.discovery import routes  # noqa: E402, F401
