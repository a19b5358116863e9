"""Loading the logged-in admin for Flask-Login."""

from blog.admin.sessions import user_of_session
from blog.models import User
from blog.web.parsing import positive_id


def load_user(user_id: str) -> User | None:
    """The admin, while the session their cookie names is live (admin/sessions.py)."""
    user_pk = positive_id(user_id)
    return user_of_session(user_pk) if user_pk else None
