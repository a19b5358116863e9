"""British and American spellings of a word, so a search for "tokenisation" finds
"tokenization" and "colour" finds "color".

No maintained package lists them both ways (localspelling was last released in 2020, breame
in 2021; uwotm8 converts American to British only, to rewrite files). So this is the regular
patterns of the two spellings (as in the Oxford and Merriam-Webster dictionaries) and a short
table of the irregular pairs a technical writer meets. A search asks for every spelling; a
made-up one ("blogue") simply matches nothing, so a rule may be generous.
"""

import re

IRREGULAR = {
    "grey": "gray", "aluminium": "aluminum", "programme": "program", "sceptical": "skeptical",
    "sceptic": "skeptic", "manoeuvre": "maneuver", "mould": "mold", "plough": "plow",
    "judgement": "judgment", "ageing": "aging", "acknowledgement": "acknowledgment",
    "enrol": "enroll", "enrolment": "enrollment", "fulfil": "fulfill", "fulfilment":
    "fulfillment", "skilful": "skillful", "cosy": "cozy", "artefact": "artifact",
    "licence": "license", "licences": "licenses", "defence": "defense", "offence": "offense",
    "pretence": "pretense", "catalogue": "catalog", "dialogue": "dialog", "analogue": "analog",
}
IRREGULAR.update({us: uk for uk, us in list(IRREGULAR.items())})

# (British ending, American ending), longest first within each family.
PATTERNS = (
    ("isations", "izations"), ("isation", "ization"), ("ising", "izing"), ("ised", "ized"),
    ("isers", "izers"), ("iser", "izer"), ("ises", "izes"), ("ise", "ize"),
    ("ysing", "yzing"), ("ysed", "yzed"), ("yses", "yzes"), ("yse", "yze"),
    ("ourites", "orites"), ("ourite", "orite"), ("ouring", "oring"), ("oured", "ored"),
    ("ourable", "orable"), ("ours", "ors"), ("our", "or"),
    ("elling", "eling"), ("elled", "eled"), ("ellers", "elers"), ("eller", "eler"),
    ("tres", "ters"), ("tre", "ter"),
    ("ogues", "ogs"), ("ogue", "og"),
)
MIN_STEM = 3  # letters before the ending: "four", "rise" and "our" have no other spelling
MAX_SPELLINGS = 4


def _by_pattern(word: str) -> list[str]:
    found = []
    for british, american in PATTERNS:
        for have, other in ((british, american), (american, british)):
            if word.endswith(have) and len(word) - len(have) >= MIN_STEM:
                found.append(word[: -len(have)] + other)
                break
        else:
            continue
        break
    return found


_LETTERS = re.compile(r"[a-z]+")


def spellings(word: str) -> list[str]:
    """The word and its other spellings (lower case, ASCII letters only get any)."""
    if not _LETTERS.fullmatch(word):
        return [word]
    others = [IRREGULAR[word]] if word in IRREGULAR else _by_pattern(word)
    return [word, *[o for o in others if o != word]][:MAX_SPELLINGS]
