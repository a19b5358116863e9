"""The post editor: new and edit, the image panel (upload, or insert from the library), the
checks before publishing, and Preview. Whatever happens, the writer's text comes back to them."""

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError, generate_csrf
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from blog.admin import bp, post_form, rescue, session_expired
from blog.admin.forms import PostForm
from blog.admin.services import posts as post_service
from blog.admin.services import preview as preview_service
from blog.admin.services.publish_checks import images_without_alt, schedule_in_the_past
from blog.articles.services import approved_comment_threads
from blog.content.images import upload_path_of
from blog.content.markdown import render_markdown
from blog.extensions import db
from blog.media.library import chooser_uploads, get_upload
from blog.media.services import UploadRefused, markdown_for, store_image
from blog.models import Post, Upload, utcnow
from blog.web.errors import CSRF_MESSAGE, render_error
from blog.web.templating import format_date, post_url, site_zone

PAST_SCHEDULE = ("That time has passed, so it cannot be scheduled. Choose a later time, or "
                 "choose Published to publish it now.")


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """A stale editor form keeps its text: logged in, the editor again with it (400); logged
    out, it is held for after the login (401). Any other admin form gets the 400 page."""
    if not rescue.is_editor_post():
        return render_error(400, CSRF_MESSAGE)
    if not current_user.is_authenticated or session_expired():
        user_id = current_user.id if current_user.is_authenticated else None
        logout_user()
        session.clear()
        return rescue.session_ended(user_id)
    if request.endpoint in rescue.JSON_ENDPOINTS:
        return jsonify(saved=False, reason="form-expired", csrf_token=generate_csrf()), 400
    post_id = (request.view_args or {}).get("post_id")
    post = db.session.get(Post, post_id) if post_id else None
    form = post_form.posted_form(post)
    form.validate()
    return _editor(form, post, None, 400, expired=True)


def _post_or_404(post_id: int) -> Post:
    return db.session.get(Post, post_id) or abort(404)


@bp.route("/posts/new", methods=["GET", "POST"])
def new_post():
    if request.method == "GET":
        held = rescue.restore(current_user.id)
        form = post_form.held_form(held, None) if held else \
            post_form.new_form(request.args.get("type", "post"), current_user)
        return _editor(form, None, None, 200, restored=bool(held))
    return _save(post_form.posted_form(None), None)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int):
    post = _post_or_404(post_id)
    if request.method == "GET":
        held = rescue.restore(current_user.id)
        form = post_form.held_form(held, post) if held else post_form.form_for(post)
        return _editor(form, post, None, 200, restored=bool(held))
    return _save(post_form.posted_form(post), post)


def _save(form: PostForm, post: Post | None):
    snippet, status = _image_panel(form)
    if request.form.get("action") in ("upload", "insert") or status:
        return _editor(form, post, snippet, status or 200)
    if not form.validate():
        return _editor(form, post, snippet, 422)
    try:
        data = post_form.to_input(form, writer=current_user)
        missing_alt = _check_before_publishing(form, data, post)
        if form.errors or missing_alt:
            db.session.rollback()  # a byline made for this save waits for the next one
            return _editor(form, post, snippet, 422, missing_alt=missing_alt)
        if post is None:
            post = post_service.create_post(data)
        else:
            post_service.update_post(post, data, post_form.loaded_version(form))
    except OperationalError:
        return _busy(form, post, snippet)
    except post_service.StaleEdit as stale:
        # Keep their text; the next save knowingly replaces the version shown beside it.
        form.version.data = str(stale.current.version)
        return _editor(form, stale.current, snippet, 409, conflict=stale.current)
    _saved_message(post, snippet)
    return redirect(url_for("admin.edit_post", post_id=post.id), 303)


def _check_before_publishing(form: PostForm, data, saved: Post | None) -> list[Upload | str]:
    """Refuse a schedule in the past (a field error); list the images without alt text when
    the post is about to go out, unless the writer said they are decorative."""
    if schedule_in_the_past(data.status, data.published_at, saved):
        form.published_at.errors = [*form.published_at.errors, PAST_SCHEDULE]
    going_out = data.status in ("published", "scheduled") and \
        (saved is None or saved.status == "draft")
    if not going_out or form.publish_without_alt.data:
        return []
    return [_library_entry(src) for src in images_without_alt(str(render_markdown(data.body)))]


