"""Benchmark: import a generated WordPress export (10,000 posts, 100,000 comments by default)
into a fresh SQLite database; prints the time (wall clock, and the CPU this process used)
and the process's peak memory.

    .venv/bin/python -m bench.wxr_import [--posts N] [--comments N]

`run()` returns the figures for bench/run.py. The file is made with a fixed seed, so every
run imports the same content.
"""

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 6
_VOCABULARY = ("cloud latency kubernetes database schema migration cache index query python "
         "deploy rollout incident budget observability trace metric team review design "
         "security token password passkey queue stream batch storage replica shard "
         "검색 데이터 東京 数据库 café résumé")
WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _comment(rng: random.Random, comment_id: int, parent: int, when: datetime) -> str:
    status = rng.choices(["1", "0", "spam", "trash"], weights=[85, 8, 5, 2])[0]
    kind = rng.choices(["", "pingback", "trackback"], weights=[96, 3, 1])[0]
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Reader {comment_id % 997}]]></wp:comment_author>"
        f"<wp:comment_author_email>reader{comment_id % 997}@example.com"
        f"</wp:comment_author_email><wp:comment_author_url>https://example.com/r"
        f"</wp:comment_author_url><wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}"
        f"</wp:comment_date_gmt><wp:comment_content><![CDATA[{_sentence(rng, 25)}]]>"
        f"</wp:comment_content><wp:comment_approved>{status}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}"
        f"</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
    )


def generate(path: Path, posts: int, comments: int) -> None:
    """Write a WXR 1.2 file a post at a time (constant memory)."""
    rng = random.Random(SEED)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    per_post, extra = divmod(comments, posts)
    comment_id = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                  'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
                  "<title>Bench</title><link>https://bench.example</link>"
                  "<wp:wxr_version>1.2</wp:wxr_version>\n")
        for n in range(1, 6):
            out.write(f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>author{n}"
                      f"</wp:author_login><wp:author_email>a{n}@example.com</wp:author_email>"
                      f"<wp:author_display_name>Author {n}</wp:author_display_name></wp:author>\n")
        for n in range(1, 21):
            out.write(f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>cat-{n}"
                      f"</wp:category_nicename><wp:category_parent></wp:category_parent>"
                      f"<wp:cat_name>Category {n}</wp:cat_name></wp:category>\n")
        for post_id in range(1, posts + 1):
            when = start + timedelta(hours=post_id * 7)
            paragraphs = "\n\n".join(_sentence(rng, rng.randint(40, 120)) for _ in range(6))
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{t}"><![CDATA[Tag {t}]]></category>'
                for t in rng.sample(range(200), 3))
            out.write(
                f"<item><title><![CDATA[{_sentence(rng, 6)}]]></title>"
                f"<link>https://bench.example/{when:%Y/%m/%d}/post-{post_id}/</link>"
                f"<dc:creator>author{post_id % 5 + 1}</dc:creator>"
                f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
                f"<wp:comment_status>open</wp:comment_status>"
                f"<wp:post_name>post-{post_id}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="cat-{post_id % 20 + 1}">'
                f"<![CDATA[Category {post_id % 20 + 1}]]></category>{tags}\n"
            )
            first = comment_id + 1
            for k in range(per_post + (1 if post_id <= extra else 0)):
                comment_id += 1
                # Threads: about a third reply to an earlier comment of the same post.
                parent = rng.randint(first, comment_id - 1) if k and rng.random() < 0.35 else 0
                out.write(_comment(rng, comment_id, parent, when + timedelta(minutes=k)))
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def run(posts: int = 10_000, comments: int = 100_000) -> dict[str, float]:
    from flask_migrate import upgrade

    from blog import create_app
    from blog.extensions import db
    from blog.wxr.importer import import_wxr

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wxr = folder / "export.xml"
        generate(wxr, posts, comments)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                          "UPLOAD_FOLDER": str(folder / "uploads"), "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            started, cpu_started = time.perf_counter(), time.process_time()
            summary = import_wxr(wxr)
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
            db.session.remove()
            db.engine.dispose()
        size_mb = wxr.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "posts": summary.created["posts"],
        "comments": sum(summary.created[k] for k in ("comments", "pingbacks", "trackbacks")),
        "file_mb": round(size_mb, 1),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),  # this process's own: the machine may be shared
        "peak_rss_mb": round(peak_mb, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    args = parser.parse_args(argv)
    result = run(args.posts, args.comments)
    print(f"wxr import: {result['posts']} posts, {result['comments']} comments "
          f"({result['file_mb']} MB file) in {result['seconds']} s "
          f"({result['cpu_seconds']} s of CPU), "
          f"peak RSS {result['peak_rss_mb']} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
