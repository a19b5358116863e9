"""What a hostile comment costs next to a plain one of the same size.

Each shape is a comment body of about 9,900 characters (under the form's 10,000) built to make
some parser work hard: thousands of tags, nesting a thousand deep, thousands of list items, one
unbroken run, hundreds of links, thousands of entities. Each is sent as a real comment POST to
the app in-process (form, CSRF, validation, sanitiser, moderation, insert on a SQLite file), and
the median cost of a POST is compared with a plain comment's. Target: no shape costs more than
MAX_RATIO times the plain one. The sanitiser's own time is shown beside it.

    .venv/bin/python -m bench.comment_shapes
"""

import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

SIZE = 9_900
ROUNDS = 21
MAX_RATIO = 5.0


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


SHAPES = {
    "plain prose": _fill("The latency budget held up well under load this week. "),
    "3,300 <b> tags": _fill("<b>"),
    "nesting 400 deep": "<blockquote>" * 396 + "x" + "</blockquote>" * 396,
    "2,000 list items": "<ul>" + _fill("<li>x"),
    "one unbroken run": _fill("a"),
    "600 links": _fill("https://e.example/p "),
    "2,000 entities": _fill("&amp;"),
    "3,300 unknown tags": _fill("<x>"),
    "dotted run (www. + dashes)": "www." + _fill("a-b."),
}


@dataclass
class ShapeCost:
    name: str
    status: int
    post_ms: float
    sanitise_ms: float


@dataclass
class ShapesResult:
    costs: list[ShapeCost]

    @property
    def plain(self) -> ShapeCost:
        return self.costs[0]

    def ratio(self, cost: ShapeCost) -> float:
        return cost.post_ms / self.plain.post_ms if self.plain.post_ms else 0.0

    @property
    def worst(self) -> ShapeCost:
        return max(self.costs[1:], key=self.ratio)

    def lines(self) -> list[str]:
        out = [f"| comment of ~{SIZE:,} characters | answer | POST ms (median of {ROUNDS}) "
               "| ÷ plain | sanitiser ms |", "| --- | ---: | ---: | ---: | ---: |"]
        for cost in self.costs:
            out.append(f"| {cost.name} | {cost.status} | {cost.post_ms:.2f} "
                       f"| {self.ratio(cost):.2f} | {cost.sanitise_ms:.2f} |")
        return out

    def target(self, mark) -> str:
        worst = self.worst
        ratio = self.ratio(worst)
        return (f"- No hostile comment costs more than {MAX_RATIO:g}× a plain one of the same "
                f"size: worst {worst.name}, {ratio:.2f}× — {mark(ratio <= MAX_RATIO)}")


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_STAMP = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


def _sanitise_ms(body: str) -> float:
    from blog.comments.moderation import count_links
    from blog.content.sanitize import clean_comment_html, comment_markup_problem

    started = time.perf_counter()
    for _ in range(ROUNDS):
        comment_markup_problem(body)
        count_links(str(clean_comment_html(body)))
    return (time.perf_counter() - started) / ROUNDS * 1000


def run() -> ShapesResult:
    from flask_migrate import upgrade

    from blog import create_app
    from blog.extensions import db
    from blog.models import Post, utcnow

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'b.sqlite3'}",
                          "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                          "COMMENTS_MIN_SECONDS": 0, "UPLOAD_FOLDER": tmp,
                          "LOG_LEVEL": "WARNING"})
        with app.app_context():
            upgrade()
            db.session.add(Post(title="Target", slug="target", path="target", body_source="x",
                                body_html="<p>x</p>", status="published",
                                published_at=utcnow() - timedelta(hours=1)))
            db.session.commit()
        client = app.test_client()
        timings: dict[str, list[float]] = {name: [] for name in SHAPES}
        statuses: dict[str, int] = {}
        # Rounds alternate between the shapes, so a machine that slows down for a while slows
        # every shape alike; the first round warms the code paths.
        for n in range(ROUNDS + 1):
            for number, (name, body) in enumerate(SHAPES.items()):
                page = client.get("/target/").get_data(as_text=True)
                data = {"csrf_token": _CSRF.search(page).group(1),
                        "stamp": _STAMP.search(page).group(1), "name": "Bench",
                        "email": f"b{number}-{n}@example.com", "body": body}
                started = time.perf_counter()
                statuses[name] = client.post("/target/comments", data=data).status_code
                if n:
                    timings[name].append((time.perf_counter() - started) * 1000)
        costs = [ShapeCost(name, statuses[name], statistics.median(timings[name]),
                           _sanitise_ms(body)) for name, body in SHAPES.items()]
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return ShapesResult(costs)


def main() -> None:
    from bench.report import _mark

    result = run()
    print("\n".join(result.lines()))
    print(result.target(_mark))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
