"""Span boundaries for the ``blogweave_entities`` component: repair them, then clean them.

``nlp_context.type_entities`` runs every entity span through these before it
types the span from its context (steps 0 and 1 of its docstring):

- repair boundaries the ruler-before-NER order causes
  (``absorb_common_word_names``, ``absorb_product_names``): a listed name that
  is also an English word ends the name NER found before it ("Tom Swift"), and
  is dropped when used as a verb; a listed company followed by capitalized
  words or a model number is one of its products ("Globex Maps" -> TECH);
- "X of Y" patterns take a coordinated last part ("of Arts and Letters",
  ``extend_coordinated_name``) and a hyphenated first part ("Knight-Rowe Inc.",
  ``extend_hyphenated_start``); spans split at brackets and at "A/B", "A+B"
  (``split_pairs``);
- ``clean_span``: drop a leading determiner or possessive ("the", "my"), a
  trailing "'s" and punctuation; drop spans with markup leftovers ("](", "{%"),
  without letters, too long, a lone abbreviation ("Calif."), or listed in
  ``data/not_entities.txt``;
- ``trim_person``: a person's span loses a leading title or occupation
  ("Soprano X") and an "of <place>" tail.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from blogweave.nlp.lexicon import HONORIFICS, TITLE_WORDS, not_entities

#: Titles before a name that make it a person: "Mrs. Quell", "Sen. Jo Barr", "Dr. Ada Vance".
LETTER = re.compile(r"[A-Za-z]")
_MARKUP = re.compile(r"\]\(|https?:|www\.|[{}\[\]<>|`*=^~\\]|%}|\{%")
_LEADING_POS = {"ADV", "SCONJ", "CCONJ", "PRON", "DET", "ADP", "INTJ", "AUX", "VERB", "PART"}
LEADING_DROP = {"the", "a", "an", "my", "our", "your", "his", "her", "their", "its", "this", "that", "these",
                 "those", "at", "in", "on", "of", "for", "with", "by", "from", "to", "and", "or"}


#: Words a name never ends with (a span ending in one took the next phrase's first word).
TRAILING_DROP = {"at", "in", "on", "for", "with", "from", "by", "to", "and", "or", "the", "a", "an", "of"}


def absorb_common_word_names(ents: list) -> list:
    """Listed names that are also English words ("Ruby", "Go", "Express") where the text uses the word otherwise.

    The ruler runs before NER, so NER predicts around them: "Tam Ruby" comes out as PERSON "Tam" + TECH
    "Ruby", "Airways Express" as ORG "Airways" + TECH "Express". When such a one-word listed name directly
    follows a PERSON or ORG span, with no punctuation between, it is the end of that name. Used as a verb
    ("you can't Go home"), it is no name. Dropped spans become None.
    """
    from blogweave.nlp.lexicon import common_word_names

    common = common_word_names()
    out = list(ents)
    for n, ent in enumerate(ents):
        if ent.ent_id_ != "ruler" or len(ent) != 1 or ent.text.lower() not in common:
            continue
        if ent[0].pos_ in ("VERB", "AUX"):
            out[n] = None
            continue
        before = out[n - 1] if n > 0 else None
        if before is not None and before.end == ent.start and before.label_ in ("PERSON", "ORG") \
                and before.ent_id_ not in ("ruler", "pattern") and before[-1].whitespace_ == " ":
            out[n - 1] = None
            out[n] = Span(ent.doc, before.start, ent.end, label=before.label_, span_id=before.ent_id_ or "ner")
    return out


#: Words after a company's name that still name the company or a part of it, not a product.
_NOT_PRODUCT_WORDS = {"research", "ai", "team", "teams", "division", "engineering", "labs", "campus", "office",
                      "offices", "headquarters", "hq", "employees", "staff", "board", "ceo", "cto",
                      # media arms and regional or worldwide units: "Globex Television", "Globex Europe"
                      "television", "tv", "radio", "news", "films", "music", "worldwide", "international",
                      "global", "mobile", "europe", "america", "asia", "africa", "australia", "japan", "china",
                      "india", "canada", "uk"}
_UNIT_NOUNS = {"division", "team", "unit", "branch", "subsidiary", "office", "studio", "lab", "group", "department"}
_ROMAN = re.compile(r"^(?:II|III|IV|V|VI{1,3}|IX|X)$")  # not "I": "at Globex I met"


def absorb_product_names(ents: list) -> list:
    """"Globex Maps", "Globex Phone 12": a listed company followed by capitalized words or a model number
    is one of its products (TECH), not the company. Listed names end the product ("Globex CUDA" is two).

    The ruler marks the company before NER runs, so NER only sees the rest ("Maps", "Phone 12"), which
    is absorbed here. Organization words ("Globex Labs", "Globex Research") keep it a company.
    """
    if not any(ent is not None and ent.id_ == "ruler" and ent.label_ == "ORG" for ent in ents):
        return ents
    doc = next(ent for ent in ents if ent is not None).doc
    listed = {i for ent in ents if ent is not None and ent.id_ in ("ruler", "pattern")
              for i in range(ent.start, ent.end)}
    org_words = organization_words()
    out = list(ents)
    for n, ent in enumerate(ents):
        if ent is None or ent.id_ != "ruler" or ent.label_ != "ORG":
            continue
        stop = ent.end
        while stop < len(doc) and stop - ent.end < 4 and doc[stop - 1].whitespace_ and stop not in listed:
            token = doc[stop]
            name_word = token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN") and token.is_alpha
            model = token.like_num or _ROMAN.match(token.text) or re.fullmatch(r"[A-Z]?\d+[A-Za-z]*", token.text)
            if not (name_word or model) or token.lower_ in org_words or token.lower_ in _NOT_PRODUCT_WORDS \
                    or token.lower_ == "i" or token.ent_type_ in ("GPE", "LOC", "NORP"):
                break
            stop += 1
        if stop < len(doc) and doc[stop].lower_ in _UNIT_NOUNS:
            continue  # "the Globex Lund division": a part of the company
        if stop == ent.end or all(doc[i].like_num for i in range(ent.end, stop)) and stop - ent.end > 1:
            continue
        inside = [m for m, other in enumerate(out) if other is not None and m != n
                  and other.start < stop and other.end > ent.end]
        if any(out[m].end > stop or out[m].id_ in ("ruler", "pattern") for m in inside):
            continue  # NER's guess over the product's words gives way, a listed name does not
        for m in inside:
            out[m] = None
        out[n] = Span(doc, ent.start, stop, label="TECH", span_id="pattern")
    return out


#: Titles NER often takes into a person's name ("Sheik Oman Dari", "President Vell"), besides occupations.
def trim_person(span):
    """A person's name without a title or occupation before it ("Soprano Ida Lenz" -> "Ida Lenz") and
    without a place after "of" ("Ida Lenz of Eastmoor" -> "Ida Lenz")."""
    from blogweave.nlp.lexicon import person_nouns

    doc = span.doc
    start, end = span.start, span.end
    nouns = person_nouns()
    while end - start > 1 and (doc[start].lower_ in TITLE_WORDS or doc[start].lower_ in nouns
                               or doc[start].lower_ in HONORIFICS):
        start += 1
    cut = next((t.i for t in doc[start + 2 : end] if t.lower_ == "of"), end)
    return doc[start:cut]


def extend_hyphenated_start(span):
    """"Knight-Rowe Inc.": the suffix pattern starts after the hyphen; take the hyphenated first part in."""
    doc = span.doc
    start = span.start
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha and doc[start - 2].text[:1].isupper():
        start -= 2
    return span if start == span.start else Span(doc, start, span.end, label=span.label, span_id=span.id)


def extend_coordinated_name(span):
    """"Academy of Sciences and Humanities": an "X of Y" name whose last part is a coordination of
    one or two capitalized words; not "University of Eastmoor and Westvale College" (a second name)."""
    from blogweave.nlp.lexicon import org_suffixes

    doc = span.doc
    end = span.end
    if end + 1 >= len(doc) or doc[end].lower_ not in ("and", "&") or \
            not any(t.lower_ in ("of", "for", "on") for t in span[1:]):
        return span
    stop = end + 1
    while stop < len(doc) and stop - end <= 3 and doc[stop].text[:1].isupper() and not doc[stop].is_stop:
        if doc[stop].ent_type_ in ("PERSON", "GPE", "ORG"):
            return span  # "the Institute of Optics and Wang Lei": a second name NER found
        stop += 1
    suffixes = org_suffixes()
    last = doc[stop - 1].lower_
    if stop == end + 1 or stop - end > 3 or last in suffixes["name"] or last in suffixes["head"]:
        return span
    return Span(doc, span.start, stop, label=span.label, span_id=span.id)


def split_pairs(span):
    """The parts of "A/B", "A+B" and "A (B" spans, and of a person's "A & B": two names, merged later only
    on evidence (see resolve.py);
    and of a list NER took as one name ("Zope, Plone"), unless a legal form follows the comma ("Acme, Inc.")."""
    doc = span.doc
    commas = not _of_list(span) and not _campus(span)  # "Guild of Tanners, Dyers and Weavers" is one name
    cuts = [t.i for t in span if t.i > span.start and (t.text in ("(", ")") or t.text in ("/", "+")
            and not t.whitespace_ and not doc[t.i - 1].whitespace_
            or commas and t.text == "," and t.i + 1 < span.end
            and doc[t.i + 1].lower_.rstrip(".") not in _legal_forms()
            or span.label_ == "PERSON" and t.text == "&" and t.i + 1 < span.end)]  # "Jo Barr & Ada Vell"
    if not cuts:
        return [span]
    bounds = [span.start, *cuts, span.end]
    return [span.doc[a + (a != span.start): b] for a, b in zip(bounds, bounds[1:]) if b > a + (a != span.start)]


def _of_list(span) -> bool:
    """An "X of A, B and C" organization name (see ``boundaries.extend_listed_tail``)."""
    words = [t.lower_ for t in span]
    if span.label_ != "ORG" or "," not in words or not any(w in ("of", "for") for w in words[1:words.index(",")]):
        return False
    last = len(words) - 1 - words[::-1].index(",")
    return "and" in words[last:] or "&" in words[last:]


def _campus(span) -> bool:
    """"University of Vexland, Quellport": one name (see ``boundaries.campus_of``)."""
    from blogweave.nlp.boundaries import campus_of

    words = [t.text for t in span]
    if span.label_ != "ORG" or words.count(",") != 1:
        return False
    cut = span.start + words.index(",")
    return campus_of(Span(span.doc, span.start, cut, label="ORG")) == span.end


@lru_cache(maxsize=None)
def _legal_forms() -> frozenset[str]:
    from blogweave.nlp.lexicon import org_suffixes

    return frozenset(form.rstrip(".") for form in org_suffixes()["legal"])


def clean_span(span, listed: bool = False):
    """The span without leading determiners, trailing possessive and punctuation; None when it is noise."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in LEADING_DROP or doc[start].is_punct or doc[start].is_space
                           or (end - start > 1 and doc[start].lower_ in HONORIFICS)
                           or (not listed and end - start > 1 and doc[start].pos_ in _LEADING_POS)):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in ("'s", "\u2019s", "'")):
        if doc[end - 1].text in ("+", "#") and end - 1 > start:  # keep "C++", "F#"
            break
        end -= 1
    for i in range(start + 1, end):  # "Widgetco - Probably the best": a spaced dash ends a name
        if doc[i].text in ("-", "\u2013", "\u2014", ":", "|") and (doc[i - 1].whitespace_ or doc[i].whitespace_):
            end = i
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or end - start > 1 and doc[end - 1].lower_ in TRAILING_DROP):
        end -= 1  # "the Data Team at", "Programming Languages at": a preposition ends no name
    if start >= end:
        return None
    span = doc[start:end]
    text = span.text
    longest = 12 if any(t.lower_ in ("of", "for") for t in span[1:-1]) else 8  # "Court of Appeals for the ..."
    if "\n\n" in text or end - start > longest or _MARKUP.search(text) or not LETTER.search(text):
        return None
    if text.lower() in not_entities() or text.lower().rstrip("s") in not_entities():
        return None
    if not listed and len(span) == 1 and re.fullmatch(r"[A-Z][a-z]{1,4}\.", text):
        return None  # an abbreviation on its own: "Calif.", "Feb.", "Corp."
    if not listed and all(token.is_stop or token.is_digit for token in span):
        return None
    return span


