"""Loading the logged-in admin for Flask-Login."""

from blog.extensions import db
from blog.models import User
from blog.web.parsing import positive_id


def load_user(user_id: str) -> User | None:
    user_pk = positive_id(user_id)
    return db.session.get(User, user_pk) if user_pk else None
