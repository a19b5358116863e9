"""Posts and pages: the list and delete (the editor is in editor.py)."""

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from blog.admin import bp
from blog.admin.forms import ConfirmForm
from blog.admin.services import posts as post_service
from blog.admin.services.listing import post_list
from blog.extensions import db
from blog.models import Post
from blog.web.parsing import page_number


def _post_or_404(post_id: int) -> Post:
    return db.session.get(Post, post_id) or abort(404)


@bp.get("/posts/")
def list_posts():
    post_type = "page" if request.args.get("type") == "page" else "post"
    status = request.args.get("status", "")
    query = request.args.get("q", "").strip()[:200]
    page = page_number(request.args.get("page"))
    pagination, counts = post_list(post_type, status, query, page)
    return render_template("admin/posts.html", section="pages" if post_type == "page" else "posts",
                           pagination=pagination, counts=counts, post_type=post_type,
                           status=status, q=query)


@bp.route("/posts/<int:post_id>/delete", methods=["GET", "POST"])
def delete_post(post_id: int):
    post = _post_or_404(post_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        post_type = post.type
        post_service.delete_post(post)
        flash(f"Deleted “{post.title}”.", "success")
        return redirect(url_for("admin.list_posts", type=post_type), 303)
    children = db.session.scalars(select(Post).where(Post.parent_id == post.id)).all()
    return render_template("admin/delete_post.html", post=post, form=form, children=children,
                           section="pages" if post.is_page else "posts")