def organization_words() -> frozenset[str]:
    from blogweave.nlp.lexicon import org_suffixes

    suffixes = org_suffixes()
    return frozenset(word for words in suffixes.values() for word in words)


#: NER labels of a piece that can be the first person of "the Mara K. and Tobias R. Vellin Trust" (often
#: a stray FAC or PERSON); an organization or place there is a second name: "Quill Corp and Ada Brandt Foundation"
_DONOR_PIECES = frozenset({"", "PERSON", "FAC", "NORP", "LOC"})


def _name_part(token, free: bool = True) -> bool:
    """A capitalized word or an initial ("Mara", "K."); ``free``: that no organization or place holds."""
    return (bool(re.fullmatch(r"[A-Z][a-z]+|[A-Z]\.", token.text)) and not token.is_stop
            and (not free or token.ent_type_ in _DONOR_PIECES))


#: Heads of a donor's name besides the organization words: "the ... Charitable Trust"
_DONOR_HEADS = frozenset({"trust"})


def extend_coordinated_donors(span):
    """"the Mara K. and Tobias R. Vellin Charitable Trust": a foundation named after two people is one name;
    NER starts it at the second person. Taken in: one to three name words or initials right before "and"/"&",
    when the span ends in an organization word and starts with a person-like name of two or more words.
    The name is an organization whatever NER called the part it found."""
    doc = span.doc
    start = span.start
    if len(span) < 3 or start < 2 or doc[start - 1].lower_ not in ("and", "&"):
        return span
    if doc[span.end - 1].lower_ not in organization_words() | _DONOR_HEADS \
            or not all(_name_part(t, free=False) for t in span[:2]):
        return span
    free = not doc[start - 1].ent_type_  # NER's "the Mara K. and" piece ends at the "and": one broken name
    first = start - 1
    while first > 0 and start - 1 - first < 3 and _name_part(doc[first - 1], free):
        first -= 1
    if first == start - 1 or (first > 0 and _name_part(doc[first - 1], free)):
        return span  # no name before "and", or more than three words: a list of names, not one
    return Span(doc, first, span.end, label="ORG", span_id=span.id)  # named after people, ends as an organization
