import urllib.request


def test_granian_serves_the_front_page_from_the_test_database(server, make):
    make.post(title="Served by granian")
    with urllib.request.urlopen(server.url + "/") as response:
        assert response.status == 200
        assert "Served by granian" in response.read().decode()
