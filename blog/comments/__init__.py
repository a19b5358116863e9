from flask import Blueprint

bp = Blueprint("comments", __name__)

# The routes, and the form's reader part of the cached article.
from blog.comments import form_part, routes  # noqa: E402, F401
