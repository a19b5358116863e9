"""Test data written through the real models and database."""

from datetime import timedelta
from itertools import count

from blog.content.markdown import render_markdown
from blog.content.sanitize import clean_comment_html
from blog.models import Author, Category, Comment, Post, Tag, User, utcnow

_seq = count(1)


class Factory:
    """Each call commits in its own app context, so requests never share the test's session."""

    def __init__(self, app, db):
        self.app = app
        self.db = db

    def _save(self, obj):
        with self.app.app_context():
            self.db.session.add(obj)
            self.db.session.commit()
            self.db.session.refresh(obj)
            self.db.session.expunge(obj)
        return obj

    def author(self, name: str | None = None, bio: str | None = "Writes about systems.", **kw):
        n = next(_seq)
        name = name or f"Author {n}"
        return self._save(Author(name=name, slug=kw.pop("slug", f"author-{n}"), bio=bio, **kw))

    def category(self, name: str | None = None, **kw):
        n = next(_seq)
        return self._save(Category(name=name or f"Category {n}", slug=kw.pop("slug", f"cat-{n}"),
                                   **kw))

    def tag(self, name: str | None = None, **kw):
        n = next(_seq)
        return self._save(Tag(name=name or f"Tag {n}", slug=kw.pop("slug", f"tag-{n}"), **kw))

    def post(self, title: str | None = None, body: str = "Some **bold** text.", **kw):
        n = next(_seq)
        slug = kw.pop("slug", f"post-{n}")
        kw.setdefault("status", "published")
        kw.setdefault("published_at", utcnow() - timedelta(hours=n))
        kw.setdefault("type", "post")
        kw.setdefault("allow_comments", kw["type"] != "page")  # as the editor's new page
        parent = kw.get("parent")
        path = kw.pop("path", f"{parent.path}/{slug}" if parent else slug)
        with self.app.app_context():
            html = str(render_markdown(body))
        post = Post(title=title or f"Post {n}", slug=slug, path=path, body_source=body,
                    body_html=html, **kw)
        return self._save(post)

    def comment(self, post, body: str = "Nice post.", **kw):
        kw.setdefault("status", "approved")
        kw.setdefault("author_name", "Reader")
        kw.setdefault("author_email", "reader@example.com")
        comment = Comment(post_id=post.id, body_source=body,
                          body_html=str(clean_comment_html(body)), **kw)
        return self._save(comment)

    def admin(self, username: str = "admin", password: str = "correct horse battery"):
        user = User(username=username)
        user.set_password(password)
        return self._save(user)
