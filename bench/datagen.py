"""Bench data: SQLite sites of a given size, made from a fixed seed so every run measures the same.

Every post has the same shape in every set (about 1,500 words, three tags, ten approved comments
in short threads), so the article page at 100 posts and at 10,000 posts differ only in the size
of the archive around them.
"""

import random
import shutil
import sqlite3
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, insert, select

from blog import create_app
from blog.content.markdown import render_markdown
from blog.content.sanitize import clean_comment_html
from blog.content.text import search_text
from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Tag, post_tag

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 20_260_101
# Bump when the shape of the data changes, so old files are rebuilt (4: posts carry the words
# of their bodies for search, as the ORM gives every post; 3 left them out).
DATA_VERSION = 4
COMMENTS_PER_POST = 10
BODIES = 40
RARE_WORD = "Kubernetes"
RARE_EVERY = 50
START = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)

_VOCABULARY = (
    "latency budget cache query index replica shard queue worker deploy rollback canary feature "
    "flag contract schema migration vector embedding model prompt token secret vault policy "
    "threat boundary audit trace metric alert incident review pipeline build artifact container "
    "cluster node region cost budget storage bucket stream event consumer producer retry backoff "
    "timeout circuit breaker gateway proxy certificate handshake session cookie header payload "
    "encoding compression throughput percentile histogram sample baseline regression benchmark "
    "team practice design decision tradeoff simple reliable durable observable secure fast"
)
WORDS = _VOCABULARY.split()
CATEGORIES = ("Software", "Infrastructure", "AI", "Security", "Data", "Leadership")
AUTHORS = ("Maya Chen", "Jonas Weber", "Priya Raman", "Tomás Ortega", "Aiko Sato", "Sam Okafor")


@dataclass(frozen=True)
class BenchSite:
    path: Path
    posts: int
    comments: int
    article_path: str  # the article the bench reads, in the middle of the archive
    category_slug: str
    commenter_email: str  # has approved comments, so a new comment from it is approved at once
    database: str | None = None  # another database than the SQLite file (PostgreSQL)
    built_s: float | None = None  # how long filling it took, when this call built it

    @property
    def url(self) -> str:
        return self.database or f"sqlite:///{self.path}"


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _markdown_body(rng: random.Random) -> str:
    parts = []
    for section in range(5):
        parts.append(f"## {_sentence(rng)[:-1]}")
        parts.extend(_paragraph(rng) for _ in range(3))
        if section == 1:
            parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
        if section == 3:
            parts.append("```python\ndef budget(p99_ms: float) -> bool:\n"
                         "    return p99_ms < 200\n```")
    return "\n\n".join(parts) + "\n"


def _title(index: int, rng: random.Random) -> str:
    """One post in RARE_EVERY has the rare search word, as a real search matches a few posts."""
    title = _sentence(rng)[:-1][:110]
    return f"{title} with {RARE_WORD}" if index % RARE_EVERY == 0 else title


def _slug(index: int, rng: random.Random) -> str:
    return "-".join(rng.choices(WORDS, k=4)) + f"-{index}"


