"""The import remembers what it needs from one item to the next in the database (temporary
tables of its own transaction, and the imported rows themselves), not in Python: the memory it
keeps does not grow with the export, and nothing of it outlives the import."""

import gc
import io
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event, select

import blog.wxr.importer as importer
from bench.wxr_import import generate
from blog.extensions import db
from blog.models import Comment, Post, Redirect
from blog.wxr.entries import WxrItem
from blog.wxr.importer import import_wxr
from blog.wxr.memory import Seen
from blog.wxr.reader import WxrError
from tests.discovery.wxr_files import comment, document, item, write


def _kept_after(app, monkeypatch, path: Path, checkpoints: tuple[int, ...]) -> list[int]:
    """Bytes Python holds (traced by tracemalloc) after each checkpoint's item is imported."""
    kept: list[int] = []
    seen = 0
    import_entry = importer._import_entry

    def counting(state, entry):
        nonlocal seen
        import_entry(state, entry)
        if isinstance(entry, WxrItem):
            seen += 1
            if seen in checkpoints:
                gc.collect()
                kept.append(tracemalloc.get_traced_memory()[0])

    monkeypatch.setattr(importer, "_import_entry", counting)
    with app.app_context():
        tracemalloc.start()
        try:
            import_wxr(path)
        finally:
            tracemalloc.stop()
    return kept


def test_what_the_import_keeps_in_memory_does_not_grow_with_the_export(app, monkeypatch,
                                                                         tmp_path):
    # 500 posts, 3 comments each: id maps, title-date keys, paths and comment ids kept in
    # Python grew by 1.4 KB a post (560 KB between the checkpoints). What may differ now is
    # the few rows held to be written together (memory.PENDING).
    path = tmp_path / "export.xml"
    generate(path, 500, 1500)
    early, late = _kept_after(app, monkeypatch, path, (100, 500))
    assert late - early < 128_000, f"{(late - early) / 400:.0f} bytes kept per post"
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Comment.id))) == 1500


def _temporary_tables(dbapi_connection, dialect: str) -> list[str]:
    cursor = dbapi_connection.cursor()
    if dialect == "sqlite":
        cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema()"
                       " AND relkind = 'r'")
    names = [row[0] for row in cursor.fetchall()]
    cursor.close()
    if dialect != "sqlite":
        dbapi_connection.rollback()
    return names


def test_the_import_s_tables_go_with_its_commit_and_with_its_rollback(app, tmp_path):
    good = write(tmp_path / "good.xml", document(
        item(1, "First", "first", kind="page"),
        item(3, "Child", "child", kind="page", parent=2),
        item(2, "Parent", "parent", kind="page"),
    ))
    broken = write(tmp_path / "broken.xml",
                   document(item(4, "Fourth", "fourth")).replace("</channel>", "<item>"))
    used = []

    def note(conn, _cursor, statement, *_args):
        if "wxr_import_" in statement and conn.connection.dbapi_connection not in used:
            used.append(conn.connection.dbapi_connection)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", note)
        try:
            import_wxr(good)
            with pytest.raises(WxrError):
                import_wxr(broken)
            assert db.session.scalar(select(Post.id).where(Post.title == "Fourth")) is None
            again = import_wxr(good)  # on the same pooled connection, as a fresh run
        finally:
            event.remove(engine, "before_cursor_execute", note)
        db.session.remove()
        assert used
        for connection in used:
            assert _temporary_tables(connection, engine.dialect.name) == []
    assert again.existing["pages"] == 3 and sum(again.created.values()) == 0


def test_pages_whose_parent_never_comes_stand_at_the_top_last_parent_first(app, tmp_path):
    # WordPress leaves the parent id of a page whose parent was trashed: each waits for it
    # until the end, then is imported at the top; the parent waited for last goes first.
    path = write(tmp_path / "orphans.xml", document(
        item(41, "Orphan A", "orphan", kind="page", parent=999),
        item(42, "Orphan B", "orphan", kind="page", parent=998),
        item(43, "Orphan C", "orphan", kind="page", parent=999),
    ))
    with app.app_context():
        summary = import_wxr(path)
        paths = dict(db.session.execute(select(Post.title, Post.path)).all())
        parents = set(db.session.scalars(select(Post.parent_id)))
    assert paths == {"Orphan B": "orphan", "Orphan A": "orphan-2", "Orphan C": "orphan-3"}
    assert parents == {None}
    assert summary.notes["pages whose parent is not in the file: kept at the top"] == 3


