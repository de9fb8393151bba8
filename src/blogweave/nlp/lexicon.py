"""The documented word lists in ``blogweave/data/`` and the entity-ruler patterns built from them.

* ``technologies.txt`` / ``organizations.txt``: well-known names (label TECH / ORG);
  a line starting with ``=`` matches only its exact spelling, the others ignore case.
* ``org_suffixes.txt``: words that end an organization's name ("Labs", "Inc.");
  the ``[legal]`` section also lists forms stripped when names are compared, and
  the ``[head]`` section words that head "<head> of <Name>" ("Ministry of Widgets").
* ``given_names.txt``: common first names; "<given name> <Surname>" is a person;
* ``person_nouns.txt``: occupations written before a name ("singer Mira Dahl");
* ``not_entities.txt``: job titles, generic acronyms and words that are never entities;
* ``fields.txt``: fields of work and study ("Operations", "Statistics"): a name made only of them is a field.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_list(name: str) -> tuple[str, ...]:
    """The non-comment lines of ``data/<name>``, stripped, in file order."""
    text = resources.files("blogweave.nlp").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=None)
def org_suffixes() -> dict[str, tuple[str, ...]]:
    """``{"legal": (...), "name": (...)}`` from ``org_suffixes.txt``, lower-cased."""
    sections: dict[str, list[str]] = {"legal": [], "name": []}
    current = "name"
    for line in read_list("org_suffixes.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line.lower())
    return {key: tuple(values) for key, values in sections.items()}


@lru_cache(maxsize=None)
def not_entities() -> frozenset[str]:
    """Lower-cased names that are never entities (``not_entities.txt``)."""
    return frozenset(line.lower() for line in read_list("not_entities.txt"))


@lru_cache(maxsize=None)
def known_names() -> dict[str, str]:
    """Lower-cased well-known name -> label ("TECH" or "ORG"), from both name lists."""
    names = {}
    for filename, label in (("organizations.txt", "ORG"), ("technologies.txt", "TECH")):
        for line in read_list(filename):
            names.setdefault(line.lstrip("=").lower(), label)
    return names


@lru_cache(maxsize=None)
def programming_languages() -> frozenset[str]:
    """Lower-cased names in the "programming languages" section of ``technologies.txt``."""
    text = resources.files("blogweave.nlp").joinpath("data", "technologies.txt").read_text(encoding="utf-8")
    out, inside = set(), False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# ---"):
            inside = "programming languages" in line
        elif inside and line and not line.startswith("#"):
            out.add(line.lstrip("=").lower())
    return frozenset(out)


@lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    """Lower-cased common given names (``given_names.txt``)."""
    return frozenset(line.lower() for line in read_list("given_names.txt"))


@lru_cache(maxsize=None)
def countries() -> frozenset[str]:
    """Lower-cased countries and the states and provinces most written after a place (``countries.txt``)."""
    return frozenset(line.lower() for line in read_list("countries.txt"))


@lru_cache(maxsize=None)
def person_nouns() -> frozenset[str]:
    """Lower-cased occupations and roles written before a person's name (``person_nouns.txt``)."""
    return frozenset(line.lower() for line in read_list("person_nouns.txt"))


@lru_cache(maxsize=None)
def common_word_names() -> frozenset[str]:
    """Lower-cased listed names that are also English words (the ``=`` lines: "Go", "Ruby", "Spark")."""
    return frozenset(line[1:].lower() for name in ("technologies.txt", "organizations.txt")
                     for line in read_list(name) if line.startswith("="))


#: A token that can be part of a proper name: starts with a capital or a digit.
_NAME_TOKEN = {"TEXT": {"REGEX": r"^[A-Z0-9][\w.&'\u2019-]*$"}, "IS_PUNCT": False}
#: The first token of a name: as above, and tagged as a proper noun (or written in capitals).
_FIRST_TOKENS = (
    {**_NAME_TOKEN, "POS": "PROPN"},
    {"TEXT": {"REGEX": r"^[A-Z][A-Z0-9&]+$"}},
)


