"""The English stems the search indexes use: SQLite's FTS5 porter tokenizer (Porter's
algorithm) and PostgreSQL's `english` configuration (Snowball's English, "Porter2"). Knowing
them here lets a query tell a whole word (matched by its stem: "measuring" finds "measured")
from a word being typed (matched as a prefix: "measu" finds "measure"), and lets snippets mark
every form of the word found."""

import threading

import snowballstemmer

ALGORITHMS = {"sqlite": "porter", "postgresql": "english"}
_local = threading.local()  # a Snowball stemmer keeps state between calls: one per thread


def stem(word: str, dialect: str = "sqlite") -> str:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    algorithm = ALGORITHMS.get(dialect, "porter")
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm].stemWord(word)


def is_whole_word(word: str, dialect: str = "sqlite") -> bool:
    """A word its stemmer shortens ("measuring") is a word; one it leaves as it is may be the
    start of one ("measu"), so it is also looked up as a prefix."""
    return stem(word, dialect) != word


def highlight_prefixes(word: str) -> list[str]:
    """What to mark in a snippet for one spelling: the words beginning with its stem, or the
    word itself when the stem is too short to mean much ("us" for "using")."""
    root = stem(word)
    return [root] if len(root) >= 4 else [word]
