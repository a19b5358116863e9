"""Where the links in the admin's comment notices go: a page to approve one comment with a
button (a link alone never changes anything), behind the login like every admin page."""

from flask import abort, render_template

from blog.admin import bp
from blog.admin.forms import ModerationForm
from blog.admin.services import comments as comment_service


@bp.get("/comments/<int:comment_id>/approve")
def approve_comment(comment_id: int):
    comment = comment_service.get_comment(comment_id) or abort(404)
    return render_template("admin/approve_comment.html", comment=comment, section="comments",
                           form=ModerationForm(tab=comment.status))
