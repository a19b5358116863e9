def test_front_page_lists_a_published_post(client, make):
    make.post(title="Hello World")
    response = client.get("/")
    assert response.status_code == 200
    assert "Hello World" in response.get_data(as_text=True)


def test_article_page_renders(client, make):
    author = make.author(name="Maya Chen")
    cat = make.category(name="Security", slug="security")
    tag = make.tag(name="Python", slug="python")
    post = make.post(title="Deep Dive", slug="deep-dive", author=author, category=cat, tags=[tag],
                     body="## Heading\n\n- **Bold:** item\n\n<script>alert(1)</script>")
    c = make.comment(post, body="First!")
    make.comment(post, body="Reply", parent_id=c.id)
    make.post(title="Other")
    response = client.get("/deep-dive/")
    html = response.get_data(as_text=True)
    print(html)
    assert response.status_code == 200
