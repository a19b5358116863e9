from flask import Blueprint

bp = Blueprint("discovery", __name__)

from blog.discovery import feeds, head_meta, legacy, search, sitemap  # noqa: E402, F401
