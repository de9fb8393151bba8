"""A cheap check that a post is written in English, before English rules read it.

The relation rules and the English parser read a post in another language
(a translated post in Spanish, German or Chinese) as English: its function
words ("de", "la", "und") become names and facts come out of them. A post is
taken as English when enough of its words are common English function words:
English prose of any subject has about 25-40% of its word tokens among the
~90 words below ("the", "of", "and", "to", "that", ...); translations into other
languages have under 1%, since words that are also frequent in other languages
("a", "in", "is") are left out of the list. Code, lists of names and command
lines lower the share of an English post (measured down to 8% on 2,500 posts of
ten blogs and the dev sets; translated posts of those blogs into Spanish,
Turkish and Chinese at 0-0.8%), so the threshold (``MIN_ENGLISH_SHARE``, 4%)
sits between the two, and a post with fewer than ``MIN_WORDS`` words is never
judged.

Words in other alphabets (Cyrillic, Greek) count as words that are not English;
text in scripts written without spaces (Chinese, Japanese, Korean) counts one
word per character.
"""

from __future__ import annotations

import re

#: Common English function words (pronouns, auxiliaries, prepositions, conjunctions), without those that
#: are also frequent words of other languages written in Latin letters: "a", "as", "do", "no" (Spanish,
#: Portuguese), "in", "an", "so", "was", "will", "also", "is", "over" (German, Dutch), "i" (Italian), "on"
#: (French), "for", "her" (Scandinavian), "we".
ENGLISH_WORDS = frozenset("""
about after all and any are at be because been but by can could did does from had has have he him his how if
into it just more most my not now of one only or other our out she some such than that the their them then
there these they this those through to too up us very were what when where which while who why with would
you your
""".split())

#: A post whose share of English function words is below this is taken as written in another language.
MIN_ENGLISH_SHARE = 0.04
#: Posts with fewer words than this are not judged (a short note, a title, a list of links).
MIN_WORDS = 60

#: A run of Latin letters (with inner apostrophes), or one character of a script written without spaces.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def english_share(text: str) -> tuple[float, int]:
    """(share of English function words among the words of ``text``, number of words)."""
    unspaced = len(_UNSPACED.findall(text))
    words = _WORD.findall(_UNSPACED.sub(" ", text))
    total = len(words) + unspaced
    if total == 0:
        return 0.0, 0
    hits = sum(1 for w in words if w.lower() in ENGLISH_WORDS)
    return hits / total, total


def not_english(text: str) -> float | None:
    """The English share when ``text`` looks written in another language, else None (English, or too short)."""
    share, total = english_share(text)
    if total < MIN_WORDS or share >= MIN_ENGLISH_SHARE:
        return None
    return share
