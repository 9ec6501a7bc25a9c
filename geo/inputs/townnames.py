"""Town names as people spell them: one search key per spelling, and a ranked search.

The press writes the same town many ways: "Khan Shaykhun", "Khan Sheikhoun", "Khan
Shaikhoun"; "Saraqib" and "Saraqeb"; "Maarat al-Numan" and "Ma'arrat al-Nu'man".
:func:`search_key` maps such variants to one key by the rules of :data:`KEY_RULES`, and
:func:`rank_towns` ranks the towns whose keys match a query, the best first.

The map's own search box runs the same rules in the browser: ``geo/mapview/static/
townsearch.js`` reads :data:`KEY_RULES` as JSON (:func:`key_rules_json`) and ranks by
the same tiers, so the page and the map find the same towns in the same order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence

__all__ = ["KEY_RULES", "key_rules_json", "rank_towns", "search_key", "skeleton"]


#: The rules (:data:`KEY_RULES`), as data both Python and JavaScript apply in this order:
#:
#: 1. lower case, Unicode NFKD, combining marks (diacritics, Arabic vowel signs) dropped;
#: 2. ``drop``: apostrophes and ayn/hamza signs removed; ``map``: letters made one;
#: 3. split into words on anything that is not a letter or digit; ``articles`` dropped
#:    (al-, el-, ash-, an-... and Arabic ال, when the word is longer);
#: 4. ``rewrite``: regular expressions on each word, in order (ou/u, ee/i, ei/ai, e/i,
#:    o/u, q/k, final -ah/-eh/-a);
#: 5. doubled letters made single; the words joined without spaces.
#:
#: The expressions use only what Python's ``re`` and JavaScript's ``RegExp`` read alike.
DROP = "'\u2018\u2019\u02bb\u02bc\u02be\u02bf`\u00b4\u0640"
LETTERS = {"\u0629": "\u0647", "\u0649": "\u064a"}
ARTICLES = ("al", "el", "ul", "as", "ash", "at", "ath", "ad", "adh", "az", "an", "ar")
REWRITE = (
    ("^\u0627\u0644(?=..)", ""),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "ai"),
    ("ey", "ai"),
    ("y", "i"),
    ("e", "i"),
    ("o", "u"),
    ("q", "k"),
    ("[ai]h$", "a"),
)
VOWELS = "aiu\u0627\u0648\u064a"
KEY_RULES = {
    "drop": DROP,
    "map": LETTERS,
    "articles": ARTICLES,
    "rewrite": REWRITE,
    "vowels": VOWELS,
}
#: A skeleton (the key without vowels) is only tried when the query's has this many letters.
SKELETON_MIN = 3
_WORD_SPLIT = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"(.)\1+")


def search_key(text: str) -> str:
    """Reduce a spelling to its search key.

    Examples
    --------
    >>> search_key("Khan Sheikhoun") == search_key("Khan Shaykhun")
    True
    >>> search_key("Ma'arrat al-Nu'man") == search_key("Maarat al-Numan")
    True
    """
    plain = unicodedata.normalize("NFKD", str(text).lower())
    plain = "".join(c for c in plain if not unicodedata.category(c).startswith("M"))
    plain = "".join(LETTERS.get(c, c) for c in plain if c not in DROP)
    words = [w for w in _WORD_SPLIT.split(plain) if w]
    kept = [w for w in words if w not in ARTICLES] or words
    rewritten = []
    for word in kept:
        for pattern, replacement in REWRITE:
            word = re.sub(pattern, replacement, word)
        rewritten.append(_DOUBLED.sub(r"\1", word))
    return "".join(rewritten)


def skeleton(key: str) -> str:
    """Drop the vowels of a search key, then its doubled letters ("sarakib" -> "srkb")."""
    return _DOUBLED.sub(r"\1", "".join(c for c in key if c not in VOWELS))


def _tier(query: str, key: str) -> int | None:
    """How well ``key`` matches ``query`` (both keys): 0 best, 4 worst, None not at all."""
    if key == query:
        return 0
    if key.startswith(query):
        return 1
    if query in key:
        return 2
    bones = skeleton(query)
    if len(bones) < SKELETON_MIN:
        return None
    if skeleton(key).startswith(bones):
        return 3
    if bones in skeleton(key):
        return 4
    return None


def rank_towns(query: str, towns: Mapping[str, Sequence[str]]) -> list[str]:
    """Return the towns whose spellings match ``query``, the best match first.

    Parameters
    ----------
    query
        What the user typed, in any spelling or script.
    towns
        Town name -> its spellings (English, Arabic, GeoNames...).

    Returns
    -------
    list of str
        Town names, ranked: a whole spelling, then the start of one, then a part of one,
        then the same consonants; within a tier the shorter spelling, then the name.
    """
    wanted = search_key(query)
    if not wanted:
        return []
    ranked = []
    for name, spellings in towns.items():
        scores = [
            (tier, len(key))
            for key in (search_key(s) for s in spellings if s)
            if key and (tier := _tier(wanted, key)) is not None
        ]
        if scores:
            ranked.append((*min(scores), name))
    return [name for *_, name in sorted(ranked)]


def key_rules_json() -> str:
    """Write the rules as JSON for the browser (``<`` escaped, for a script element)."""
    rules = {**KEY_RULES, "skeleton_min": SKELETON_MIN}
    return json.dumps(rules).replace("<", "\\u003c")
