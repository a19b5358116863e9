"""Replies, the depth limit, reply links without JavaScript, and paging long discussions."""

import re

from sqlalchemy import event, select

from blog.extensions import db
from blog.models import Comment
from tests.comments.conftest import comment_id_from


def _stored(app, comment_id: int) -> Comment:
    with app.app_context():
        return db.session.get(Comment, comment_id)


def test_reply_is_nested_under_its_parent(app, reader, make):
    post_id = _post_id(app, "target")
    parent = make.comment(_post(app, post_id), author_name="Grace", body="Parent words")
    make.comment(make.post(slug="elsewhere"), author_email="ada@example.com")  # returning

    response = reader.post(parent_id=str(parent.id), body="A reply")
    assert response.status_code == 303
    reply_id = comment_id_from(response.headers["Location"])
    assert _stored(app, reply_id).parent_id == parent.id

    html = reader.client.get("/target/").get_data(as_text=True)
    parent_li = html.index(f'id="comment-{parent.id}"')
    nested = html.index('class="comment-list comment-list--replies"', parent_li)
    assert parent_li < nested < html.index(f'id="comment-{reply_id}"')


def test_reply_link_puts_the_parent_into_the_form_without_javascript(app, reader, make):
    parent = make.comment(_post(app, _post_id(app, "target")), author_name="Grace Hopper")
    html = reader.client.get("/target/").get_data(as_text=True)
    assert f'href="/target/?replytocom={parent.id}#respond"' in html

    html = reader.client.get(f"/target/?replytocom={parent.id}").get_data(as_text=True)
    assert "Replying to <strong>Grace Hopper</strong>" in html
    assert f'name="parent_id" type="hidden" value="{parent.id}"' in html
    assert 'href="/target/#respond">Cancel reply</a>' in html


def test_replytocom_of_a_held_or_foreign_comment_is_ignored(app, reader, make):
    held = make.comment(_post(app, _post_id(app, "target")), status="pending")
    foreign = make.comment(make.post(slug="other"))
    for target in (held.id, foreign.id, "abc", "99999"):
        html = reader.client.get(f"/target/?replytocom={target}").get_data(as_text=True)
        assert "Replying to" not in html
        assert 'name="parent_id" type="hidden" value=""' in html


def test_reply_to_unapproved_or_foreign_comment_is_422_with_text_kept(app, reader, make):
    held = make.comment(_post(app, _post_id(app, "target")), status="pending")
    foreign = make.comment(make.post(slug="other"))
    for parent_id in (held.id, foreign.id, 424242, "not-a-number"):
        response = reader.post(parent_id=str(parent_id), body="Orphan reply text")
        assert response.status_code == 422, parent_id
        html = response.get_data(as_text=True)
        assert "no longer available" in html
        assert "Orphan reply text</textarea>" in html
    with app.app_context():
        assert db.session.scalar(select(Comment).where(Comment.body_source.like("Orphan%"))) \
            is None


def test_replies_deeper_than_five_attach_at_depth_five(app, reader, make):
    post = _post(app, _post_id(app, "target"))
    chain = [make.comment(post, body="depth 1")]
    for depth in range(2, 6):
        chain.append(make.comment(post, body=f"depth {depth}", parent_id=chain[-1].id))

    response = reader.post(parent_id=str(chain[-1].id), body="Would be depth six")
    reply = _stored(app, comment_id_from(response.headers["Location"]))
    assert reply.parent_id == chain[3].id  # a sibling of the depth-5 comment

    response = reader.post(parent_id=str(chain[3].id), body="Exactly depth five")
    assert _stored(app, comment_id_from(response.headers["Location"])).parent_id == chain[3].id

    html = reader.client.get("/target/").get_data(as_text=True)
    assert html.count("comment-list--replies") == 4  # five levels, never six


def test_long_discussions_are_paged_newest_page_by_default(app, client, make):
    app.config["COMMENTS_PER_PAGE"] = 3
    post = make.post(slug="busy")
    top = [make.comment(post, body=f"Top {n}") for n in range(1, 8)]  # 3 pages: 3, 3, 1
    reply = make.comment(post, body="Reply to the first", parent_id=top[0].id)

    newest = client.get("/busy/").get_data(as_text=True)
    assert "Top 7" in newest and "Top 6" not in newest
    assert "Comment page 3 of 3" in newest
    assert 'href="/busy/comment-page-2/#comments"' in newest

    first = client.get("/busy/comment-page-1/").get_data(as_text=True)
    assert all(f"Top {n}" in first for n in (1, 2, 3)) and "Top 4" not in first
    assert f'id="comment-{reply.id}"' in first  # replies travel with their thread
    assert "9 Comments" not in first and "8 Comments" in first
    assert f'href="/busy/comment-page-1/?replytocom={top[0].id}#respond"' in first

    assert client.get("/busy/comment-page-4/").status_code == 404
    assert client.get("/busy/comment-page-0/").status_code == 404
    assert client.get("/busy/comment-page-2").status_code == 308


def test_reply_on_an_older_page_redirects_to_that_page(app, reader, make):
    app.config["COMMENTS_PER_PAGE"] = 2
    post = _post(app, _post_id(app, "target"))
    oldest = make.comment(post, body="Oldest", author_email="ada@example.com")
    for n in range(4):
        make.comment(post, body=f"Later {n}")

    response = reader.post(parent_id=str(oldest.id), body="Back to the start")
    reply_id = comment_id_from(response.headers["Location"])
    assert response.headers["Location"] == f"/target/comment-page-1/#comment-{reply_id}"
    page = reader.client.get("/target/comment-page-1/").get_data(as_text=True)
    assert f'id="comment-{reply_id}"' in page


def test_statements_per_article_stay_constant_with_thousands_of_comments(app, client, make):
    app.config["PAGE_CACHE"] = False  # count the rendering, not a cache hit
    post = make.post(slug="huge")
    small_post = make.post(slug="small")
    make.comment(small_post)
    with app.app_context():
        rows = [Comment(post_id=post.id, author_name=f"R{n}", author_email=f"r{n}@example.com",
                        body_source=f"c{n}", body_html=f"<p>c{n}</p>", status="approved",
                        parent_id=None) for n in range(5000)]
        db.session.add_all(rows)
        db.session.commit()
        first_ids = [r.id for r in rows[:100]]
        replies = [Comment(post_id=post.id, author_name="Re", author_email="re@example.com",
                           body_source="re", body_html="<p>re</p>", status="approved",
                           parent_id=parent) for parent in first_ids]
        db.session.add_all(replies)
        db.session.commit()
        engine = db.engine

    def count(url):
        client.get(url)
        seen = []

        def record(*args):
            seen.append(args[2])

        event.listen(engine, "before_cursor_execute", record)
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        assert response.status_code == 200
        return response.get_data(as_text=True), seen

    html, statements = count("/huge/")
    assert "5100 Comments" in html
    assert "Comment page 100 of 100" in html
    assert len(re.findall(r'class="comment"', html)) == 50
    _, first_page = count("/huge/comment-page-1/")
    _, small = count("/small/")
    assert 0 < len(statements) == len(first_page) <= len(small) + 2


def _post_id(app, path: str) -> int:
    from blog.models import Post

    with app.app_context():
        return db.session.scalar(select(Post.id).where(Post.path == path))


def _post(app, post_id: int):
    from blog.models import Post

    with app.app_context():
        return db.session.get(Post, post_id)
