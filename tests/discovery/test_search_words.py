"""Search that understands English words: stems ("measuring" finds "measured"), British and
American spellings, prefixes while typing; ranked as before; CJK still found; snippets that
keep a heading apart from the sentence after it."""

import pytest

from blog.search.spellings import spellings
from tests.discovery.search_pages import result_titles as _titles


@pytest.fixture
def corpus(make):
    make.post(title="Budgets", body="We measured every hop twice.")
    make.post(title="Dashboards", body="Measure first, then cache.")
    make.post(title="Tokenizers", body="Tokenization splits text into tokens.")
    make.post(title="British notes", body="Our tokenisation favours colour over speed.")
    make.post(title="Latency", body="## What we measured\n\nThe first thing was the queue.")
    make.post(title="검색", body="한국어 문서에서 데이터베이스 검색을 합니다.")
    make.post(title="Unrelated", body="Gardening in spring.")


def test_a_word_finds_its_other_forms(client, corpus):
    assert set(_titles(client, "measuring")) == {"Budgets", "Dashboards", "Latency"}


def test_british_and_american_spellings_find_each_other(client, corpus):
    assert set(_titles(client, "tokenisation")) == {"Tokenizers", "British notes"}
    assert set(_titles(client, "tokenization")) == {"Tokenizers", "British notes"}
    assert _titles(client, "color") == ["British notes"]
    assert _titles(client, "favorite") == [] and _titles(client, "favor") == ["British notes"]


def test_a_word_being_typed_still_matches_as_a_prefix(client, corpus):
    assert _titles(client, "gard") == ["Unrelated"]
    assert set(_titles(client, "measu")) == {"Budgets", "Dashboards", "Latency"}


def test_korean_is_still_found(client, corpus):
    assert _titles(client, "데이터베이스") == ["검색"]


def test_the_snippet_marks_the_form_found_and_keeps_the_heading_apart(client, corpus):
    page = client.get("/search/", query_string={"q": "measuring queue"}).text
    snippet = page.split('<p class="card__excerpt">', 1)[1].split("</p>", 1)[0]
    assert "What we <mark>measured</mark>. The first thing" in snippet


@pytest.mark.parametrize(("word", "other"), [
    ("organisation", "organization"), ("analyse", "analyze"), ("modelling", "modeling"),
    ("centre", "center"), ("catalogue", "catalog"), ("grey", "gray"), ("licence", "license"),
])
def test_spellings_go_both_ways(word, other):
    assert other in spellings(word) and word in spellings(other)


@pytest.mark.parametrize("word", ["four", "hour", "our", "rise", "the", "café"])
def test_short_and_unrelated_words_have_one_spelling(word):
    assert spellings(word) == [word]


def test_marks_land_on_the_words_around_accents_and_wide_characters(client, make):
    # Folding keeps each character's place: ASCII runs, accents (é -> e), a letter that folds
    # to two (ß -> ss) and a CJK run between them.
    make.post(title="Notes", body="Straße talk: CAFÉ society, 東京 latency, then more latency.")
    page = client.get("/search/", query_string={"q": "cafe latency"}).text
    snippet = page.split('<p class="card__excerpt">', 1)[1].split("</p>", 1)[0]
    assert snippet == ("Straße talk: <mark>CAFÉ</mark> society, 東京 "
                       "<mark>latency</mark>, then more <mark>latency</mark>.")
