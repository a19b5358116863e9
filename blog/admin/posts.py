"""Posts and pages: the list, the editor, preview and delete."""

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from blog.admin import bp, post_form
from blog.admin.forms import ConfirmForm
from blog.admin.services import posts as post_service
from blog.admin.services.listing import post_list
from blog.articles.services import approved_comment_threads
from blog.extensions import db
from blog.media.services import UploadRefused, markdown_for, store_image
from blog.models import Post
from blog.web.parsing import page_number
from blog.web.templating import post_url


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


@bp.route("/posts/new", methods=["GET", "POST"])
def new_post():
    if request.method == "GET":
        form = post_form.new_form(request.args.get("type", "post"))
        return render_template("admin/edit_post.html", form=form, post=None, section="posts")
    form = post_form.posted_form(None)
    snippet, status = _handle_image(form)
    if request.form.get("action") == "upload" or status:
        return _editor(form, None, snippet, status or 200)
    if not form.validate():
        return _editor(form, None, snippet, 422)
    try:
        post = post_service.create_post(post_form.to_input(form))
    except OperationalError:
        return _busy(form, None, snippet)
    _saved_message(post, snippet)
    return redirect(url_for("admin.edit_post", post_id=post.id), 303)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int):
    post = _post_or_404(post_id)
    if request.method == "GET":
        return render_template("admin/edit_post.html", form=post_form.form_for(post), post=post,
                               section="pages" if post.is_page else "posts")
    form = post_form.posted_form(post)
    snippet, status = _handle_image(form)
    if request.form.get("action") == "upload" or status:
        return _editor(form, post, snippet, status or 200)
    if not form.validate():
        return _editor(form, post, snippet, 422)
    try:
        post_service.update_post(post, post_form.to_input(form), post_form.loaded_version(form))
    except OperationalError:
        return _busy(form, post, snippet)
    except post_service.StaleEdit as stale:
        # Keep their text; the next save knowingly replaces the version shown beside it.
        form.version.data = str(stale.current.version)
        return _editor(form, stale.current, snippet, 409, conflict=stale.current)
    _saved_message(post, snippet)
    return redirect(url_for("admin.edit_post", post_id=post.id), 303)


def _handle_image(form) -> tuple[str | None, int | None]:
    """Store an image sent with the editor; (markdown to paste, error status or None)."""
    file = form.image.data
    if not file or not getattr(file, "filename", ""):
        if request.form.get("action") == "upload":
            form.image.errors = ["Choose an image to upload."]
            return None, 422
        return None, None
    try:
        return markdown_for(store_image(file)), None
    except UploadRefused as refused:
        form.image.errors = [refused.message]
        return None, refused.status


def _busy(form, post, snippet):
    """The database is locked or away: give the writer their text back, not an error page."""
    db.session.rollback()
    body, status = _editor(form, post, snippet, 503, busy=True)
    return body, status, {"Retry-After": "5"}


def _editor(form, post, snippet, status, conflict=None, busy=False):
    return render_template("admin/edit_post.html", form=form, post=post, snippet=snippet,
                           conflict=conflict, busy=busy,
                           section="pages" if form.type.data == "page" else "posts"), status


def _saved_message(post: Post, snippet: str | None) -> None:
    if post.is_live(post.updated_at) or post.status == "published":
        flash(Markup('Saved. <a href="{}">View it on the site</a>.').format(post_url(post)),
              "success")
    elif post.status == "scheduled":
        flash("Saved. It will appear on the site at its publish date.", "success")
    else:
        flash("Draft saved. Only you can see it, through Preview.", "success")
    if snippet:
        flash(f"Image uploaded. Paste this into the body: {snippet}", "info")


@bp.route("/posts/new/preview", methods=["POST"], endpoint="preview_new_post")
@bp.route("/posts/<int:post_id>/preview", methods=["GET", "POST"])
def preview_post(post_id: int | None = None):
    """The post as readers will see it: the saved one (GET), or the editor's unsaved text
    (POST, nothing saved)."""
    saved = _post_or_404(post_id) if post_id is not None else None
    if request.method == "GET":
        # A transient copy: a draft gets the date it would be published with.
        post = post_service.preview_post(post_service.input_from_post(saved), saved)
    else:
        form = post_form.posted_form(saved)
        form.validate()  # a preview shows whatever is there, errors or not
        post = post_service.preview_post(post_form.to_input(form), saved)
    threads = approved_comment_threads(saved) if saved and not saved.is_page else []
    return render_template("admin/preview.html", post=post, threads=threads, saved=saved)


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
