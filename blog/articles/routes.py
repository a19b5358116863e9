import hmac

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from blog.articles import bp, protected, services
from blog.extensions import limiter
from blog.pagecache import cached_page
from blog.site_settings import site_setting
from blog.web.templating import post_url


def _per_page() -> int:
    return int(site_setting("POSTS_PER_PAGE"))


@bp.app_context_processor
def sidebar_context():
    """"Explore More Stories" on every page: the newest articles (a page asks, so they are
    looked up only where the sidebar is drawn)."""
    def sidebar_posts(exclude=None):
        return services.recent_stories(int(current_app.config["SIDEBAR_POSTS"]),
                                       exclude_id=exclude)

    return {"sidebar_posts": sidebar_posts}


@bp.get("/")
@bp.get("/page/<int:page>/")
@cached_page
def index(page: int = 1):
    pagination = services.front_page(page, _per_page())
    return render_template("articles/index.html", pagination=pagination, archive=None)


ARCHIVES = {
    "category": services.category_archive,
    "tag": services.tag_archive,
    "author": services.author_archive,
}


def _archive(kind: str, slug: str, page: int):
    term, pagination = ARCHIVES[kind](slug, page, _per_page())
    return render_template("articles/archive.html", pagination=pagination, kind=kind, term=term)


@bp.get("/category/<slug>/")
@bp.get("/category/<slug>/page/<int:page>/")
@cached_page
def category(slug: str, page: int = 1):
    return _archive("category", slug, page)


@bp.get("/tag/<slug>/")
@bp.get("/tag/<slug>/page/<int:page>/")
@cached_page
def tag(slug: str, page: int = 1):
    return _archive("tag", slug, page)


@bp.get("/author/<slug>/")
@bp.get("/author/<slug>/page/<int:page>/")
@cached_page
def author(slug: str, page: int = 1):
    return _archive("author", slug, page)


@bp.get("/<path:path>/")
@bp.get("/<path:path>/comment-page-<int:cpage>/")
@cached_page(ignore_query=True)
def post(path: str, cpage: int | None = None):
    post = services.find_live_by_path(path)
    if post is None and current_user.is_authenticated:
        # Only the logged-in admin, whose pages are never cached (pagecache/policy.py).
        post = services.find_private_by_path(path)
    if post is None:
        moved = services.find_redirect(path)
        if moved is not None:
            return redirect(url_for("articles.post", path=moved.path, cpage=cpage), 301)
        abort(404)
    return _article(post, cpage)


def _article(post, cpage: int | None = None, status: int = 200):
    comment_page = None
    if services.shows_comments(post):
        comment_page = services.approved_comment_threads(
            post, cpage, int(site_setting("COMMENTS_PER_PAGE"))
        )
    if cpage is not None and comment_page is None:
        abort(404)
    # The comment form partial adds this visitor's own state (form, held comments) itself.
    return render_template("articles/post.html", post=post, comment_page=comment_page), status


def _password_limit() -> str:
    return current_app.config["POST_PASSWORD_RATE_LIMIT"]


@bp.post("/<path:path>/password")
@limiter.limit(_password_limit, scope="post-password")
def unlock(path: str):
    """The password form of a protected post (WordPress's wp-login.php?action=postpass): the
    right password sets the cookie and goes back to the post; a wrong one shows the form again
    with a message (403)."""
    post = services.find_live_by_path(path)
    if post is None or not post.is_protected:
        abort(404)
    form = protected.PostPasswordForm()
    sent = form.password.data or ""
    if form.validate() and hmac.compare_digest(sent.encode(), post.post_password.encode()):
        response = redirect(post_url(post), 303)
        protected.remember_password(response, sent)
        return response
    protected.mark_wrong_password()
    return _article(post, status=403)


@bp.after_request
def _reply_links_are_not_indexed(response: Response) -> Response:
    """`?replytocom=` (the Reply link without JavaScript) gives every comment its own copy of the
    article: the canonical link already names the clean URL, and this keeps the copies out of
    search indexes, as WordPress SEO plugins do. Cached or not, the header is set here."""
    if request.endpoint == "articles.post" and "replytocom" in request.args:
        response.headers.setdefault("X-Robots-Tag", "noindex, follow")
    return response
