"""Image uploads: verified by Pillow, metadata stripped, served safely at /uploads/."""

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from blog.extensions import db
from blog.models import Upload
from tests.admin import images
from tests.admin.editor import editor_data, new_post_id, save_post


def _stored(app) -> list[Upload]:
    with app.app_context():
        rows = db.session.scalars(select(Upload)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


@pytest.mark.parametrize(("fmt", "name", "mime"), [
    ("PNG", "Diagram.png", "image/png"), ("JPEG", "photo.jpeg", "image/jpeg"),
    ("WEBP", "pic.webp", "image/webp"), ("GIF", "anim.gif", "image/gif"),
])
def test_images_are_stored_by_month_and_served_with_their_type(app, client, login, fmt, name,
                                                               mime, tmp_path):
    response = images.upload(client, images.image_bytes(fmt), name)
    assert response.status_code == 303
    [upload] = _stored(app)
    assert re.fullmatch(r"\d{4}/\d{2}/[a-z0-9-]+\.(png|jpg|webp|gif)", upload.path)
    assert (tmp_path / "uploads" / upload.path).is_file()
    served = client.get(f"/uploads/{upload.path}")
    assert served.status_code == 200
    assert served.mimetype == mime
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(served.data)).format == fmt
    page = client.get("/admin/uploads/").get_data(as_text=True)
    assert f"](/uploads/{upload.path})" in page  # the Markdown to paste


def test_metadata_is_stripped(app, client, login, tmp_path):
    original = images.image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif()  # the fixture really has EXIF
    images.upload(client, original, "holiday.jpg")
    [upload] = _stored(app)
    stored = Image.open(tmp_path / "uploads" / upload.path)
    assert not stored.getexif()
    assert b"SpyCam" not in (tmp_path / "uploads" / upload.path).read_bytes()


def test_a_non_image_renamed_png_is_refused(app, client, login):
    response = images.upload(client, b"<?php system($_GET['c']); ?>" * 10, "shell.png")
    assert response.status_code == 422
    assert "not an image" in response.get_data(as_text=True)
    assert _stored(app) == []


def test_an_svg_is_refused(app, client, login):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert images.upload(client, svg, "logo.svg").status_code == 422


def test_an_image_format_we_do_not_take_is_refused(app, client, login):
    assert images.upload(client, images.image_bytes("BMP"), "old.bmp").status_code == 422
    assert _stored(app) == []


def test_a_file_over_the_upload_limit_is_413(app, client, login):
    response = images.upload(client, b"\0" * (10 * 1024 * 1024 + 10), "huge.png")
    assert response.status_code == 413
    assert _stored(app) == []


def test_a_request_over_max_content_length_is_413(app, client, login):
    response = images.upload(client, b"\0" * (13 * 1024 * 1024), "huger.png")
    assert response.status_code == 413


def test_same_name_twice_gets_two_files(app, client, login):
    images.upload(client, images.image_bytes(), "same.png")
    images.upload(client, images.image_bytes(), "same.png")
    paths = sorted(u.path.rsplit("/", 1)[1] for u in _stored(app))
    assert paths == ["same-2.png", "same.png"]


def test_upload_from_the_editor_keeps_the_text_and_shows_the_markdown(app, client, login):
    data = editor_data(client, title="With a picture", body="Words I typed")
    data["action"] = "upload"
    data["image"] = (io.BytesIO(images.image_bytes()), "chart.png")
    response = client.post("/admin/posts/new", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Words I typed" in html and 'value="With a picture"' in html
    [upload] = _stored(app)
    # No alt text was given: the snippet leaves it empty for the writer, never the file name.
    assert f"![](/uploads/{upload.path})" in html


def test_editor_upload_of_a_bad_file_is_422_with_text_kept(app, client, login):
    data = editor_data(client, title="Kept", body="Still here")
    data["action"] = "upload"
    data["image"] = (io.BytesIO(b"not an image"), "fake.png")
    response = client.post("/admin/posts/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Still here" in response.get_data(as_text=True)


def test_post_with_an_uploaded_image_shows_it(app, client, login):
    images.upload(client, images.image_bytes(), "figure.png")
    [upload] = _stored(app)
    new_post_id(save_post(client, title="Figure", status="published",
                          body=f"![A figure](/uploads/{upload.path})"))
    assert f'src="/uploads/{upload.path}"' in client.get("/figure/").get_data(as_text=True)


@pytest.mark.parametrize("url", [
    "/uploads/2026/11/missing.png", "/uploads/../secret_key", "/uploads/2026/11/..%2Fx.png",
    "/uploads/abcd/11/x.png", "/uploads/2026/11/.hidden",
])
def test_missing_or_odd_upload_paths_are_404(client, url):
    assert client.get(url).status_code in (404, 308)
    assert client.get(url, follow_redirects=True).status_code == 404


def test_uploads_is_a_reserved_slug(app, client, login):
    post_id = new_post_id(save_post(client, title="Uploads"))
    from blog.models import Post
    with app.app_context():
        assert db.session.get(Post, post_id).slug == "uploads-2"


def test_gif_comments_are_stripped_and_animation_kept(app, client, login, tmp_path):
    frames = [Image.new("RGB", (20, 20), (i * 100, 0, 0)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=70, loop=0,
                   comment=b"shot at 52.5N 13.4E")
    assert images.upload(client, out.getvalue(), "anim.gif").status_code == 303
    [upload] = _stored(app)
    stored = (tmp_path / "uploads" / upload.path).read_bytes()
    assert b"52.5N" not in stored
    assert Image.open(io.BytesIO(stored)).n_frames == 3


def test_an_image_with_broken_exif_is_still_taken_without_it(app, client, login, tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "WEBP", exif=b"Exif\0\0not-a-tiff-header SECRET")
    assert images.upload(client, out.getvalue(), "odd.webp").status_code == 303
    [upload] = _stored(app)
    assert b"SECRET" not in (tmp_path / "uploads" / upload.path).read_bytes()
