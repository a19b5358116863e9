"""Uploaded images: stored by the admin (services), served to readers at /uploads/."""

from flask import Blueprint

bp = Blueprint("uploads", __name__)

from blog.media import featured, routes  # noqa: E402, F401
