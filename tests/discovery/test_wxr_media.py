"""`--uploads DIR` finds each file by the attachment's `_wp_attached_file` or by its URL's own
path, whatever the host (WordPress.com's, a CDN's, a site with month folders off), copies it
to /uploads/yyyy/mm/, indexes it in the media library and points every post at the copy."""

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from blog.extensions import db
from blog.models import Post, Upload
from blog.wxr.importer import import_wxr
from tests.discovery.wxr_files import document, item, write


def _png(width: int, colour: tuple) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, width // 2), colour).save(out, "PNG")
    return out.getvalue()


def _uploads(tmp_path) -> Path:
    root = tmp_path / "wp-uploads"
    (root / "2019" / "07").mkdir(parents=True)
    (root / "flat.png").write_bytes(_png(1200, (200, 30, 30)))
    (root / "2019" / "07" / "wpcom.png").write_bytes(_png(600, (30, 200, 30)))
    (root / "2019" / "07" / "cdn.png").write_bytes(_png(300, (30, 30, 200)))
    (root / "page.html").write_text("<script>alert(1)</script>")
    return root


BODY = ('<img src="https://old.example/wp-content/uploads/flat.png" alt="flat">\n'
        '<img src="https://oldsite.files.wordpress.com/2019/07/wpcom.png?w=300" alt="wp.com">\n'
        '<img src="https://i0.wp.com/old.example/wp-content/uploads/2019/07/cdn.png" alt="cdn">\n'
        '<a href="https://old.example/wp-content/uploads/page.html">page</a>\n'
        '<img src="https://elsewhere.example/not-given.png" alt="remote">')


def _site(tmp_path) -> Path:
    return write(tmp_path / "media.xml", document(
        item(10, "Pictures", "pictures", date="2021-03-04 10:00:00", content=BODY),
        item(30, "flat", "flat", kind="attachment", status="inherit",
             date="2019-06-01 10:00:00",
             attachment_url="https://old.example/wp-content/uploads/flat.png",
             meta=(("_wp_attached_file", "flat.png"),)),
        item(31, "wpcom", "wpcom", kind="attachment", status="inherit",
             date="2019-07-01 10:00:00",
             attachment_url="https://oldsite.files.wordpress.com/2019/07/wpcom.png",
             meta=(("_wp_attached_file", "2019/07/wpcom.png"),)),
        item(32, "page", "page", kind="attachment", status="inherit",
             attachment_url="https://old.example/wp-content/uploads/page.html",
             meta=(("_wp_attached_file", "page.html"),)),
    ))


def test_flat_and_wordpress_com_media_are_copied_indexed_and_linked(app, client, tmp_path):
    with app.app_context():
        summary = import_wxr(_site(tmp_path), _uploads(tmp_path))
        body = str(db.session.scalar(select(Post.body_html)))
        uploads = {u.legacy_id: u for u in db.session.scalars(select(Upload))}
        folder = Path(app.config["UPLOAD_FOLDER"])
    # A flat file lands in its post's month; month folders stay as they were.
    assert 'src="/uploads/2021/03/flat.png"' in body
    assert 'src="/uploads/2019/07/wpcom.png?w=300"' in body
    assert 'src="/uploads/2019/07/cdn.png"' in body
    assert "https://old.example/wp-content/uploads/page.html" in body  # never copied
    assert 'src="https://elsewhere.example/not-given.png"' in body  # not in the folder
    assert not (folder / "2021" / "03" / "page.html").exists()
    for url in ("/uploads/2021/03/flat.png", "/uploads/2019/07/wpcom.png",
                "/uploads/2019/07/cdn.png"):
        assert client.get(url).status_code == 200, url
    # The attachments are the same files, found by _wp_attached_file, in the media library.
    assert uploads[30].path == "2021/03/flat.png" and uploads[31].path == "2019/07/wpcom.png"
    assert (uploads[30].width, uploads[30].height) == (1200, 600)
    assert "2021/03/flat.v1.960.webp" in uploads[30].variants
    assert summary.created["attachments"] == 2
    assert uploads[32].size == 0 and uploads[32].legacy_url.endswith("/page.html")
    assert summary.created["attachments (kept at their old URL)"] == 1
    assert summary.skipped["files that are not images we serve (kept at their old URL)"] == 1


def test_another_site_s_file_of_the_same_name_is_kept_beside_the_first(app, tmp_path):
    first = _uploads(tmp_path)
    second = tmp_path / "second-uploads" / "2019" / "07"
    second.mkdir(parents=True)
    (second / "wpcom.png").write_bytes(_png(400, (0, 0, 0)))
    other = write(tmp_path / "other.xml", document(
        item(10, "Other", "other", content=(
            '<img src="https://two.example/wp-content/uploads/2019/07/wpcom.png" alt="">')),
        site="https://two.example"))
    with app.app_context():
        import_wxr(_site(tmp_path), first)
        import_wxr(other, tmp_path / "second-uploads")
        bodies = {p.title: str(p.body_html) for p in db.session.scalars(select(Post))}
        folder = Path(app.config["UPLOAD_FOLDER"])
    assert "/uploads/2019/07/wpcom-2.png" in bodies["Other"]
    assert "/uploads/2019/07/wpcom.png?w=300" in bodies["Pictures"]
    assert (folder / "2019/07/wpcom-2.png").read_bytes() == (second / "wpcom.png").read_bytes()


def test_a_run_again_copies_nothing_new(app, tmp_path):
    uploads = _uploads(tmp_path)
    with app.app_context():
        import_wxr(_site(tmp_path), uploads)
        folder = Path(app.config["UPLOAD_FOLDER"])
        before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
        again = import_wxr(_site(tmp_path), uploads)
        after = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    assert before == after and sum(again.created.values()) == 0
