"""The media library: upload an image (with its alt text and caption), see them all."""

from flask import flash, redirect, render_template, request, url_for

from blog.admin import bp
from blog.admin.forms import UploadForm
from blog.extensions import db
from blog.media import library
from blog.media import services as upload_service
from blog.web.parsing import page_number


@bp.route("/uploads/", methods=["GET", "POST"])
def list_uploads():
    form = UploadForm()
    status = 200
    if request.method == "POST" and form.validate():
        file = form.image.data
        if not file or not file.filename:
            form.image.errors = ["Choose an image to upload."]
            status = 422
        else:
            try:
                upload = upload_service.store_image(file)
            except upload_service.UploadRefused as refused:
                form.image.errors = [refused.message]
                status = refused.status
            else:
                upload.alt_text = " ".join((form.alt_text.data or "").split())[:1000]
                upload.caption = (form.caption.data or "").strip()[:5000]
                db.session.commit()
                flash(f"Uploaded. Paste this into a post: {upload_service.markdown_for(upload)}",
                      "success")
                return redirect(url_for("admin.list_uploads"), 303)
    elif request.method == "POST":
        status = 422
    page = page_number(request.args.get("page"))
    return render_template("admin/uploads.html", form=form, section="uploads",
                           pagination=upload_service.list_uploads(page),
                           thumbnail_url=library.thumbnail_url,
                           markdown_for=upload_service.markdown_for), status