def test_a_reply_in_a_later_export_threads_under_its_parent_from_an_earlier_one(app,
                                                                               tmp_path):
    first = write(tmp_path / "first.xml", document(
        item(10, "Post", "post", comments=(comment(100, "Top"),))))
    later = write(tmp_path / "later.xml", document(
        item(10, "Post", "post", comments=(comment(100, "Top"),
                                           comment(101, "Reply", parent=100),
                                           comment(102, "Lost", parent=77)))))
    with app.app_context():
        import_wxr(first)
        summary = import_wxr(later)
        comments = {c.body_source: c for c in db.session.scalars(select(Comment))}
    assert comments["Reply"].parent_id == comments["Top"].id
    assert comments["Lost"].parent_id is None
    assert (summary.existing["comments"], summary.created["comments"]) == (1, 2)
    assert summary.notes["replies whose parent comment is not in the file: kept at top "
                         "level"] == 1


def test_a_failed_import_removes_the_files_it_copied(app, tmp_path):
    uploads = tmp_path / "wp-uploads"
    (uploads / "2020" / "01").mkdir(parents=True)
    image = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(image, "PNG")
    (uploads / "2020" / "01" / "photo.png").write_bytes(image.getvalue())
    body = '<img src="https://one.example/wp-content/uploads/2020/01/photo.png" alt="">'
    text = document(
        item(1, "With a photo", "photo", content=body),
        item(2, "Photo", "photo-file", kind="attachment", status="inherit",
             attachment_url="https://one.example/wp-content/uploads/2020/01/photo.png",
             meta=(("_wp_attached_file", "2020/01/photo.png"),)),
    )
    broken = write(tmp_path / "broken.xml", text.replace("</channel>", "<item>"))
    with app.app_context():
        folder = Path(app.config["UPLOAD_FOLDER"])
        with pytest.raises(WxrError):
            import_wxr(broken, uploads)
        assert db.session.scalar(select(Post.id)) is None
        assert not [p for p in folder.rglob("*") if p.is_file()]
        # The same file whole copies the photo (and its resized copies).
        import_wxr(write(tmp_path / "whole.xml", text), uploads)
    assert (folder / "2020" / "01" / "photo.png").is_file()


def test_the_filter_never_forgets_a_key_and_rarely_imagines_one():
    seen = Seen()
    for n in range(20_000):
        seen.add(f"path\0post-{n}")
    assert all(f"path\0post-{n}" in seen for n in range(20_000))
    assert sum(f"path\0other-{n}" in seen for n in range(20_000)) <= 2


def _collisions(tmp_path) -> Path:
    return write(tmp_path / "collisions.xml", document(
        item(31, "Grandchild", "grand", kind="page", parent=30, date="2020-02-01 00:00:00"),
        item(30, "Child", "child", kind="page", parent=20, date="2020-02-02 00:00:00"),
        item(20, "Parent", "parent", kind="page", date="2020-02-03 00:00:00",
             link="https://one.example/parent/"),
        item(50, "Twin", "twin", link="https://one.example/2020/01/02/twin/",
             comments=(comment(500, "c1"), comment(501, "c2", parent=500))),
        item(51, "Twin", "twin-2", comments=(comment(510, "t1"), comment(500, "again"))),
        item(50, "Same id", "same-id", date="2021-01-01 00:00:00"),
        item(61, "Hello", "hello", date="2020-03-02 00:00:00", link="https://one.example/x/hello/"),
        item(62, "Hello again", "hello", date="2020-03-03 00:00:00",
             link="https://one.example/x/hello/"),
    ))


@pytest.mark.parametrize("bits", [Seen.BITS, 8])
def test_what_the_filter_answers_changes_nothing(app, monkeypatch, tmp_path, bits):
    # With 8 bits every lookup is a "maybe": the database answers all of them.
    monkeypatch.setattr(Seen, "BITS", bits)
    path = _collisions(tmp_path)
    with app.app_context():
        summary = import_wxr(path)
        posts = {p.title: p for p in db.session.scalars(select(Post))}
        assert {t: p.path for t, p in posts.items()} == {
            "Parent": "parent", "Child": "parent/child", "Grandchild": "parent/child/grand",
            "Twin": "twin", "Hello": "hello", "Hello again": "hello-2"}
        comments = {c.body_source: c for c in db.session.scalars(select(Comment))}
        assert set(comments) == {"c1", "c2", "t1"}  # item 51 is item 50's twin
        assert comments["c2"].parent_id == comments["c1"].id
        redirects = set(db.session.scalars(select(Redirect.old_path)))
        assert redirects == {"2020/01/02/twin", "x/hello"}
        again = import_wxr(path)
    assert (summary.existing["posts"], summary.existing["comments"]) == (2, 1)
    # Hello again's old link and its old slug both answer for Hello.
    assert summary.notes["old links another item here already answers: not redirected"] == 2
    assert sum(again.created.values()) == 0
    assert (again.existing["posts"], again.existing["pages"]) == (5, 3)
