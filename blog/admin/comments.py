"""Moderation at /admin/comments/: tabs by status, row and bulk actions, edit, reply."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from blog.admin import bp
from blog.admin.forms import CommentEditForm, ModerationForm, ReplyForm
from blog.admin.services import comments as comment_service
from blog.models import COMMENT_STATUSES
from blog.site_settings import site_setting
from blog.web.parsing import page_number, positive_id

BULK_CHOICES = {
    "pending": [("approve", "Approve"), ("spam", "Mark as spam"), ("trash", "Move to trash")],
    "approved": [("unapprove", "Unapprove"), ("spam", "Mark as spam"), ("trash", "Move to trash")],
    "spam": [("not_spam", "Not spam"), ("delete", "Delete permanently")],
    "trash": [("restore", "Restore"), ("delete", "Delete permanently")],
}
DONE = {"approve": "approved", "unapprove": "unapproved", "spam": "marked as spam",
        "trash": "moved to the trash", "restore": "restored", "not_spam": "approved",
        "delete": "deleted", "ban": "banned and marked as spam"}


def _tab() -> str:
    tab = request.values.get("tab", "pending")
    return tab if tab in COMMENT_STATUSES else "pending"


@bp.get("/comments/")
def list_comments():
    tab = _tab()
    query = request.args.get("q", "").strip()[:200]
    page = page_number(request.args.get("page"))
    return render_template(
        "admin/comments.html", section="comments", tab=tab, q=query,
        form=ModerationForm(tab=tab), bulk_choices=BULK_CHOICES[tab],
        counts=comment_service.counts_by_status(),
        pagination=comment_service.list_comments(tab, page, query),
    )


@bp.post("/comments/moderate")
def moderate_comments():
    """One form carries both the per-row buttons (`single` = "action:id") and the bulk select
    for the checked rows."""
    form = ModerationForm()
    form.validate() or abort(400)
    single = (form.single.data or request.form.get("single", "")).partition(":")
    if (single_id := positive_id(single[2])) is not None:
        action, ids = single[0], [single_id]
    else:
        action = form.action.data or ""
        ids = [i for i in map(positive_id, request.form.getlist("ids")) if i is not None]
    if action not in comment_service.ACTIONS:
        flash("Choose an action first.", "warning")
    elif not ids:
        flash("Tick at least one comment first.", "warning")
    else:
        done = comment_service.moderate(ids, action)
        flash(f"{done} comment{'s' if done != 1 else ''} {DONE[action]}.", "success")
    return redirect(url_for("admin.list_comments", tab=_tab(),
                            page=request.form.get("page", type=int) or None), 303)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
def edit_comment(comment_id: int):
    comment = comment_service.get_comment(comment_id) or abort(404)
    if request.method == "GET":
        form = CommentEditForm(obj=comment, body=comment.body_source)
    else:
        form = CommentEditForm()
        if form.validate():
            comment_service.update_comment(comment, form.data)
            flash("Comment saved.", "success")
            return redirect(url_for("admin.list_comments", tab=comment.status), 303)
    status = 422 if form.errors else 200
    return render_template("admin/edit_comment.html", form=form, comment=comment,
                           section="comments"), status


@bp.route("/comments/<int:comment_id>/reply", methods=["GET", "POST"])
def reply_comment(comment_id: int):
    comment = comment_service.get_comment(comment_id) or abort(404)
    form = ReplyForm()
    if request.method == "POST" and form.validate():
        reply = comment_service.reply_as_admin(comment, form.body.data,
                                               site_setting("SITE_TITLE"), current_user)
        flash("Reply published.", "success")
        return redirect(url_for("admin.list_comments", tab="approved",
                                _anchor=f"row-{reply.id}"), 303)
    status = 422 if form.errors else 200
    return render_template("admin/reply_comment.html", form=form, comment=comment,
                           section="comments"), status