def _library_entry(src: str) -> Upload | str:
    """The library's upload behind an image address (where its alt text is edited), or the
    address itself."""
    path = upload_path_of(src)
    upload = db.session.scalar(select(Upload).where(Upload.path == path)) if path else None
    return upload or src


def _image_panel(form: PostForm) -> tuple[str | None, int | None]:
    """Upload an image sent with the editor, or take one chosen from the library: (the
    Markdown to paste, an error status or None)."""
    action = request.form.get("action")
    if action == "insert":
        upload = get_upload(form.library_image.data) if form.library_image.data else None
        if upload is None:
            form.library_image.errors = ["Choose an image from the library first."]
            return None, 422
        return markdown_for(upload), None
    file = form.image.data
    if not file or not getattr(file, "filename", ""):
        if action == "upload":
            form.image.errors = ["Choose an image to upload."]
            return None, 422
        return None, None
    try:
        upload = store_image(file)
    except UploadRefused as refused:
        form.image.errors = [refused.message]
        return None, refused.status
    if form.image_alt.data and form.image_alt.data.strip():
        upload.alt_text = " ".join(form.image_alt.data.split())[:1000]
        db.session.commit()
    form.image_alt.data = ""
    return markdown_for(upload), None


def _busy(form, post, snippet):
    """The database is locked or away: give the writer their text back, not an error page."""
    db.session.rollback()
    body, status = _editor(form, post, snippet, 503, busy=True)
    return body, status, {"Retry-After": "5"}


def _editor(form, post, snippet, status, conflict=None, busy=False, restored=False,
            missing_alt=None, expired=False):
    noun = "pages" if form.type.data == "page" else "posts"
    shareable = post is not None and not post.is_live(utcnow())
    return render_template(
        "admin/edit_post.html", form=form, post=post, snippet=snippet, conflict=conflict,
        busy=busy, restored=restored, expired=expired, missing_alt=missing_alt or [],
        section=noun,
        chooser=chooser_uploads(),
        featured_chooser=chooser_uploads(form.featured_image.data or None),
        links=preview_service.preview_links(post) if shareable else [],
        shareable=shareable,
    ), status


def _saved_message(post: Post, snippet: str | None) -> None:
    if post.is_live(utcnow()):
        flash(Markup('Published. <a href="{}">View it on the site</a>.').format(post_url(post)),
              "success")
    elif post.status == "scheduled":
        when = post.published_at.astimezone(site_zone())
        flash(f"Scheduled: it will appear on the site on {format_date(post.published_at)} at "
              f"{when:%H:%M} ({site_zone().key}).", "success")
    else:
        flash("Draft saved. Only you can see it, through Preview or a preview link.", "success")
    if snippet:
        flash(f"Image uploaded. Paste this into the body: {snippet}", "info")


@bp.route("/posts/new/preview", methods=["GET", "POST"], endpoint="preview_new_post")
@bp.route("/posts/<int:post_id>/preview", methods=["GET", "POST"])
def preview_post(post_id: int | None = None):
    """The post as readers will see it: the saved one (GET), or the editor's unsaved text
    (POST, nothing saved). A GET of the new post's preview (a reload of that tab) goes to the
    editor rather than answering 405."""
    saved = _post_or_404(post_id) if post_id is not None else None
    if request.method == "GET":
        if saved is None:
            return redirect(url_for("admin.new_post"), 303)
        # A transient copy: a draft gets the date it would be published with.
        post = preview_service.preview_post(post_service.input_from_post(saved), saved)
    else:
        form = post_form.posted_form(saved)
        form.validate()  # a preview shows whatever is there, errors or not
        post = preview_service.preview_post(post_form.to_input(form), saved)
    threads = approved_comment_threads(saved) if saved else []
    return render_template("admin/preview.html", post=post, threads=threads, saved=saved)

