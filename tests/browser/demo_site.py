"""The site the browser checks look at: a migrated SQLite file with the demo content and an admin,
served by granian (tests/server.py) on a free loopback port."""

from dataclasses import dataclass
from pathlib import Path

from flask_migrate import upgrade

from tests.server import LiveServer

ADMIN_USER = "admin"
ADMIN_PASSWORD = "browser-suite-password"
# A confirmed newsletter subscriber, for the pages its emailed links open.
SUBSCRIBER_KEY = "0123456789abcdef0123456789abcdef"

# Two posts a page, so the demo's three-post categories have a page 2 to walk to.
SERVER_ENV = {
    "BLOG_RATELIMIT_ENABLED": "false",
    "BLOG_COMMENTS_MIN_SECONDS": "0",
    "BLOG_POSTS_PER_PAGE": "2",
}


@dataclass
class DemoSite:
    server: LiveServer
    folder: Path

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()


# A draft with a preview link whose address the page checks know.
DRAFT_TITLE = "Observability on a budget (draft)"
PREVIEW_TOKEN = "browser-suite-preview-link-token-0123456789"
IMAGE_ALT = "A harbour at dusk, boats moored in rows"
# A published post behind a password (its title listed, its body a form).
PROTECTED_ARTICLE = "launch-notes"
PROTECTED_TITLE = "Launch notes"


def build_database(folder: Path) -> str:
    """A fresh database in `folder` with the demo articles, their comments and the admin, one
    library image (shown in the threaded article) and a draft with a preview link."""
    from blog import create_app
    from blog.cli import set_admin
    from blog.content.demo import load_demo
    from blog.extensions import db

    url = f"sqlite:///{folder / 'blog.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "browser-suite-setup",
                      "UPLOAD_FOLDER": str(folder / "uploads")})
    with app.app_context():
        upgrade()
        load_demo()
        set_admin(ADMIN_USER, ADMIN_PASSWORD)
        _add_studio_content()
        _mail_data()
        db.session.remove()
        db.engine.dispose()
    return url


def _add_studio_content() -> None:
    """Through the app's own services, as the admin would."""
    import io
    from datetime import UTC, datetime

    from PIL import Image
    from sqlalchemy import select
    from werkzeug.datastructures import FileStorage

    from blog.admin.services.posts import PostInput, create_post, input_from_post, update_post
    from blog.content.images import UPLOADS_PREFIX
    from blog.extensions import db
    from blog.media.services import store_image
    from blog.models import Post, PreviewLink

    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(picture, "PNG")
    picture.seek(0)
    upload = store_image(FileStorage(picture, filename="harbour.png"))
    upload.alt_text = IMAGE_ALT
    upload.caption = "The harbour the latency numbers were measured from."
    db.session.commit()
    article = db.session.scalar(select(Post).where(Post.path == "latency-budgets"))
    data = input_from_post(article)
    data.body = data.body + f"\n\n![]({UPLOADS_PREFIX}{upload.path})\n"
    data.featured_image_id = upload.id
    update_post(article, data, article.version)
    # Older than the demo's stories, so the journeys' "first story" stays one anyone can read.
    create_post(PostInput(title=PROTECTED_TITLE, slug=PROTECTED_ARTICLE, status="published",
                          published_at=datetime(2024, 1, 9, 9, 0, tzinfo=UTC),
                          author_id=article.author_id, category_id=article.category_id,
                          visibility="password", post_password="harbour",
                          body="The launch is on a Tuesday."))
    _add_menus()
    draft = create_post(PostInput(title=DRAFT_TITLE, status="draft", body=(
        "## Start with the questions\n\nWhat would you ask at 3 am?\n\n"
        "```sql\nSELECT route, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)\n"
        "FROM requests GROUP BY route;\n```\n")))
    db.session.add(PreviewLink(post_id=draft.id, token=PREVIEW_TOKEN))
    db.session.commit()


def _add_menus() -> None:
    """A header menu with a nested item of each kind and a footer menu, as the admin makes
    them at /admin/menus/."""
    from blog.admin.services.menus import ItemInput, save_item, save_menu

    header = save_menu(None, "Main", "header")
    about = save_item(header, None, ItemInput("page", "/about/", position=1))
    save_item(header, None, ItemInput("custom", "https://example.org/newsroom/", "Newsroom",
                                      parent_id=about.id, position=2))
    save_item(header, None, ItemInput("category", "security", "Security", position=3))
    save_item(header, None, ItemInput("post", "/latency-budgets/", "Latency", position=4))
    footer = save_menu(None, "Footer links", "footer")
    save_item(footer, None, ItemInput("custom", "/subscribe/", "Newsletter"))


def _mail_data() -> None:
    """A subscriber and a few outbox messages, so the mail pages have something to show."""
    from blog.extensions import db
    from blog.mail.compose import Rendered
    from blog.mail.outbox import queue
    from blog.models import Subscription, utcnow

    db.session.add(Subscription(email="reader@example.com", list="newsletter",
                                key=SUBSCRIBER_KEY, confirmed_at=utcnow()))
    db.session.add(Subscription(email="second.reader@example.com", list="newsletter",
                                key="e" * 32, confirmed_at=utcnow()))  # rows repeat: no id twice
    db.session.add(Subscription(email="commenter@example.com", list="replies",
                                key="f" * 32))
    queue("held_comment", "writer@example.com",
          Rendered("[ClingCentral] Please moderate: “Latency budgets”", "x", ""))
    queue("newsletter", "reader@example.com", Rendered("Latency budgets", "x", ""),
          last_answer="waiting: ConnectionRefusedError: [Errno 111] Connection refused")
    db.session.commit()


def link_token(purpose: str) -> str:
    """A subscriber's emailed link token, signed as the live server signs it."""
    from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

    from tests.server import LIVE_SECRET_KEY

    kind = URLSafeTimedSerializer if purpose == "mail-confirm" else URLSafeSerializer
    return kind(LIVE_SECRET_KEY, salt=purpose).dumps(SUBSCRIBER_KEY)


def start_demo_site(folder: Path) -> DemoSite:
    folder.mkdir(parents=True, exist_ok=True)
    uploads = folder / "uploads"
    uploads.mkdir(exist_ok=True)
    env = {**SERVER_ENV, "BLOG_UPLOAD_FOLDER": str(uploads)}
    server = LiveServer(build_database(folder), env).start()
    return DemoSite(server, folder)
