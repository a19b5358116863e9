"""Reading pages run a constant, small number of SQL statements whatever the data size."""


import pytest

from blog.pagecache.generation import store
from tests.sql_counting import count_statements

# A list asks for the ids of its page, then their rows (blog/articles/listing.py): two
# statements where one did, each bounded by the page's size, not the site's; the front page
# reads its sticky posts as a list of their own. One more loads the header and footer menus
# (blog/articles/menus.py).
MAX_STATEMENTS = 10


def _fill(make, prefix: str, posts: int, comments_each: int, tags_each: int,
          category_slug: str | None = None):
    author = make.author()
    category = make.category(**({"slug": category_slug} if category_slug else {}))
    tags = [make.tag() for _ in range(tags_each)]
    made = []
    for i in range(posts):
        post = make.post(slug=f"{prefix}-{i}", author=author, category=category, tags=tags)
        parent = None
        for _ in range(comments_each):
            parent = make.comment(post, parent_id=parent.id if parent else None)
        made.append(post)
    return made


def _statements(app, client, url: str) -> tuple[list[str], list[str]]:
    """The statements of `url` first after a content change (the lists counted), then again
    (their counts remembered: blog/articles/remembered.py)."""
    with app.app_context():
        store().bump()
    with count_statements(app) as first:
        assert client.get(url).status_code == 200
    with count_statements(app) as again:
        assert client.get(url).status_code == 200
    return first, again


@pytest.mark.parametrize("url", ["/", "/bulk-0/", "/page/2/", "/page/9/", "/category/c/",
                                 "/about/team/"])
def test_statement_count_does_not_grow_with_data(app, client, make, url):
    """Rendering cost with the page cache off: what every cache miss pays."""
    app.config["POSTS_PER_PAGE"] = 3
    app.config["PAGE_CACHE"] = False
    first = _fill(make, "bulk", posts=27, comments_each=1, tags_each=1, category_slug="c")[0]
    about = make.post(slug="about", type="page")
    make.post(slug="team", type="page", parent=about)
    client.get(url)  # the engine's first connection runs its own setup statements
    small = _statements(app, client, url)

    _fill(make, "more", posts=20, comments_each=3, tags_each=5)
    for _ in range(12):
        make.comment(first)
    large = _statements(app, client, url)

    # The first request after a change counts its lists, and asks when the next scheduled post
    # goes live (the content generation's one statement, which the page cache asks when on).
    for at_small, at_large, most in zip(small, large, (MAX_STATEMENTS + 1, MAX_STATEMENTS - 1),
                                        strict=True):
        assert len(at_small) == len(at_large), (at_small, at_large)
        assert len(at_large) <= most, at_large
