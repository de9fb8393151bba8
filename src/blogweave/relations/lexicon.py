"""The relation lexicon (``lexicon.toml``): trigger words and the positions that hold each side.

``load_lexicon()`` reads and checks the file once; the engine asks
``Lexicon.triggers(token_kind, lemma)`` for the entries a token may start. The
file's header documents the format; this module rejects an entry that names an
unknown relation, position or strength, so a typo fails loudly in the tests
instead of silently matching nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from blogweave.errors import LexiconError
from blogweave.models import DEVELOPED, FOUNDED, FUNDED_BY, ORGANIZATION, PERSON, TECHNOLOGY, WORKED_AT

#: Rule-id family of each relation (``funding.fund.patient+agent.v1``).
FAMILY = {WORKED_AT: "employment", FOUNDED: "founding", FUNDED_BY: "funding", DEVELOPED: "development"}
POSITIONS = frozenset({"subject", "object", "agent", "patient", "unit", "unit>name", "possessor", "compound",
                       "modified", "recipient", "giver", "subject-noun", "clause-subject", "means-subject", "effort",
                       "possible-patient", "money-subject", "means", "described"})
STRENGTHS = frozenset({"explicit", "title", "context", "weak"})
KINDS = frozenset({"verb", "noun", "participle"})
TYPES = frozenset({PERSON, ORGANIZATION, TECHNOLOGY})


@dataclass(frozen=True)
class Trigger:
    id: str
    relation: str
    kind: str  # verb | noun | participle
    lemmas: frozenset[str]
    subject: tuple[str, ...]
    object: tuple[str, ...]
    strength: str
    voice: str | None = None
    particle: str | None = None
    object_types: tuple[str, ...] = ()
    dates: str | None = None
    subject_types: tuple[str, ...] = ()
    direct_object: str | None = None  # a set name: the verb's direct object, if it has one, is a word of it

    def rule_id(self, version: int, subject_pos: str, object_pos: str) -> str:
        """The versioned id of this trigger reached through two positions."""
        path = f"{subject_pos}+{object_pos}".replace(":", "-").replace(">", "-")
        return f"{FAMILY[self.relation]}.{self.id}.{path}.v{version}"


@dataclass(frozen=True)
class Lexicon:
    version: int
    triggers_by_word: dict  # (kind, lemma) -> tuple[Trigger, ...]
    sets: dict  # name -> frozenset of words
    titles: dict  # kind -> frozenset of title nouns

    def triggers(self, kind: str, lemma: str) -> tuple[Trigger, ...]:
        return self.triggers_by_word.get((kind, lemma), ())

    def words(self, name: str) -> frozenset[str]:
        return self.sets.get(name, frozenset())


def _position_ok(pos: str) -> bool:
    if pos in POSITIONS:
        return True
    head, _, rest = pos.partition(":")
    if head in ("prep", "unit>prep", "object>prep", "verb>prep") and rest.isalpha():
        return True
    return False


def parse_lexicon(data: dict) -> Lexicon:
    """A checked ``Lexicon`` from the parsed TOML ``data``."""
    version = data.get("version")
    if not isinstance(version, int):
        raise LexiconError("lexicon: 'version' must be an integer")
    sets = {name: frozenset(w.lower() for w in body.get("words", [])) for name, body in data.get("sets", {}).items()}
    by_word: dict[tuple[str, str], list[Trigger]] = {}
    for n, entry in enumerate(data.get("trigger", []), 1):
        where = f"lexicon trigger #{n} ({entry.get('id', '?')})"
        if entry.get("relation") not in FAMILY:
            raise LexiconError(f"{where}: unknown relation {entry.get('relation')!r}")
        if entry.get("pos") not in KINDS:
            raise LexiconError(f"{where}: pos must be one of {sorted(KINDS)}")
        if entry.get("strength") not in STRENGTHS:
            raise LexiconError(f"{where}: strength must be one of {sorted(STRENGTHS)}")
        lemmas = set(entry.get("lemmas", []))
        if "set" in entry:
            if entry["set"] not in sets:
                raise LexiconError(f"{where}: unknown set {entry['set']!r}")
            lemmas |= sets[entry["set"]]
        if not lemmas:
            raise LexiconError(f"{where}: no lemmas")
        for side in ("subject", "object"):
            bad = [p for p in entry.get(side, []) if not _position_ok(p)]
            if bad or not entry.get(side):
                raise LexiconError(f"{where}: bad {side} positions {bad or '[]'}")
        types = tuple(entry.get("object_types", ()))
        if set(types) - TYPES:
            raise LexiconError(f"{where}: unknown object_types {types}")
        subject_types = tuple(entry.get("subject_types", ()))
        if set(subject_types) - TYPES:
            raise LexiconError(f"{where}: unknown subject_types {subject_types}")
        if entry.get("direct_object") is not None and entry["direct_object"] not in sets:
            raise LexiconError(f"{where}: unknown direct_object set {entry['direct_object']!r}")
        trig = Trigger(
            id=entry["id"], relation=entry["relation"], kind=entry["pos"], lemmas=frozenset(lemmas),
            subject=tuple(entry["subject"]), object=tuple(entry["object"]), strength=entry["strength"],
            voice=entry.get("voice"), particle=entry.get("particle"), object_types=types, dates=entry.get("dates"),
            subject_types=subject_types, direct_object=entry.get("direct_object"),
        )
        for lem in trig.lemmas:
            by_word.setdefault((trig.kind, lem), []).append(trig)
    titles = {kind: frozenset(w.lower() for w in words) for kind, words in data.get("titles", {}).items()}
    return Lexicon(version, {k: tuple(v) for k, v in by_word.items()}, sets, titles)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon.toml, parsed and checked once."""
    text = resources.files("blogweave.relations").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return parse_lexicon(tomllib.loads(text))
