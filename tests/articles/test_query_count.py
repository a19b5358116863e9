"""Reading pages run a constant, small number of SQL statements whatever the data size."""


import pytest

from tests.sql_counting import count_statements

# A list asks for the ids of its page, then their rows (blog/articles/listing.py): two
# statements where one did, each bounded by the page's size, not the site's; the front page
# reads its sticky posts as a list of their own. One more loads the header and footer menus
# (blog/articles/menus.py).
MAX_STATEMENTS = 10


def _fill(make, prefix: str, posts: int, comments_each: int, tags_each: int):
    author = make.author()
    category = make.category()
    tags = [make.tag() for _ in range(tags_each)]
    made = []
    for i in range(posts):
        post = make.post(slug=f"{prefix}-{i}", author=author, category=category, tags=tags)
        parent = None
        for _ in range(comments_each):
            parent = make.comment(post, parent_id=parent.id if parent else None)
        made.append(post)
    return made


@pytest.mark.parametrize("url", ["/", "/bulk-0/", "/page/2/", "/about/team/"])
def test_statement_count_does_not_grow_with_data(app, client, make, url):
    """Rendering cost with the page cache off: what every cache miss pays."""
    app.config["POSTS_PER_PAGE"] = 3
    app.config["PAGE_CACHE"] = False
    first = _fill(make, "bulk", posts=7, comments_each=1, tags_each=1)[0]
    about = make.post(slug="about", type="page")
    make.post(slug="team", type="page", parent=about)
    client.get(url)  # the engine's first connection runs its own setup statements
    with count_statements(app) as small:
        assert client.get(url).status_code == 200

    _fill(make, "more", posts=20, comments_each=3, tags_each=5)
    for _ in range(12):
        make.comment(first)
    with count_statements(app) as large:
        assert client.get(url).status_code == 200

    assert len(small) == len(large), (small, large)
    assert len(large) <= MAX_STATEMENTS, large
