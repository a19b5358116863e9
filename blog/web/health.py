from flask import Blueprint
from sqlalchemy import text

from blog.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: 200 only when the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not healthy", never a 500 page
        return "database unavailable\n", 503, {"Content-Type": "text/plain", "Retry-After": "5"}
    return "ok\n", 200, {"Content-Type": "text/plain"}
