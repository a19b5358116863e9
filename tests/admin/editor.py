"""Helpers that drive the post editor through its real form, as a browser would fill it."""

from html.parser import HTMLParser


class FormValues(HTMLParser):
    """The values a browser would submit from the first form with a csrf_token, no buttons."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value", "y")
            else:
                self.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.values.setdefault(self._select, self._first_option or "")
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(html)
    # A browser drops the one leading newline of a textarea's content.
    return {k: v[1:] if v.startswith("\n") else v for k, v in parser.values.items()}


def editor_data(client, url: str = "/admin/posts/new", **values) -> dict:
    html = client.get(url).get_data(as_text=True)
    data = form_values(html)
    data["action"] = "save"
    data.update({k: v for k, v in values.items() if v is not None})
    return data


def save_post(client, url: str = "/admin/posts/new", **values):
    return client.post(url, data=editor_data(client, url, **values))


def new_post_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-2])
