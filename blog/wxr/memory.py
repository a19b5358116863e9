"""What an import remembers from one item to the next, kept in temporary tables of the import's
own connection rather than in Python: WordPress ids mapped to ours, the type-title-date keys
of the posts here, attachments and media URLs seen, featured images to link at the end and
pages waiting for their parent. Paths and old links are asked of the post and redirect tables.
A 100,000-post export then needs no more memory than a 100-post one.

Most lookups of an import find nothing (a new post's id, key, path and old link): a Bloom
filter of a fixed size (`Seen`) says so without a query; the database answers the others.

The tables live in the import's transaction: dropped before its commit, gone with its
rollback. They are not the app's models (a MetaData of their own), so migrations and the
tests' truncation never see them.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    null,
    select,
    text,
    union_all,
)

from blog.extensions import db
from blog.models import Post, Redirect, Upload
from blog.wxr.entries import WxrComment, WxrItem
from blog.wxr.identity import title_date_key

# WordPress ids are read from the file as Python ints of any size; a value the database
# cannot hold names nothing stored.
_BIGINT = 2**63
BATCH = 500  # rows read or written at a time
PENDING = 50  # new rows of wxr_import_post and wxr_import_title held before they are written

_metadata = MetaData()
_PREFIX = ["TEMPORARY"]

# This site's WordPress id → our post: imported now or before, or matched by type, title and
# date (WordPress's importer keeps the same map, its processed_posts).
_posts = Table(
    "wxr_import_post", _metadata,
    Column("legacy_id", BigInteger, primary_key=True, autoincrement=False),
    Column("post_id", Integer, nullable=False),
    prefixes=_PREFIX,
)
# (type, title, date to the second) of every post here → the first post with that key, found
# by a digest of the key (a small index).
_titles = Table(
    "wxr_import_title", _metadata,
    Column("seq", Integer, primary_key=True),
    Column("digest", BigInteger, nullable=False),
    Column("kind", String, nullable=False),
    Column("title", String, nullable=False),
    Column("stamp", String, nullable=False),
    Column("post_id", Integer, nullable=False),
    Column("source", String(300)),
    Column("legacy_id", BigInteger),
    Index("ix_wxr_import_title_digest", "digest"),
    prefixes=_PREFIX,
)
# Text keys (media URLs, paths under the uploads folder), found by a digest of the key: an
# index on URLs of up to 1,000 characters would pass PostgreSQL's limit on an index entry.
#   "upload url": the legacy URL of an attachment here (value unused)
#   "local": a file's path in the given uploads folder → ours (None: not an image we serve)
#   "url": a media URL in a post's content → our path of its file (None: not copied)
_texts = Table(
    "wxr_import_text", _metadata,
    Column("seq", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("digest", BigInteger, nullable=False),
    Column("key", Text, nullable=False),
    Column("value", Text),
    Index("ix_wxr_import_text_digest", "digest"),
    prefixes=_PREFIX,
)
# WordPress ids of this site's attachments here, or matched by their URL.
_uploads = Table(
    "wxr_import_upload", _metadata,
    Column("legacy_id", BigInteger, primary_key=True, autoincrement=False),
    prefixes=_PREFIX,
)
# A post's featured image (`_thumbnail_id`), linked once every attachment is in; an id no
# database can hold is kept as None (no attachment has it).
_featured = Table(
    "wxr_import_featured", _metadata,
    Column("seq", Integer, primary_key=True),
    Column("post_id", Integer, nullable=False),
    Column("attachment_id", BigInteger),
    prefixes=_PREFIX,
)
# Pages whose parent comes later in the file, kept whole until it does (the parent's id as
# text: any number the file writes, even one no database could hold, waits in its place).
_waiting = Table(
    "wxr_import_waiting", _metadata,
    Column("seq", Integer, primary_key=True),
    Column("parent_id", String, nullable=False),
    Column("item", Text, nullable=False),  # JSON (see _item_json)
    Index("ix_wxr_import_waiting_parent", "parent_id"),
    prefixes=_PREFIX,
)


def fits(number: int) -> bool:
    """Whether a WordPress id can be stored (and so can have been)."""
    return -_BIGINT <= number < _BIGINT


def _item_json(item: WxrItem) -> str:
    return json.dumps(asdict(item), ensure_ascii=False, default=datetime.isoformat)


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _item_from_json(data: str) -> WxrItem:
    fields = json.loads(data)
    fields["date_gmt"], fields["modified_gmt"] = (_date(fields["date_gmt"]),
                                                  _date(fields["modified_gmt"]))
    fields["terms"] = [tuple(term) for term in fields["terms"]]
    fields["comments"] = [WxrComment(**{**comment, "date_gmt": _date(comment["date_gmt"])})
                          for comment in fields["comments"]]
    return WxrItem(**fields)


def _digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big", signed=True)


def _title_text(key: tuple) -> str:
    return "\0".join(key)


def _title_row(key: tuple, post_id: int, source: str | None, legacy_id: int | None) -> dict:
    kind, title, stamp = key
    return {"digest": _digest(_title_text(key)), "kind": kind, "title": title, "stamp": stamp,
            "post_id": post_id, "source": source,
            "legacy_id": legacy_id if legacy_id is not None and fits(legacy_id) else None}


def _text_row(kind: str, key: str, value: str | None) -> dict:
    return {"kind": kind, "digest": _digest(key), "key": key, "value": value}


# The statements of every item, built once: SQLAlchemy then only binds their values (building
# a statement costs more than SQLite takes to run it).
_POST = select(_posts.c.post_id).where(_posts.c.legacy_id == bindparam("legacy_id"))
_POST_AND_PATH = (select(Post.id, Post.path).join(_posts, _posts.c.post_id == Post.id)
                  .where(_posts.c.legacy_id == bindparam("legacy_id")))
_BY_ID = select(_posts.c.post_id, literal_column("0").label("rank"),
                cast(null(), String).label("source"),
                cast(null(), BigInteger).label("legacy_id")).where(
    _posts.c.legacy_id == bindparam("legacy_id"))
_BY_KEY = select(
    select(_titles.c.post_id, literal_column("1").label("rank"), _titles.c.source,
           _titles.c.legacy_id)
    .where(_titles.c.digest == bindparam("digest"), _titles.c.kind == bindparam("kind"),
           _titles.c.title == bindparam("title"), _titles.c.stamp == bindparam("stamp"))
    .order_by(_titles.c.seq).limit(1).subquery())
_KNOWN = {  # (by id, by key) → the query
    (True, False): _BY_ID,
    (False, True): _BY_KEY,
    (True, True): union_all(_BY_ID, _BY_KEY).subquery().select()
    .order_by(text("rank")).limit(1),
}
_TEXT = (select(_texts.c.value)
         .where(_texts.c.digest == bindparam("digest"), _texts.c.kind == bindparam("kind"),
                _texts.c.key == bindparam("key"))
         .order_by(_texts.c.seq).limit(1))
_UPLOAD = select(_uploads.c.legacy_id).where(_uploads.c.legacy_id == bindparam("legacy_id"))
_PATH_TAKEN = select(Post.id).where(Post.path == bindparam("path")).limit(1)
_PATH_ANSWERED = union_all(select(Redirect.id).where(Redirect.old_path == bindparam("path")),
                           select(Post.id).where(Post.path == bindparam("path"))).limit(1)
_UPLOAD_PATH_TAKEN = select(Upload.id).where(Upload.path == bindparam("path")).limit(1)


class Seen:
    """A Bloom filter: 2 MiB of bits, whatever the export, that says for certain that a key
    was never added. With 400,000 keys (a 100,000-post import's ids, title keys, paths and
    old links) about 2 lookups in a million of a missing key are a false "maybe" (answered by
    the database); past some millions of keys most are: slower, never wrong."""

    BITS = 1 << 24
    HASHES = 7

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def _positions(self, key: str) -> Iterator[int]:
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        first, step = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")
        step |= 1
        for n in range(self.HASHES):
            yield (first + n * step) & (self.BITS - 1)

    def add(self, key: str) -> None:
        for at in self._positions(key):
            self._bits[at >> 3] |= 1 << (at & 7)

    def __contains__(self, key: str) -> bool:
        return all(self._bits[at >> 3] & (1 << (at & 7)) for at in self._positions(key))


class ImportMemory:
    """The import's temporary tables, on the session's connection (its transaction)."""

    def __init__(self) -> None:
        self._connection: Connection | None = None
        self._waiting = 0  # rows in wxr_import_waiting: none, most often, and then no query
        # Every WordPress id in wxr_import_post ("id"), key in wxr_import_title ("title"),
        # post path ("path") and redirect's old path ("redirect") here.
        self._seen = Seen()
        # Rows for wxr_import_post and wxr_import_title not written yet: written a batch at a
        # time, or before any query of those tables (so a query sees them all, in order).
        self._new_posts: list[dict] = []
        self._new_titles: list[dict] = []

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the import's memory is used before it was made")
        return self._connection

    def create(self, source: str) -> None:
        """Make the tables, filled with what this database already holds."""
        self._connection = connection = db.session.connection()
        self.drop()  # left on this pooled connection by a run whose tables outlived it
        self._connection, self._waiting = connection, 0
        _metadata.create_all(connection)
        connection.execute(insert(_posts).from_select(
            ["legacy_id", "post_id"],
            # Of two posts of one site and id (which nothing makes now), the later one.
            select(Post.legacy_id, func.max(Post.id))
            .where(Post.legacy_source == source, Post.legacy_id.is_not(None))
            .group_by(Post.legacy_id)))
        for (legacy_id,) in connection.execute(
                select(_posts.c.legacy_id).execution_options(yield_per=BATCH)):
            self._seen.add(f"id\0{legacy_id}")
        for (path,) in connection.execute(
                select(Post.path).execution_options(yield_per=BATCH)):
            self._seen.add(f"path\0{path}")
        for (path,) in connection.execute(
                select(Redirect.old_path).execution_options(yield_per=BATCH)):
            self._seen.add(f"redirect\0{path}")
        connection.execute(insert(_uploads).from_select(
            ["legacy_id"],
            select(Upload.legacy_id)
            .where(Upload.legacy_source == source, Upload.legacy_id.is_not(None))
            .group_by(Upload.legacy_id)))
        posts = connection.execute(
            select(Post.id, Post.type, Post.title, Post.published_at, Post.created_at,
                   Post.legacy_source, Post.legacy_id).order_by(Post.id)
            .execution_options(yield_per=BATCH))
        self._fill(_titles, (
            self._seen_title(key, _title_row(key, post.id, post.legacy_source, post.legacy_id))
            for post in posts
            if (key := title_date_key(post.type, post.title,
                                      post.published_at or post.created_at)) is not None))
        urls = connection.execute(
            select(Upload.legacy_url).where(Upload.legacy_url.is_not(None),
                                            Upload.legacy_url != "").order_by(Upload.id)
            .execution_options(yield_per=BATCH))
        self._fill(_texts, (_text_row("upload url", url, None) for (url,) in urls))

    def _write_new(self) -> None:
        if self._new_posts:
            self.connection.execute(insert(_posts), self._new_posts)
            self._new_posts = []
        if self._new_titles:
            self.connection.execute(insert(_titles), self._new_titles)
            self._new_titles = []

    def _seen_title(self, key: tuple, row: dict) -> dict:
        self._seen.add(f"title\0{_title_text(key)}")
        return row

    def _fill(self, table: Table, rows: Iterator[dict]) -> None:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self.connection.execute(insert(table), batch)
                batch = []
        if batch:
            self.connection.execute(insert(table), batch)

    def drop(self) -> None:
        self._new_posts, self._new_titles = [], []
        if self._connection is None:
            return
        for table in reversed(_metadata.sorted_tables):
            self._connection.execute(text(f"DROP TABLE IF EXISTS {table.name}"))
        self._connection = None

    def forget(self) -> None:
        """After the transaction ended: its connection is not ours any more."""
        self._connection = None

    # Posts

    def post(self, legacy_id: int) -> int | None:
        """Our id for this site's WordPress id, when it is here."""
        if not fits(legacy_id) or f"id\0{legacy_id}" not in self._seen:
            return None
        self._write_new()
        return self.connection.scalar(_POST, {"legacy_id": legacy_id})

    def known_post(self, legacy_id: int, key: tuple | None
                   ) -> tuple[int, tuple[str | None, int | None] | None] | None:
        """In one query: (our id, None) for this site's WordPress id when it is here, else
        (id, (its site, its WordPress id)) of the first post here of this type, title and
        date (`key`); None when neither is."""
        by_id = fits(legacy_id) and f"id\0{legacy_id}" in self._seen
        by_key = key is not None and f"title\0{_title_text(key)}" in self._seen
        if not (by_id or by_key):
            return None
        params = {"legacy_id": legacy_id} if by_id else {}
        if by_key:
            params["kind"], params["title"], params["stamp"] = key
            params["digest"] = _digest(_title_text(key))
        self._write_new()
        row = self.connection.execute(_KNOWN[by_id, by_key], params).first()
        if row is None:
            return None
        post_id, rank, source, known_legacy_id = row
        return (post_id, None) if rank == 0 else (post_id, (source, known_legacy_id))

    def post_and_path(self, legacy_id: int) -> tuple[int, str] | None:
        if not fits(legacy_id) or f"id\0{legacy_id}" not in self._seen:
            return None
        self._write_new()
        row = self.connection.execute(_POST_AND_PATH, {"legacy_id": legacy_id}).first()
        return (row.id, row.path) if row is not None else None

    def add_post(self, legacy_id: int, post_id: int) -> None:
        if fits(legacy_id):  # else no post can be stored with it: nothing to find later
            self._new_posts.append({"legacy_id": legacy_id, "post_id": post_id})
            self._seen.add(f"id\0{legacy_id}")
            if len(self._new_posts) >= PENDING:
                self._write_new()

    def add_title(self, key: tuple, post_id: int, source: str | None,
                  legacy_id: int | None) -> None:
        self._new_titles.append(self._seen_title(key, _title_row(key, post_id, source,
                                                                 legacy_id)))
        if len(self._new_titles) >= PENDING:
            self._write_new()

    # Paths, asked of the posts, redirects and uploads tables

    def path_taken(self, path: str) -> bool:
        """Whether a post here has this path."""
        return f"path\0{path}" in self._seen and self.connection.scalar(
            _PATH_TAKEN, {"path": path}) is not None

    def path_answered(self, path: str) -> bool:
        """Whether this path answers already: a redirect's, or a post's."""
        return (f"redirect\0{path}" in self._seen or f"path\0{path}" in self._seen) and \
            self.connection.scalar(_PATH_ANSWERED, {"path": path}) is not None

    def add_path(self, path: str) -> None:
        """A post of this path was written."""
        self._seen.add(f"path\0{path}")

    def add_redirect(self, old_path: str) -> None:
        """A redirect from this path was written."""
        self._seen.add(f"redirect\0{old_path}")

    def upload_path_taken(self, path: str) -> bool:
        return self.connection.scalar(_UPLOAD_PATH_TAKEN, {"path": path}) is not None

    # Text keys

    def text(self, kind: str, key: str) -> tuple[bool, str | None]:
        """(found, value) of the first entry of this kind and key."""
        row = self.connection.execute(_TEXT, {"digest": _digest(key), "kind": kind,
                                              "key": key}).first()
        return (True, row.value) if row is not None else (False, None)

    def add_text(self, kind: str, key: str, value: str | None = None) -> None:
        self.connection.execute(insert(_texts), _text_row(kind, key, value))

    # Attachments

    def has_upload(self, legacy_id: int) -> bool:
        return fits(legacy_id) and self.connection.scalar(
            _UPLOAD, {"legacy_id": legacy_id}) is not None

    def add_upload(self, legacy_id: int) -> None:
        if fits(legacy_id) and not self.has_upload(legacy_id):
            self.connection.execute(insert(_uploads), {"legacy_id": legacy_id})

    # Featured images

    def add_featured(self, post_id: int, attachment_id: int) -> None:
        self.connection.execute(insert(_featured), {
            "post_id": post_id, "attachment_id": attachment_id if fits(attachment_id) else None})

    def featured(self) -> Iterator[list[tuple[int, int | None]]]:
        """(post id, attachment's WordPress id) in the order they came, a batch at a time."""
        last = 0
        while True:
            rows = self.connection.execute(
                select(_featured.c.seq, _featured.c.post_id, _featured.c.attachment_id)
                .where(_featured.c.seq > last).order_by(_featured.c.seq).limit(BATCH)).all()
            if not rows:
                return
            last = rows[-1].seq
            yield [(row.post_id, row.attachment_id) for row in rows]

    # Pages waiting for their parent

    def wait(self, parent_id: int, item: WxrItem) -> None:
        self.connection.execute(insert(_waiting), {"parent_id": str(parent_id),
                                                   "item": _item_json(item)})
        self._waiting += 1

    def children(self, parent_id: int) -> Iterator[WxrItem]:
        """The items waiting for this parent, in the order they came, each taken out as it is
        handed over."""
        if not self._waiting:
            return
        seqs = self.connection.scalars(select(_waiting.c.seq).where(
            _waiting.c.parent_id == str(parent_id)).order_by(_waiting.c.seq)).all()
        for seq in seqs:
            yield self._take(seq)

    def _take(self, seq: int) -> WxrItem:
        data = self.connection.scalar(select(_waiting.c.item).where(_waiting.c.seq == seq))
        self.connection.execute(delete(_waiting).where(_waiting.c.seq == seq))
        self._waiting -= 1
        return _item_from_json(data)

    def latest_waited_for(self) -> int | None:
        """The parent most lately waited for by a page still waiting (None: none waits)."""
        if not self._waiting:
            return None
        parent = self.connection.scalar(
            select(_waiting.c.parent_id).group_by(_waiting.c.parent_id)
            .order_by(func.min(_waiting.c.seq).desc()).limit(1))
        return None if parent is None else int(parent)
