"""Mail: the outbox and its sender, the newsletter, reply notifications and the admin's
notices. Public URLs: POST /subscribe, /subscribe/..., /unsubscribe/... ."""

from flask import Blueprint

bp = Blueprint("mail", __name__)

from blog.mail import routes, subscribe_part  # noqa: E402, F401
