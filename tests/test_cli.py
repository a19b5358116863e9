"""Commands of SPEC's table that the foundation provides."""

from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Author, Comment, Post, User


def test_create_admin_from_stdin_then_reset(app, runner):
    result = runner.invoke(args=["create-admin", "writer", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-admin", "editor", "--password-stdin"],
                           input="another long password\n")
    assert result.exit_code == 0
    with app.app_context():
        users = db.session.scalars(select(User)).all()
        assert [u.username for u in users] == ["editor"]
        assert users[0].check_password("another long password")
        assert not users[0].check_password("a long enough password")
        assert "another long password" not in users[0].password_hash


def test_create_admin_refuses_a_short_password(app, runner):
    result = runner.invoke(args=["create-admin", "admin", "--password-stdin"], input="short\n")
    assert result.exit_code != 0
    assert "at least 12" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_ensure_admin_prints_a_password_once(app, runner):
    first = runner.invoke(args=["ensure-admin"])
    assert "password:" in first.output
    password = first.output.split("password:")[1].split()[0]
    second = runner.invoke(args=["ensure-admin"])
    assert "password" not in second.output.lower().replace("keep it safe", "")
    with app.app_context():
        admin = db.session.scalar(select(User))
        assert admin.username == "admin" and admin.check_password(password)


def test_seed_demo_loads_once(app, runner):
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    with app.app_context():
        posts = db.session.scalar(select(func.count(Post.id)))
        authors = db.session.scalars(select(Author)).all()
        comments = db.session.scalars(select(Comment)).all()
    assert posts >= 12
    assert len(authors) == 2 and all(a.bio for a in authors)
    assert any(c.parent_id for c in comments)
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo", "--if-empty"])
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == posts


def test_demo_site_pages_render(app, runner, client):
    runner.invoke(args=["seed-demo"])
    front = client.get("/").get_data(as_text=True)
    assert "Explore More Stories" in front
    with app.app_context():
        paths = db.session.scalars(select(Post.path)).all()
    assert "about/team" in paths
    for path in paths:
        response = client.get(f"/{path}/")
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        for word in ("None", "null", "undefined"):
            assert f">{word}<" not in html and f'="{word}"' not in html, path


def test_rerender_posts_renders_the_markdown_again(app, runner, make):
    from blog.extensions import db
    from blog.models import Post

    post = make.post(title="Old render", body="## Heading\n\nText.")
    with app.app_context():
        db.session.get(Post, post.id).body_html = "<p>stale</p>"
        db.session.commit()
    result = runner.invoke(args=["rerender-posts"])
    assert result.exit_code == 0 and "Rendered 1 posts" in result.output
    with app.app_context():
        assert '<h2 id="heading">Heading</h2>' in db.session.get(Post, post.id).body_html
