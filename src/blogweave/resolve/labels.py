"""Which names of an entity may label it, and when a short form is a name of its own.

Two rules beside ``resolve/entities.py`` (which merges mentions and picks the label):

* ``resolve.short_form_own.v1`` (``own_name``): within a post a one-word (or first-words) name is
  linked to the one longer name that starts with it ("Globex" of "Globex Labs", "Ada" of "Ada Vell").
  It keeps its own entity when it is a technology and the longer name was typed a person (a
  programme or an event named after a language, "Vexlang Summer", is no person and no full name of the
  language), or when the two are typed differently and the short name is in more posts than the
  longer one (a name of its own, widespread, not a short form of a rarer one).
* ``resolve.label_candidates.v1`` (``label_candidates``): a short form is no label when the longer form
  is the same thing's full name: always for a person ("Ada" of "Ada Vell"); for an organization or a
  technology when the longer form ends in an organization word ("Globex Labs", "Quell Foundation") or
  is written at least as often as the short one. A tool named hundreds of times keeps its name over a
  longer one written a few times ("quorbit" over "quorbit metadata", a subcommand; "Vexlang" over
  "Vexlang Summer", a programme named after it).
* ``resolve.clean_label.v1`` (``clean_form``): emoji, arrows, box drawing and other symbols are no part
  of a name ("Ada Vell 🌻" -> "Ada Vell").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from blogweave.models import PERSON, TECHNOLOGY

#: Characters that join or vary emoji: zero-width joiner, variation selectors, keycap.
_EMOJI_GLUE = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def own_name(short_types: Iterable[str], full_type: str, short_posts: int, full_posts: int) -> bool:
    """True when the short form keeps its own entity (``resolve.short_form_own.v1``, see the module doc)."""
    types = set(short_types)
    if full_type == PERSON and types == {TECHNOLOGY}:
        return True
    return full_type not in types and short_posts > full_posts


def label_candidates(forms: Counter, entity_type: str, is_short_form: Callable[[str, str], bool]) -> list[str]:
    """The forms that may label the entity (``resolve.label_candidates.v1``, see the module doc)."""
    def covered(form: str) -> bool:
        return any(is_short_form(form, other) and (entity_type == PERSON or forms[other] >= forms[form]
                                                   or _organization_word(other.split()[-1])) for other in forms)

    return [f for f in forms if not covered(f)] or list(forms)


def _organization_word(word: str) -> bool:
    return word.lower().rstrip(".") in _organization_words()


@lru_cache(maxsize=1)
def _organization_words() -> frozenset[str]:
    from blogweave.nlp.lexicon import org_suffixes

    return frozenset(w.rstrip(".") for words in org_suffixes().values() for w in words)


def clean_form(text: str) -> str:
    """``text`` without symbol characters (emoji, arrows, box drawing), spaces collapsed; unchanged when
    nothing else would be left (``resolve.clean_label.v1``)."""
    if text.isascii():
        return text
    kept = "".join(c for c in text if c not in _EMOJI_GLUE and not unicodedata.category(c).startswith("S")
                   or c in "+#$&")
    kept = re.sub(r"\s+", " ", kept).strip(" -:|\u2013\u2014")
    return kept if re.search(r"\w", kept) else text
