def test_front_page_lists_a_published_post(client, make):
    make.post(title="Hello World")
    response = client.get("/")
    assert response.status_code == 200
    assert "Hello World" in response.get_data(as_text=True)
