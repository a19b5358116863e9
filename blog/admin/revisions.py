"""A post's history: the list, one revision against the current text, and restore."""

from flask import abort, flash, redirect, render_template, url_for

from blog.admin import bp
from blog.admin.forms import ConfirmForm
from blog.admin.services import posts as post_service
from blog.admin.services import revisions as revision_service
from blog.extensions import db
from blog.models import Post


@bp.get("/posts/<int:post_id>/revisions/")
def list_revisions(post_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    return render_template("admin/revisions.html", post=post,
                           revisions=revision_service.list_revisions(post),
                           keep=revision_service.KEEP_REVISIONS, section="posts")


@bp.get("/posts/<int:post_id>/revisions/<int:revision_id>")
def show_revision(post_id: int, revision_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    revision = revision_service.get_revision(post, revision_id) or abort(404)
    diff = revision_service.diff_lines(revision.body_source, post.body_source)
    return render_template("admin/revision.html", post=post, revision=revision, diff=diff,
                           form=ConfirmForm(), section="posts")


@bp.post("/posts/<int:post_id>/revisions/<int:revision_id>/restore")
def restore_revision(post_id: int, revision_id: int):
    post = db.session.get(Post, post_id) or abort(404)
    revision = revision_service.get_revision(post, revision_id) or abort(404)
    ConfirmForm().validate() or abort(400)
    post_service.restore_revision(post, revision.title, revision.body_source, revision.excerpt)
    flash(f"Restored the text of version {revision.version} as a new version.", "success")
    return redirect(url_for("admin.edit_post", post_id=post.id), 303)