def _fill(posts: int, rng: random.Random) -> None:
    # Rendering is the slow part, so a few dozen bodies are rendered once and shared.
    bodies = [_markdown_body(rng) for _ in range(BODIES)]
    rendered = [str(render_markdown(body)) for body in bodies]
    # A bulk insert skips the ORM event that fills search_text: the words are given here.
    words = [search_text(html) for html in rendered]
    comment_texts = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
                     for _ in range(200)]
    comment_html = [str(clean_comment_html(text)) for text in comment_texts]

    db.session.execute(insert(Author), [
        {"name": name, "slug": name.lower().replace(" ", "-").replace("á", "a"),
         "bio": f"{name} writes about {rng.choice(WORDS)} and {rng.choice(WORDS)}."}
        for name in AUTHORS])
    db.session.execute(insert(Category), [
        {"name": name, "slug": name.lower(), "description": f"Articles about {name.lower()}."}
        for name in CATEGORIES])
    db.session.execute(insert(Tag), [{"name": f"{word} {n}", "slug": f"{word}-{n}"}
                                     for n, word in enumerate(WORDS)])
    n_tags = len(WORDS)

    post_rows, tag_rows, comment_rows = [], [], []
    comment_id = 0
    # Every post in the past whatever the size: 6 hours apart up to 10,000 posts, closer above.
    spacing = timedelta(hours=6) if posts <= 10_000 else timedelta(minutes=30)
    for index in range(1, posts + 1):
        body = index % len(bodies)
        published = START + spacing * index
        post_rows.append({
            "id": index, "type": "post", "title": _title(index, rng),
            "slug": (slug := _slug(index, rng)), "path": slug,
            "body_source": bodies[body], "body_html": rendered[body],
            "search_text": words[body],
            "excerpt": _sentence(rng), "status": "published", "published_at": published,
            "created_at": published, "updated_at": published,
            "author_id": index % len(AUTHORS) + 1, "category_id": index % len(CATEGORIES) + 1,
            "allow_comments": True, "version": 1,
        })
        tag_rows.extend({"post_id": index, "tag_id": tag}
                        for tag in rng.sample(range(1, n_tags + 1), 3))
        first = comment_id + 1
        for n in range(COMMENTS_PER_POST):
            comment_id += 1
            text = rng.randrange(len(comment_texts))
            reader = rng.randrange(500)
            comment_rows.append({
                "id": comment_id, "post_id": index,
                "parent_id": first if n % 3 == 2 else None,
                "author_name": f"Reader {reader}", "author_email": f"reader{reader}@example.com",
                "author_url": "", "body_source": comment_texts[text],
                "body_html": comment_html[text], "status": "approved",
                "moderation_reason": "", "kind": "comment", "by_admin": False,
                "created_at": published + timedelta(minutes=10 * (n + 1)),
            })
        if len(comment_rows) >= 20_000:
            _flush(post_rows, tag_rows, comment_rows)
    _flush(post_rows, tag_rows, comment_rows)


def _flush(post_rows: list, tag_rows: list, comment_rows: list) -> None:
    for model, rows in ((Post, post_rows), (post_tag, tag_rows), (Comment, comment_rows)):
        if rows:
            db.session.execute(insert(model), rows)
            rows.clear()


def _describe(path: Path, posts: int, database: str | None = None) -> BenchSite:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{path}"})
    with app.app_context():
        # Same body in every set (bodies repeat every BODIES posts), so page sizes match.
        middle = db.session.scalar(select(Post).where(Post.id == posts // 2 // BODIES * BODIES))
        comments = db.session.scalar(select(func.count(Comment.id)))
        email = db.session.scalar(select(Comment.author_email).where(Comment.post_id == middle.id))
        site = BenchSite(path, posts, comments, middle.path, middle.category.slug, email,
                         database)
        db.engine.dispose()
    return site


def build_site(posts: int) -> BenchSite:
    """The SQLite site with `posts` posts, built once and reused (migrated to the newest schema)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"site-{posts}-v{DATA_VERSION}.sqlite3"
    if path.exists() and _count_posts(path) != posts:  # an interrupted build: start again
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    started, built = time.monotonic(), False
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count(Post.id))) == 0:
            _fill(posts, random.Random(SEED + posts))
            db.session.commit()
            built = True
        db.engine.dispose()
    site = _describe(path, posts)
    return replace(site, built_s=time.monotonic() - started) if built else site


def build_database_site(posts: int, database: str) -> BenchSite:
    """The same site in another database (an empty PostgreSQL database, say), built once."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    started, built = time.monotonic(), False
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count(Post.id))) == 0:
            built = True
            _fill(posts, random.Random(SEED + posts))
            if db.engine.dialect.name == "postgresql":  # ids were given: move the sequences on
                for model in (Author, Category, Tag, Post, Comment):
                    table = model.__table__
                    db.session.execute(select(func.setval(
                        func.pg_get_serial_sequence(table.name, "id"),
                        select(func.max(table.c.id)).scalar_subquery())))
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                # Statistics and the visibility map for the new rows, as autovacuum would
                # make them later (or never, where it is off): plans and index-only scans.
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()
    site = _describe(DATA_DIR / "unused.sqlite3", posts, database)
    return replace(site, built_s=time.monotonic() - started) if built else site


def _count_posts(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        try:
            return connection.execute("SELECT count(*) FROM post").fetchone()[0]
        except sqlite3.Error:
            return -1


def scratch_copy(site: BenchSite, name: str) -> BenchSite:
    """A throwaway copy for benches that write (comment POSTs), so the reused set stays clean."""
    target = DATA_DIR.parent / "tmp" / f"{name}.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(site.path, target)
    return BenchSite(target, site.posts, site.comments, site.article_path, site.category_slug,
                     site.commenter_email)
