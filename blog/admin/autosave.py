"""Autosave of drafts, for the editor's script (static/js/autosave.js): the same fields as
Save, answered in JSON. It saves drafts only, never publishes, keeps no revision, and goes
through the version check, so it never writes over a newer save."""

from flask import abort, jsonify, url_for
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from blog.admin import bp, post_form
from blog.admin.services import posts as post_service
from blog.extensions import db
from blog.models import Post
from blog.web.templating import site_zone


@bp.post("/posts/autosave", endpoint="autosave_new_post")
@bp.post("/posts/<int:post_id>/autosave", endpoint="autosave_post")
def autosave(post_id: int | None = None):
    post = (db.session.get(Post, post_id) or abort(404)) if post_id is not None else None
    form = post_form.posted_form(post)
    if form.status.data != "draft" or (post is not None and post.status != "draft"):
        return jsonify(saved=False, reason="not-a-draft"), 409
    if not form.validate():
        return jsonify(saved=False, reason="invalid",
                       fields=sorted(name for name, _errors in form.errors.items())), 422
    data = post_form.to_input(form, writer=current_user)
    try:
        if post is None:
            post = post_service.create_post(data)
        else:
            post_service.update_post(post, data, post_form.loaded_version(form), record=False)
    except post_service.StaleEdit as stale:
        return jsonify(saved=False, reason="stale", version=stale.current.version), 409
    except OperationalError:
        db.session.rollback()
        return jsonify(saved=False, reason="busy"), 503, {"Retry-After": "5"}
    return jsonify(
        saved=True, version=post.version, post_id=post.id,
        saved_at=post.updated_at.astimezone(site_zone()).strftime("%H:%M"),
        edit_url=url_for("admin.edit_post", post_id=post.id),
        autosave_url=url_for("admin.autosave_post", post_id=post.id),
        preview_url=url_for("admin.preview_post", post_id=post.id),
    )
