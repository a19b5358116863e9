"""/search/: words in English, Korean, Japanese, Chinese and accented text; hostile input."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from blog.content.markdown import render_markdown
from blog.extensions import db
from blog.models import Post, utcnow
from tests.discovery.search_pages import result_titles as _titles


@pytest.fixture
def corpus(make):
    make.post(title="Kubernetes networking explained",
              body="Pods talk to services through a cluster network.")
    make.post(title="Cost control", body="Why kubernetes bills surprise finance teams.")
    make.post(title="검색 엔진 만들기", body="한국어 문서에서 데이터베이스 검색을 합니다.")
    make.post(title="日本語の記事", body="東京の天気は晴れです。全文検索のテスト。")
    make.post(title="中文文章", body="我们的数据库设计很简单。")
    make.post(title="Café culture", body="A naïve résumé of the crème de la crème.")
    make.post(title="About us", type="page", body="We write about observability.")
    make.post(title="Draft observability", status="draft", body="observability draft")
    make.post(title="Future observability", status="scheduled",
              published_at=utcnow() + timedelta(days=2), body="observability later")


def test_english_words_are_found_and_the_title_ranks_first(client, corpus):
    assert _titles(client, "kubernetes") == ["Kubernetes networking explained", "Cost control"]
    assert _titles(client, "KUBERNETES bills") == ["Cost control"]  # every word must match
    assert _titles(client, "kube") == ["Kubernetes networking explained", "Cost control"]


def test_korean_words_are_found_inside_longer_words(client, corpus):
    assert _titles(client, "검색") == ["검색 엔진 만들기"]
    assert _titles(client, "데이터베이스") == ["검색 엔진 만들기"]


def test_japanese_and_chinese_are_found_without_spaces(client, corpus):
    assert _titles(client, "天気") == ["日本語の記事"]
    assert _titles(client, "全文検索") == ["日本語の記事"]
    assert _titles(client, "数据库") == ["中文文章"]


def test_english_words_and_a_cjk_run_must_both_be_found(client, make):
    make.post(title="Kubernetes 入門", body="東京で学ぶ cluster の基本。")
    make.post(title="Kubernetes at scale", body="No Japanese here.")
    make.post(title="東京ガイド", body="観光の記事。")
    assert _titles(client, "kubernetes 東京") == ["Kubernetes 入門"]
    assert _titles(client, "cluster 入門") == ["Kubernetes 入門"]
    assert _titles(client, "kubernetes 大阪") == []


def test_accents_do_not_matter(client, corpus):
    assert _titles(client, "cafe") == ["Café culture"]
    assert _titles(client, "resume naive") == ["Café culture"]
    assert _titles(client, "CRÈME") == ["Café culture"]


def test_only_published_posts_and_pages_are_found(client, corpus):
    assert _titles(client, "observability") == ["About us"]


def test_results_are_highlighted_and_escaped(client, make):
    make.post(title="Escaping <script>", body="Text about <b>tags</b> &amp; the needle here.")
    response = client.get("/search/?q=needle")
    assert "<mark>needle</mark>" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_results_are_paginated(app, client, make):
    app.config["POSTS_PER_PAGE"] = 2
    for n in range(5):
        make.post(title=f"Paging {n}", body="paginate me")
    first = client.get("/search/?q=paginate")
    assert "5 results" in first.text and 'rel="next"' in first.text
    assert len(_titles(client, "paginate")) == 2
    assert len(_titles(client, "paginate", page=3)) == 1
    assert _titles(client, "paginate", page=9) == []


HOSTILE = [
    '"', '""', '"unbalanced', "'", "*", "kube*", "-kubernetes", "NEAR", "NEAR(kube cost)",
    "kubernetes NOT cost", "kubernetes OR", "AND", "(", "((kube", ")", "title:kubernetes",
    "^kube", "{title}: x", "' OR 1=1 --", "%", "_", "\\", "😀", "kube 😀", "\u0000",
    "a" * 2000, "kube " * 400, "<script>alert(1)</script>", "검색*", '"검색"', "::", "&", "|",
    "kube:* & cost", "!cost", "a & | b", "\u200b", "NEAR/2", "col : val",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_input_gives_results_or_no_results_never_an_error(client, corpus, query):
    response = client.get("/search/", query_string={"q": query})
    assert response.status_code == 200
    assert "result" in response.text.lower()
    assert "<script>alert" not in response.text


def test_empty_search_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200 and 'name="q"' in response.text
    assert "result" not in response.text.split("</form>", 2)[-1].split("</main>")[0]


def test_the_index_follows_edits_and_deletes(app, client, make):
    post = make.post(title="Original heading", body="alpha words")
    with app.app_context():
        row = db.session.get(Post, post.id)
        row.title = "Renamed heading"
        row.body_html = str(render_markdown("omega words"))
        db.session.commit()
    assert _titles(client, "renamed omega") == ["Renamed heading"]
    assert _titles(client, "original") == [] and _titles(client, "alpha") == []
    with app.app_context():
        db.session.execute(delete(Post).where(Post.id == post.id))
        db.session.commit()
    assert _titles(client, "renamed") == []


def test_markup_is_not_searched_only_the_words_a_reader_sees(client, make):
    make.post(title="Backups", body="Run `pg_dump` nightly; see [the guide](https://docs.example/"
                                    "hrefword) and <strong>check</strong> the copies.")
    for word in ("pg_dump", "nightly", "guide", "check"):
        assert _titles(client, word) == ["Backups"], word
    for markup in ("code", "href", "hrefword", "strong", "rel", "nofollow"):
        assert _titles(client, markup) == [], markup


def test_a_results_page_costs_the_same_few_queries_for_1_or_10_hits(client, make,
                                                                    count_queries):
    make.post(title="Needle one", category=make.category(), tags=[make.tag()])
    with count_queries() as one:
        client.get("/search/?q=needle")
    for n in range(9):
        make.post(title=f"Needle {n}", category=make.category(), tags=[make.tag()],
                  author=make.author())
    with count_queries() as many:
        client.get("/search/?q=needle")
    assert len(_titles(client, "needle")) == 10
    assert many.count == one.count


def test_search_index_holds_imported_posts(client, imported, app):
    assert _titles(client, "harbour") == ["Hello & welcome"]
    with app.app_context():
        assert db.session.scalar(select(Post.id).where(Post.legacy_id == 11)) is not None
    assert _titles(client, "東京") == ["검색 엔진과 日本語の全文検索"]


def test_past_the_ranked_matches_a_search_says_there_are_more(app, client, make, monkeypatch):
    """Ranking reads every match, so only the newest RANKED a reader may see are ranked (a
    draft is not one of them); the page says there are more."""
    from blog.search import postgres, service, sqlite

    for module in (postgres, service, sqlite):
        monkeypatch.setattr(module, "RANKED", 3)
    app.config["POSTS_PER_PAGE"] = 2
    for n in range(5):
        make.post(title=f"Ledger {n}", body="ledger entries")
    make.post(title="Ledger draft", status="draft", body="ledger")
    first = client.get("/search/?q=ledger")
    assert "3+ results" in first.text
    assert "Page 1 of 2" in first.text
    shown = _titles(client, "ledger") + _titles(client, "ledger", page=2)
    assert len(shown) == 3 and "Ledger 0" not in shown  # the oldest is past the ranked ones
    assert _titles(client, "ledger", page=3) == []
