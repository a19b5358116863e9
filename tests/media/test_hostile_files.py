"""Files that must never be served from the blog's own origin, whoever brings them: an import's
`--uploads` folder copies only verified images, the upload route serves nothing but images,
and an image too large to decode (frames x pixels) is refused rather than held in memory."""

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from blog.extensions import db
from blog.models import Post, Upload
from blog.wxr.importer import import_wxr
from tests.conftest import csrf_token_from

ITEM = """<item><title><![CDATA[{name}]]></title><wp:post_id>{id}</wp:post_id>
<wp:post_date_gmt><![CDATA[2020-01-02 09:00:00]]></wp:post_date_gmt>
<wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[https://old.example/wp-content/uploads/2020/01/{name}]]>
</wp:attachment_url></item>"""
POST = """<item><title>Files</title><wp:post_id>1</wp:post_id><wp:post_name>files</wp:post_name>
<wp:post_date_gmt><![CDATA[2020-01-02 09:00:00]]></wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<content:encoded><![CDATA[{links}]]></content:encoded></item>"""


def _wxr(path: Path, names: list[str]) -> Path:
    items = "".join(ITEM.format(name=n, id=10 + i) for i, n in enumerate(names))
    links = " ".join(f'<a href="https://old.example/wp-content/uploads/2020/01/{n}">{n}</a>'
                     for n in names)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{POST.format(links=links)}{items}"
        "</channel></rss>")
    return path


def _png(width=8, height=8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_an_import_copies_only_the_images_it_verified(app, tmp_path):
    source = tmp_path / "wp-uploads" / "2020" / "01"
    source.mkdir(parents=True)
    files = {"photo.png": _png(), "page.html": b"<script>alert(document.cookie)</script>",
             "logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
             "fake.png": b"<html><script>alert(1)</script></html>",
             "named-wrong.gif": _png()}
    for name, data in files.items():
        (source / name).write_bytes(data)
    with app.app_context():
        summary = import_wxr(_wxr(tmp_path / "site.xml", list(files)), tmp_path / "wp-uploads")
        body = str(db.session.scalar(select(Post.body_html)))
        sizes = {u.path: u.size for u in db.session.scalars(select(Upload))}
        db.session.remove()
    folder = Path(app.config["UPLOAD_FOLDER"]) / "2020" / "01"
    copied = sorted(p.name for p in folder.iterdir())
    # The photo and the media library's copies of it (photo.v1.webp…), nothing else.
    assert [name for name in copied if ".v1" not in name] == ["photo.png"]
    assert "photo.v1.webp" in copied
    assert '/uploads/2020/01/photo.png' in body
    for name in ("page.html", "logo.svg", "fake.png", "named-wrong.gif"):
        assert f"https://old.example/wp-content/uploads/2020/01/{name}" in body
        assert sizes[f"2020/01/{name}"] == 0  # recorded, kept at the old address
    assert summary.skipped["files that are not images we serve (kept at their old URL)"] == 4


def test_the_upload_route_serves_only_images(app, client):
    folder = Path(app.config["UPLOAD_FOLDER"]) / "2020" / "01"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text("<script>alert(1)</script>")
    (folder / "logo.svg").write_text("<svg onload='alert(1)'/>")
    (folder / "photo.png").write_bytes(_png())
    assert client.get("/uploads/2020/01/page.html").status_code == 404
    assert client.get("/uploads/2020/01/logo.svg").status_code == 404
    assert client.get("/uploads/2020/01/photo.png").status_code == 200


def _upload(client, data: bytes, name: str):
    page = client.get("/admin/uploads/").get_data(as_text=True)
    return client.post("/admin/uploads/", content_type="multipart/form-data", data={
        "csrf_token": csrf_token_from(page), "image": (io.BytesIO(data), name)})


def test_an_animation_too_large_to_decode_is_refused(client, login):
    """80 frames of 1000x1000 took 331 MiB as RGBA; the file itself is small."""
    frames = [Image.new("P", (1000, 1000), n % 200) for n in range(80)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=40)
    assert out.tell() < 5 * 1024 * 1024
    response = _upload(client, out.getvalue(), "huge.gif")
    assert response.status_code == 422
    assert "80 frames of 1000×1000" in response.get_data(as_text=True)


def test_a_small_animation_is_still_taken(client, login):
    frames = [Image.new("P", (64, 64), n * 20) for n in range(10)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=40)
    assert _upload(client, out.getvalue(), "small.gif").status_code == 303
