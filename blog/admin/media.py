"""One image of the media library: its alt text and caption, replacing its file, deleting it
(after seeing which posts show it)."""

from flask import abort, flash, redirect, render_template, request, url_for

from blog.admin import bp
from blog.admin.forms import ConfirmForm, MediaDetailsForm, ReplaceForm
from blog.media import library
from blog.media.services import UploadRefused, markdown_for, upload_url


def _upload_or_404(upload_id: int):
    return library.get_upload(upload_id) or abort(404)


def _page(upload, details=None, replace=None, status=200):
    return render_template(
        "admin/media_item.html", upload=upload, section="uploads",
        details=details or MediaDetailsForm(obj=upload), replace=replace or ReplaceForm(),
        used_by=library.posts_using(upload), url=upload_url(upload),
        markdown=markdown_for(upload), thumbnail=library.thumbnail_url(upload),
    ), status


@bp.route("/uploads/<int:upload_id>/", methods=["GET", "POST"])
def media_item(upload_id: int):
    upload = _upload_or_404(upload_id)
    form = MediaDetailsForm()
    if request.method == "POST" and form.validate():
        used_by = library.update_details(upload, form.alt_text.data, form.caption.data)
        again = f" {used_by} post{'s' if used_by != 1 else ''} showing it updated." \
            if used_by else ""
        flash("Alt text and caption saved." + again, "success")
        return redirect(url_for("admin.media_item", upload_id=upload.id), 303)
    return _page(upload, details=form if request.method == "POST" else None,
                 status=422 if form.errors else 200)


@bp.post("/uploads/<int:upload_id>/replace")
def replace_media(upload_id: int):
    upload = _upload_or_404(upload_id)
    form = ReplaceForm()
    if not form.validate():
        abort(400)
    file = form.image.data
    if not file or not getattr(file, "filename", ""):
        form.image.errors = ["Choose the new image file."]
        return _page(upload, replace=form, status=422)
    try:
        library.replace_file(upload, file)
    except UploadRefused as refused:
        form.image.errors = [refused.message]
        return _page(upload, replace=form, status=refused.status)
    flash("Image replaced. Its address stays the same; the posts showing it show the new one.",
          "success")
    return redirect(url_for("admin.media_item", upload_id=upload.id), 303)


@bp.route("/uploads/<int:upload_id>/delete", methods=["GET", "POST"])
def delete_media(upload_id: int):
    upload = _upload_or_404(upload_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        name = upload.original_name or upload.path
        library.delete_upload(upload)
        flash(f"Deleted “{name}”.", "success")
        return redirect(url_for("admin.list_uploads"), 303)
    return render_template("admin/delete_media.html", upload=upload, form=form,
                           used_by=library.posts_using(upload), section="uploads",
                           thumbnail=library.thumbnail_url(upload))
