"""Short person names within one post: "Tobin" or "Marsh" standing for "Tobin Marsh".

Posts introduce a person once by full name, or list them as the post's authors
in the front matter, and then write the first name or the surname alone
("Tobin, Pell and Idra joined the team", "Marsh later founded ...", "Tobin's
patch"). ``short_names(doc, post)`` maps each such one-word mention (token
index) to the full name it stands for, so that a fact read from the sentence
attaches to the full-name person. Only inside one post: the map is built from
that post alone and never carries a short name to another post.

Who can be meant (the *full names* of the post): its authors that are people
(two or more words; not a team or an organization, see ``nlp/document.py``),
and every PERSON entity of two or more words in its text. A one-word mention
resolves when all of these hold:

* it is a capitalized proper noun standing alone (not part of a longer name
  such as "Tobin Labs"; an honorific before it is fine), either untyped or a
  one-word entity that the entity stage did not take from the name lists or a
  suffix pattern;
* it is the last word of exactly one full name of the post, or its first word
  when that is a listed given name (``data/given_names.txt``) or the name is an author's
  (a family name written first, "Adachi Kenzo", is no first name; after a title of
  address, "Mr. Marsh", "Dr. Marsh", only a last word counts),
  counting full names anywhere in the post (an ambiguous first name shared by
  two people, or a surname shared by a family, resolves to nothing);
* that full name is an author or is written before the mention (a
  biography's "Marsh" never points at a relative named only later);
* it is not a well-known organization or technology name (``data/*.txt``), nor
  a word of an organization or technology named in the post ("Quarrel" beside
  "Quarrel Labs");
* it is not a relative's name: no kinship noun (``data/kinship_nouns.txt``:
  "his father Marsh", "Marsh's son", "the Marsh family") next to it. Families
  share surnames, and an encyclopedia article names the subject's relatives
  by surname too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from blogweave.models import PERSON, Arg, Post
from blogweave.names import CalledBy, person_key
from blogweave.nlp.lexicon import HONORIFICS, given_names, known_names, org_suffixes, read_list

#: Entity sources that mean the name is a listed organization or technology, or shaped like one.
_LISTED_SOURCES = ("ruler", "pattern")
#: A word of a person's name: a capital letter then letters, apostrophes or hyphens ("O'Dell", "Ann-Marie").
_NAME_WORD = re.compile(r"^[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*$")


@lru_cache(maxsize=1)
def kinship_nouns() -> frozenset[str]:
    """Lower-cased kinship nouns (``data/kinship_nouns.txt``): "father", "sister", "family"."""
    return frozenset(line.lower() for line in read_list("kinship_nouns.txt"))


def person_authors(post: Post) -> list[str]:
    """The post's authors that are people named in full (two words or more, no group or suffix word)."""
    from blogweave.nlp.document import GROUP_WORDS

    suffixes = set(org_suffixes()["name"]) | set(org_suffixes()["legal"])
    out = []
    for author in post.authors:
        words = (author or "").split()
        lowered = {w.lower().strip(".,") for w in words}
        if len(words) < 2 or lowered & (GROUP_WORDS | suffixes) or known_names().get((author or "").lower()):
            continue
        if _NAME_WORD.match(words[0]) and _NAME_WORD.match(words[-1]):
            out.append(" ".join(words))
    return out


def _full_names(doc, post: Post | None):
    """(full name, where it is first written) of the post's people: its authors (-1), then every PERSON
    entity of two name words or more."""
    for name in person_authors(post) if post is not None else ():
        yield name, -1
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and _NAME_WORD.match(ent[0].text) and _NAME_WORD.match(ent[-1].text):
            yield ent.text, ent.start_char


def ambiguous_names(doc, post: Post | None = None) -> frozenset[str]:
    """The one-word names two people or more of the post can be called by ("Chris" beside "Chris Vell" and
    "Chris Orr"): a fact about such a name is about nobody the reader can tell."""
    people = CalledBy()
    for name, _ in _full_names(doc, post):
        people.add(name)
    return frozenset(ent.text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) == 1
                     and people.several(ent.text))


