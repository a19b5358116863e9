"""Preview links of a draft or scheduled post: made and revoked from the editor."""

from flask import abort, flash, redirect, url_for

from blog.admin import bp
from blog.admin.forms import ConfirmForm
from blog.admin.services import preview as preview_service
from blog.extensions import db
from blog.models import Post, utcnow


@bp.post("/posts/<int:post_id>/preview-links")
def create_preview_link(post_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    ConfirmForm().validate() or abort(400)
    if post.is_live(utcnow()):
        flash("This post is public already: share its address instead.", "warning")
    else:
        preview_service.create_preview_link(post)
        flash("Preview link made. Anyone with it can read this draft until it is published "
              "or you revoke the link.", "success")
    return redirect(url_for("admin.edit_post", post_id=post.id, _anchor="share"), 303)


@bp.post("/posts/<int:post_id>/preview-links/<int:link_id>/revoke")
def revoke_preview_link(post_id: int, link_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    ConfirmForm().validate() or abort(400)
    if preview_service.revoke_preview_link(post, link_id):
        flash("Preview link revoked: it no longer shows the post.", "success")
    return redirect(url_for("admin.edit_post", post_id=post.id, _anchor="share"), 303)
