"""Loading the logged-in admin for Flask-Login."""

from blog.extensions import db
from blog.models import User


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))