def short_names(doc, post: Post | None = None) -> dict[int, Arg]:
    """Token index -> the full person name a one-word mention stands for (see the module docstring)."""
    ents = list(doc.ents)
    first_written: dict[str, int] = {}  # person key of a full name -> where it is first written (-1: an author)
    people = CalledBy()
    surnames = CalledBy()  # by the last word only: after "Mr."/"Dr." a name is a surname
    given = given_names()

    def add(name: str, start: int) -> None:
        # a first word is a given name to call someone by only when listed as one, or the author's:
        # in "Adachi Kenzo" (family name first) the first word is no first name
        people.add(name, by_first_word=start < 0 or name.split()[0].lower() in given)
        surnames.add(name, by_first_word=False)
        first_written.setdefault(person_key(name), start)

    for name, start in _full_names(doc, post):
        add(name, start)
    if not people:
        return {}
    blocked = _blocked_words(ents)
    by_token = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    out: dict[int, Arg] = {}
    for token in doc:
        # after a title of address the name is a surname: "Mr. Vell" is Ada Vell, not Vell Oster
        called = surnames if _after_surname_title(token) else people
        name = called.one(token.text) if token.text[:1].isupper() else None
        if name is None or token.text.lower() in blocked:
            continue
        ent = by_token.get(token.i)
        if ent is not None and (len(ent) > 1 or ent.ent_id_ in _LISTED_SOURCES):
            continue
        if ent is None and token.pos_ != "PROPN":
            continue
        if first_written[person_key(name)] > token.idx or not _alone(token) or _kin(token):
            continue
        out[token.i] = Arg(name, PERSON)
    return out


#: Titles of address that go before a given name ("Sir Ada"), so the name after them may be either.
_GIVEN_NAME_TITLES = frozenset({"sir", "dame"})


def _after_surname_title(token) -> bool:
    """The word right before is a title of address used with a surname ("Mr.", "Dr.", "Prof.")."""
    if token.i == 0:
        return False
    word = token.doc[token.i - 1].lower_
    return word in HONORIFICS and word.rstrip(".") not in _GIVEN_NAME_TITLES


def _blocked_words(ents) -> set[str]:
    """Lower-cased words that name an organization or technology here or in the lists."""
    blocked = {name for name, label in known_names().items() if label in ("ORG", "TECH") and " " not in name}
    for ent in ents:
        if ent.label_ in ("ORG", "TECH") and (len(ent) > 1 or ent.ent_id_ in _LISTED_SOURCES):
            blocked.update(t.lower_ for t in ent if t.is_alpha)
    return blocked


def _alone(token) -> bool:
    """A name on its own, maybe after an honorific ("Marsh", "Dr. Marsh"; not "Marsh Industries")."""
    if token.dep_ in ("compound", "flat") and token.head.i != token.i and token.head.pos_ in ("PROPN", "NOUN"):
        return False
    for child in token.children:
        if child.dep_ in ("compound", "flat") and child.lower_.rstrip(".") + "." not in HONORIFICS \
                and child.lower_ not in HONORIFICS:
            return False
    doc = token.doc
    for near in (doc[token.i - 1] if token.i > 0 else None, doc[token.i + 1] if token.i + 1 < len(doc) else None):
        if near is not None and near.pos_ == "PROPN" and near.text[:1].isupper() and not near.is_sent_start \
                and near.lower_ not in HONORIFICS and near.lower_.rstrip(".") not in HONORIFICS:
            return False  # "Tobin Quell" the parser did not join: another name, not this short one
    return True


def _kin(token) -> bool:
    """A relative named by surname: a kinship noun as its head, child or neighbour ("his father Marsh",
    "Marsh's son", "the Marsh family", "Marsh, her brother")."""
    kin = kinship_nouns()
    related = [token.head, *token.children]
    doc = token.doc
    related += [doc[i] for i in range(max(0, token.i - 2), min(len(doc), token.i + 4)) if i != token.i]
    return any(t.lemma_.lower() in kin or t.lower_ in kin for t in related)
