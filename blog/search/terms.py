"""What a reader typed, reduced to plain search terms.

Nothing of the input reaches a query language: quotes, `*`, `-`, NEAR, parentheses and the
like are separators here, and each term is passed on as a quoted literal or a bound value.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from blog.search.spellings import spellings
from blog.search.stems import highlight_prefixes

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# Matches ranked, the newest first: past them a search says "500+ results" (ranking reads each
# match, so a word in every post would cost ever more as the site grows). Fifty pages of ten
# results; each match ranked costs about 5 µs on SQLite and 12 µs on PostgreSQL.
RANKED = 500
# Hangul, kana, CJK ideographs (and their compatibility forms): scripts written without
# spaces between words, searched by substring rather than by word.
CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
_CJK_RUN = re.compile(f"[{CJK}]+")
_WORD_OR_CJK = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+")


@dataclass
class SearchTerms:
    words: list[str] = field(default_factory=list)  # letters and digits, matched by prefix
    cjk: list[str] = field(default_factory=list)  # runs of CJK characters, by substring

    def __bool__(self) -> bool:
        return bool(self.words or self.cjk)

    @property
    def all(self) -> list[str]:
        return self.words + self.cjk

    def spellings(self, word: str) -> list[str]:
        """The word as typed and in its other English spellings (blog/search/spellings.py)."""
        return spellings(word)

    @property
    def highlights(self) -> list[str]:
        """What snippets mark: each word's stems in every spelling, and the CJK runs."""
        marks = [prefix for word in self.words for spelling in spellings(word)
                 for prefix in highlight_prefixes(spelling)]
        return list(dict.fromkeys(marks + self.words)) + self.cjk


def parse_terms(query: str) -> SearchTerms:
    text = unicodedata.normalize("NFC", query or "")[:MAX_QUERY_CHARS]
    terms = SearchTerms()
    seen: set[str] = set()
    for token in _WORD_OR_CJK.findall(text):
        term = token.casefold()
        if term in seen:
            continue
        seen.add(term)
        (terms.cjk if _CJK_RUN.fullmatch(term) else terms.words).append(term)
        if len(seen) >= MAX_TERMS:
            break
    return terms
