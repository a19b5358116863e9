"""The media library: resized copies, srcset and size in posts, alt text and caption edited in
the library, replace at the same address, delete after seeing where an image is used."""

import io
import json
import re

from PIL import Image
from sqlalchemy import select

from blog.extensions import db
from blog.media.variants import index_image
from blog.models import Post, Upload
from tests.admin import images
from tests.admin.editor import editor_data, new_post_id, save_post
from tests.conftest import csrf_token_from


def _only_upload(app) -> Upload:
    with app.app_context():
        [row] = db.session.scalars(select(Upload)).all()
        db.session.expunge(row)
        return row


def _body_html(app, post_id: int) -> str:
    with app.app_context():
        return str(db.session.get(Post, post_id).body_html)


def test_an_upload_gets_smaller_copies_in_webp_and_its_own_format(app, client, login,
                                                                   tmp_path):
    assert images.upload(client, images.image_bytes("JPEG", (1200, 800)), "harbour.jpg",
                         alt_text="A harbour at dusk").status_code == 303
    upload = _only_upload(app)
    assert (upload.width, upload.height, upload.alt_text) == (1200, 800, "A harbour at dusk")
    variants = json.loads(upload.variants)
    widths = sorted({(width, mime) for _path, width, mime in variants})
    assert widths == [(480, "image/jpeg"), (480, "image/webp"), (960, "image/jpeg"),
                      (960, "image/webp"), (1200, "image/webp")]
    for rel, width, mime in variants:
        served = client.get(f"/uploads/{rel}")
        assert served.status_code == 200 and served.mimetype == mime
        assert Image.open(io.BytesIO(served.data)).width == width


def test_a_small_image_gets_no_copies_larger_than_itself(app, client, login):
    images.upload(client, images.image_bytes("PNG", (300, 200)), "icon.png")
    upload = _only_upload(app)
    assert [(w, m) for _p, w, m in json.loads(upload.variants)] == [(300, "image/webp")]


def test_a_post_shows_a_library_image_with_srcset_sizes_and_dimensions(app, client, login):
    images.upload(client, images.image_bytes("PNG", (1000, 500)), "chart.png",
                  alt_text="Latency by week")
    upload = _only_upload(app)
    post_id = new_post_id(save_post(client, title="Charts", status="published",
                                    body=f"![](/uploads/{upload.path})\n\nText.\n\n"
                                         f"![Second](/uploads/{upload.path})"))
    html = _body_html(app, post_id)
    first, second = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert '<source type="image/webp"' in first and "480w" in first and "1000w" in first
    assert 'sizes="(max-width: 44rem)' in first
    assert 'width="1000" height="500"' in first
    assert 'alt="Latency by week"' in first  # the library's, as the Markdown gave none
    assert 'loading="lazy"' not in first  # the first image is above the fold
    assert 'loading="lazy"' in second and 'alt="Second"' in second


def test_the_file_name_is_never_the_alt_text(app, client, login):
    images.upload(client, images.image_bytes(), "IMG_20250101_quarterly-results.png")
    upload = _only_upload(app)
    page = client.get("/admin/uploads/").get_data(as_text=True)
    assert f'value="![](/uploads/{upload.path})"' in page
    post_id = new_post_id(save_post(client, title="Q", body=f"![](/uploads/{upload.path})"))
    assert re.findall(r'alt="([^"]*)"', _body_html(app, post_id)) == [""]


def test_alt_text_and_caption_edited_in_the_library_reach_the_posts(app, client, login):
    images.upload(client, images.image_bytes("PNG", (800, 400)), "graph.png")
    upload = _only_upload(app)
    post_id = new_post_id(save_post(client, title="Graphs", body=f"![](/uploads/{upload.path})"))
    page = client.get(f"/admin/uploads/{upload.id}/").get_data(as_text=True)
    assert "Graphs" in page  # "Used in"
    response = client.post(f"/admin/uploads/{upload.id}/", data={
        "csrf_token": csrf_token_from(page), "alt_text": "Requests per second, by week",
        "caption": "Traffic doubled in March."})
    assert response.status_code == 303
    html = _body_html(app, post_id)
    assert 'alt="Requests per second, by week"' in html
    assert "<figure>" in html and "<figcaption>Traffic doubled in March.</figcaption>" in html


def test_markdown_alt_text_and_title_win_over_the_librarys(app, client, login):
    images.upload(client, images.image_bytes(), "a.png", alt_text="Library alt",
                  caption="Library caption")
    upload = _only_upload(app)
    post_id = new_post_id(save_post(client, title="Own words", body=(
        f'![My alt](/uploads/{upload.path} "My caption")')))
    html = _body_html(app, post_id)
    assert 'alt="My alt"' in html and "<figcaption>My caption</figcaption>" in html
    assert "Library" not in html


