"""Reading the search page as a reader does: the titles of the results, in order."""

import html
import re


def result_titles(client, query: str, **params) -> list[str]:
    response = client.get("/search/", query_string={"q": query, **params})
    assert response.status_code == 200
    main = response.text[response.text.index("<main"):response.text.index("</main>")]
    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">(.*?)</a></h2>', main)
    return [html.unescape(re.sub(r"</?mark>", "", t)) for t in titles]