def ruler_patterns(nlp, pos: bool = True) -> list[dict]:
    """Entity-ruler patterns: the name lists, organization-suffix shapes and technology shapes.

    ``pos=False`` leaves out the patterns that need part-of-speech tags (for a
    pipeline without a tagger, such as ``spacy.blank("en")``).
    """
    patterns: list[dict] = []
    for filename, label in (("technologies.txt", "TECH"), ("organizations.txt", "ORG")):
        for line in read_list(filename):
            if line.startswith("="):
                words = [token.text for token in nlp.make_doc(line[1:])]
                patterns.append({"label": label, "pattern": [{"ORTH": w} for w in words], "id": "ruler"})
            else:
                patterns.append({"label": label, "pattern": line, "id": "ruler"})
                if label == "TECH" and line.isupper() and line.isalpha():
                    patterns.append({"label": label, "pattern": line + "s", "id": "ruler"})  # "GPUs"
    suffixes = org_suffixes()
    all_suffixes = sorted(set(suffixes["legal"]) | set(suffixes["name"]))
    # Capitalized suffix word after a capitalized name: "Kestrel Trading", "Norvane Foundation".
    suffix_token = {"LOWER": {"IN": all_suffixes}, "TEXT": {"REGEX": r"^[A-Z]"}}
    for first in _FIRST_TOKENS if pos else _FIRST_TOKENS[1:]:
        patterns.append({"label": "ORG", "id": "pattern",
                         "pattern": [first, {**_NAME_TOKEN, "OP": "*"}, suffix_token]})
        # "Acme, Inc." / "Acme, LLC": a legal form after a comma.
        patterns.append({"label": "ORG", "id": "pattern",
                         "pattern": [first, {**_NAME_TOKEN, "OP": "*"}, {"ORTH": ","},
                                     {"LOWER": {"IN": list(suffixes["legal"])}}]})
    # "University of Eastmoor", "Center for Applied Widgets", "Bank of Wexford", "Committee on Rural Roads",
    # and the same after a name: "Westvale Academy of Fine Arts", "Ostry Savings Bank of Dunmere".
    head = {"LOWER": {"IN": list(suffixes["head"])}, "TEXT": {"REGEX": r"^[A-Z]"}}
    # The name after "of" stops at a title ("Department of Roads Chairman Jo Barr"); a second "of"/"for"
    # part is taken too ("Foundation for the Advancement of Teaching").
    titles = sorted({line.lower() for line in read_list("job_titles.txt")} | person_nouns())
    of_token = {**_NAME_TOKEN, "LOWER": {"NOT_IN": titles}, "OP": "+"}
    of_name = [{"LOWER": {"IN": ["of", "for", "on"]}}, {"LOWER": "the", "OP": "?"}, of_token]
    for tail in (of_name, [*of_name, {"LOWER": {"IN": ["of", "for"]}}, {"LOWER": "the", "OP": "?"}, of_token]):
        patterns.append({"label": "ORG", "id": "pattern", "pattern": [head, *tail]})
        for first in _FIRST_TOKENS if pos else _FIRST_TOKENS[1:]:
            patterns.append({"label": "ORG", "id": "pattern",
                             "pattern": [first, {**_NAME_TOKEN, "OP": "*"}, head, *tail]})
    # Technology shapes: "widget.js", "PyWidgets", "cuWidget".
    # "widget::future": a C++ namespace-qualified name.
    for regex in (r"^[A-Za-z][\w-]*\.js$", r"^Py[A-Z][A-Za-z]+$", r"^cu[A-Z][A-Za-z]+$", r"^[a-z_]\w*::\w+$"):
        patterns.append({"label": "TECH", "id": "pattern", "pattern": [{"TEXT": {"REGEX": regex}}]})
    return patterns


#: Honorifics written before a person's name (lower case, with and without the period): the one list,
#: for entity spans, typing and back-references ("Mr. Doe" is a lone surname).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "prof", "sir", "dame", "rev", "lt", "gen",
              "col", "capt", "sgt", "judge", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "prof.",
              "rev.", "lt.", "gen.", "col.", "capt.", "sgt.", "mme", "mme."})

#: Verbs whose direct object is a workplace: "I joined X", "she left X" (entity typing reads it as an
#: organization). Each is also a workedAt trigger in relations/lexicon.toml (tests/test_relations_engine.py).
WORKPLACE_VERBS = frozenset({"join", "rejoin", "leave", "quit"})
#: Verbs whose subject is an employer: "X hired me"; "acquire" is typing's only ("X acquired us").
EMPLOYER_VERBS = frozenset({"hire", "employ", "recruit", "acquire"})

#: Titles of office and rank written before a person's name ("President Jo Barr").
TITLE_WORDS = {"king", "queen", "prince", "princess", "emperor", "empress", "pope", "saint",
               "lord", "lady", "president", "premier", "senator", "governor", "mayor", "chief", "justice"}


@lru_cache(maxsize=1)
def job_titles() -> frozenset[str]:
    """The head nouns in data/job_titles.txt (lower case)."""
    return frozenset(line.lower() for line in read_list("job_titles.txt"))


@lru_cache(maxsize=1)
def field_words() -> frozenset[str]:
    """Fields of work and study (data/fields.txt, lower case): "operations", "statistics", "computer"."""
    return frozenset(line.lower() for line in read_list("fields.txt"))
