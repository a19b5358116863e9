from flask import render_template

from blog.admin import bp
from blog.admin.services import dashboard
from blog.models import utcnow
from blog.web.templating import site_zone


@bp.context_processor
def admin_context():
    # Lazy: only pages that show the nav badge pay for the count.
    return {"admin_pending_count": dashboard.pending_comment_count, "now": utcnow(),
            "zone": site_zone()}


@bp.get("/", endpoint="dashboard")
def dashboard_view():
    return render_template(
        "admin/dashboard.html",
        section="dashboard",
        counts=dashboard.post_counts(),
        pending=dashboard.pending_comment_count(),
        drafts=dashboard.recent_drafts(),
        scheduled=dashboard.upcoming_scheduled(),
        comments=dashboard.newest_pending_comments(),
    )