def test_replace_keeps_the_address_and_rebuilds_the_copies(app, client, login, tmp_path):
    images.upload(client, images.image_bytes("PNG", (1000, 500), colour=(255, 0, 0)), "map.png")
    before = _only_upload(app)
    old_copies = [rel for rel, _w, _m in json.loads(before.variants)]
    post_id = new_post_id(save_post(client, title="Map", status="published",
                                    body=f"![A map](/uploads/{before.path})"))
    page = client.get(f"/admin/uploads/{before.id}/").get_data(as_text=True)
    response = client.post(f"/admin/uploads/{before.id}/replace", data={
        "csrf_token": csrf_token_from(page),
        "image": (io.BytesIO(images.image_bytes("JPEG", (1200, 600), colour=(0, 0, 255))),
                  "newer.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 303
    after = _only_upload(app)
    assert (after.path, after.version, after.width) == (before.path, 2, 1200)
    served = client.get(f"/uploads/{after.path}")
    assert served.mimetype == "image/png"  # the address names a PNG: the new file is one
    picture = Image.open(io.BytesIO(served.data))
    assert picture.format == "PNG" and picture.convert("RGB").getpixel((5, 5))[2] > 200
    for rel in old_copies:
        assert not (tmp_path / "uploads" / rel).exists()
    html = _body_html(app, post_id)
    assert f'src="/uploads/{after.path}?v=2"' in html and ".v2.480." in html
    assert client.get("/map/").status_code == 200


def test_replacing_with_something_that_is_no_image_changes_nothing(app, client, login):
    images.upload(client, images.image_bytes(), "keep.png")
    before = _only_upload(app)
    page = client.get(f"/admin/uploads/{before.id}/").get_data(as_text=True)
    response = client.post(f"/admin/uploads/{before.id}/replace", data={
        "csrf_token": csrf_token_from(page), "image": (io.BytesIO(b"not an image"), "x.png")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "not an image" in response.get_data(as_text=True)
    assert _only_upload(app).version == 1


def test_delete_warns_with_the_posts_that_use_the_image(app, client, login, tmp_path):
    images.upload(client, images.image_bytes("PNG", (900, 300)), "banner.png")
    upload = _only_upload(app)
    save_post(client, title="Uses the banner", body=f"![x](/uploads/{upload.path})")
    save_post(client, title="Does not", body="No images here.")
    page = client.get(f"/admin/uploads/{upload.id}/delete").get_data(as_text=True)
    assert "1 post shows this image" in page and "Uses the banner" in page
    assert "Does not" not in page
    response = client.post(f"/admin/uploads/{upload.id}/delete",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Upload)).all() == []
    assert not list((tmp_path / "uploads").rglob("banner*"))


def test_an_imported_image_is_indexed_from_its_file(app, tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2020" / "01").mkdir(parents=True)
    Image.new("RGB", (1600, 900), (10, 20, 30)).save(folder / "2020/01/photo.jpg", "JPEG")
    upload = Upload(path="2020/01/photo.jpg", mime_type="image/jpeg", version=1)
    assert index_image(upload, folder)
    assert (upload.width, upload.height) == (1600, 900)
    assert {w for _p, w, _m in json.loads(upload.variants)} == {480, 960, 1440, 1600}
    assert not index_image(Upload(path="2020/01/missing.jpg", mime_type="image/jpeg",
                                  version=1), folder)


def test_the_editor_inserts_an_image_chosen_from_the_library(app, client, login):
    images.upload(client, images.image_bytes(), "pick-me.png", alt_text="The one to pick")
    upload = _only_upload(app)
    data = editor_data(client, title="Kept title", body="Kept body")
    data.update(action="insert", library_image=str(upload.id))
    response = client.post("/admin/posts/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'value="![The one to pick](/uploads/{upload.path})"' in html
    assert "Kept body" in html and 'value="Kept title"' in html


def test_a_deleted_images_address_is_not_given_to_the_next_upload(app, client, login):
    images.upload(client, images.image_bytes(colour=(255, 0, 0)), "logo.png")
    first = _only_upload(app)
    save_post(client, title="Shows the logo", body=f"![Logo](/uploads/{first.path})")
    page = client.get(f"/admin/uploads/{first.id}/delete").get_data(as_text=True)
    client.post(f"/admin/uploads/{first.id}/delete", data={"csrf_token": csrf_token_from(page)})
    images.upload(client, images.image_bytes(colour=(0, 255, 0)), "logo.png")
    second = _only_upload(app)
    assert second.path != first.path  # the old post shows a missing image, not this one
