"""The media library: upload an image, copy its Markdown."""

from flask import flash, redirect, render_template, request, url_for

from blog.admin import bp
from blog.admin.forms import UploadForm
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
                flash(f"Uploaded. Paste this into a post: {upload_service.markdown_for(upload)}",
                      "success")
                return redirect(url_for("admin.list_uploads"), 303)
    page = page_number(request.args.get("page"))
    return render_template("admin/uploads.html", form=form, section="uploads",
                           pagination=upload_service.list_uploads(page),
                           url_for_upload=upload_service.upload_url,
                           markdown_for=upload_service.markdown_for), status
