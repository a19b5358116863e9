"""What search indexes and quotes: the words readers read, one sentence per heading."""

from blog.content.markdown import render_markdown
from blog.content.text import search_text


def text_of(source: str) -> str:
    return search_text(str(render_markdown(source, images=None)))


def test_a_heading_ends_its_own_sentence():
    assert text_of("## What we measured\n\nThe first thing was latency.") == \
        "What we measured. The first thing was latency."


def test_a_heading_with_its_own_punctuation_keeps_it():
    assert text_of("## Why?\n\nBecause.") == "Why? Because."


def test_list_items_read_as_sentences():
    assert text_of("- Measure first\n- Cache second") == "Measure first. Cache second."


def test_heading_links_contents_and_footnote_backlinks_are_not_words():
    text = text_of("[[toc]]\n\n## Setup\n\nRun it.[^1]\n\n[^1]: Really.")
    assert "#" not in text and "↩" not in text and "Contents" not in text
    assert text.count("Setup") == 1


def test_markup_is_not_indexed():
    text = text_of('Use `pg_dump` and <a href="https://example.com">the docs</a>.')
    assert text == "Use pg_dump and the docs."
