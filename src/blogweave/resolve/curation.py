"""Curation: a user's corrections to the resolved graph, read from the content folder's ``blogweave.toml``.

Top-level tables (all optional)::

    [aliases]                  # another name of an entity: merged into it
    "Matz" = "Yukihiro Matsumoto"

    [types]                    # an entity's type
    "Zork" = "Technology"

    [same]                     # names that are one entity (the first name is kept)
    ruby = ["Ruby", "Ruby language"]

    [distinct]                 # names never merged (an alias among them is split off)
    acme = ["Acme", "Acme Labs"]

    [[reject]]                 # a fact removed
    subject = "Jane Doe"
    relation = "workedAt"
    object = "Acme"

    [[assert]]                 # a fact the user states
    subject = "Jane Doe"
    relation = "founded"
    object = "Acme Labs"
    note = "She told me so."

The tables are read by ``blogweave.config.parse_curation``. Curation is applied after resolution (``apply``), so it never touches the parse
cache. Every override remembers its file and line; an entity it changed lists
them in its ``curation`` node attribute, an asserted fact carries a provenance
record with rule ``curation.assert.v1``, the note as evidence and the file and line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from blogweave.config import Curation, Override
from blogweave.models import ENTITY_TYPES, SIGNATURES, Entity, Provenance, ResolvedFact

ASSERT_RULE = "curation.assert.v1"


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class _Graph:
    """Entities, facts and posts being corrected; ids are merged through ``self.moved``."""

    def __init__(self, entities, facts, posts):
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.facts = list(facts)
        self.posts = list(posts)
        self.notes: dict[str, list[str]] = {}

    def note(self, entity_id: str, override: Override) -> None:
        notes = self.notes.setdefault(entity_id, [])
        if f"{override.kind} {override.where}" not in notes:
            notes.append(f"{override.kind} {override.where}")

    def find(self, name: str) -> list[str]:
        """Ids of entities labelled ``name``, or else having it as an alias."""
        wanted = _key(name)
        by_label = [i for i, e in self.entities.items() if _key(e.label) == wanted]
        if by_label:
            return sorted(by_label, key=lambda i: (-self.entities[i].mentions, i))
        return sorted((i for i, e in self.entities.items() if any(_key(a) == wanted for a in e.aliases)),
                      key=lambda i: (-self.entities[i].mentions, i))

    def rename(self, old: str, new: str) -> None:
        """Every reference to entity ``old`` now points at ``new``; facts that become one are joined."""
        joined: dict[tuple[str, str, str], ResolvedFact] = {}
        for fact in self.facts:
            fact = replace(fact, subject=new if fact.subject == old else fact.subject,
                           object=new if fact.object == old else fact.object)
            key = (fact.subject, fact.predicate, fact.object)
            if key in joined:
                other = joined[key]
                fact = replace(other, confidence=max(other.confidence, fact.confidence),
                               provenance=other.provenance + fact.provenance)
            joined[key] = fact
        self.facts = list(joined.values())
        self.posts = [replace(p, authors=tuple(dict.fromkeys(new if a == old else a for a in p.authors)))
                      for p in self.posts]
        if old in self.notes:
            moved = self.notes.pop(old)
            kept = self.notes.setdefault(new, [])
            kept[:0] = [n for n in moved if n not in kept]

    def merge(self, keep: str, gone: str, alias: str | None = None) -> None:
        if keep == gone:
            return
        a, b = self.entities[keep], self.entities.pop(gone)
        aliases = set(a.aliases) | set(b.aliases) | {b.label} | ({alias} if alias else set())
        aliases.discard(a.label)
        self.entities[keep] = replace(a, aliases=tuple(sorted(aliases)), posts=tuple(sorted(set(a.posts) | set(b.posts))),
                                      mentions=a.mentions + b.mentions)
        self.rename(gone, keep)


def _blocked(curation: Curation, names: list[str]) -> bool:
    """True when a [distinct] list holds two of ``names``."""
    keys = {_key(n) for n in names}
    return any(len(keys & {_key(v) for v in o.values}) >= 2 for o in curation.of("distinct"))


def _entity_names(entity: Entity) -> list[str]:
    return [entity.label, *entity.aliases]


def apply(curation: Curation | None, entities, facts, posts, warnings: list[str] | None = None):
    """``(entities, facts, posts, notes)`` with the overrides applied, in a fixed order: distinct (splits),
    aliases, same, types, reject, assert. ``notes`` maps an entity id to the overrides that changed it
    ("aliases blogweave.toml:3"). An override that names no entity adds a warning naming its file and line.
    """
    warn = warnings if warnings is not None else []
    g = _Graph(entities, facts, posts)
    if curation is None or not curation.overrides:
        return list(g.entities.values()), g.facts, g.posts, g.notes
    for override in curation.of("distinct"):
        _split(g, override)
    for override in curation.of("aliases"):
        alias, target = override.values
        targets = g.find(target)
        if not targets:
            warn.append(f"{override.where}: [aliases] no entity named {target!r}")
            continue
        keep = targets[0]
        for gone in g.find(alias):
            if gone != keep and not _blocked(curation, [*_entity_names(g.entities[keep]), alias]):
                g.merge(keep, gone, alias)
        entity = g.entities[keep]
        if _key(alias) != _key(entity.label) and alias not in entity.aliases:
            g.entities[keep] = replace(entity, aliases=tuple(sorted({*entity.aliases, alias})))
        g.note(keep, override)
    for override in curation.of("same"):
        found = [i for name in override.values for i in g.find(name)]
        found = list(dict.fromkeys(found))
        if len(found) < 1:
            warn.append(f"{override.where}: [same] no entity named any of {', '.join(override.values)}")
            continue
        keep = found[0]
        for gone in found[1:]:
            if gone in g.entities and not _blocked(curation, override.values):
                g.merge(keep, gone)
        g.note(keep, override)
    for override in curation.of("types"):
        name, new_type = override.values
        found = g.find(name)
        if not found:
            warn.append(f"{override.where}: [types] no entity named {name!r}")
        for old in found:
            _retype(g, old, new_type, override)
    for override in curation.of("reject"):
        subject, relation, obj = override.values
        subjects, objects = set(g.find(subject)), set(g.find(obj))
        before = len(g.facts)
        g.facts = [f for f in g.facts
                   if not (f.subject in subjects and f.predicate == relation and f.object in objects)]
        if len(g.facts) == before:
            warn.append(f"{override.where}: [[reject]] no fact {subject} {relation} {obj}")
        for entity_id in subjects | objects:
            g.note(entity_id, override)
    for override in curation.of("assert"):
        _assert(g, override, warn)
    return list(g.entities.values()), g.facts, g.posts, g.notes


def _id_for(entity_id: str, new_type: str) -> str:
    _, _, rest = entity_id.partition("/")
    return f"{new_type.lower()}/{rest or entity_id}"


def _retype(g: _Graph, old: str, new_type: str, override: Override) -> None:
    entity = g.entities[old]
    if entity.type == new_type:
        g.note(old, override)
        return
    new_id = _id_for(old, new_type)
    if new_id in g.entities:  # the same name and type: one entity
        g.entities[old] = replace(entity, type=new_type)
        g.merge(new_id, old)
    else:
        g.entities[new_id] = replace(g.entities.pop(old), id=new_id, type=new_type)
        g.rename(old, new_id)
    g.note(new_id, override)


def _split(g: _Graph, override: Override) -> None:
    """An entity that holds two names of a [distinct] list keeps the first; each other becomes its own entity,
    taking the facts whose every piece of evidence names it and not the entity's label."""
    wanted = [_key(v) for v in override.values]
    for entity_id in list(g.entities):
        entity = g.entities[entity_id]
        held = [a for a in entity.aliases if _key(a) in wanted]
        if _key(entity.label) not in wanted and len(held) < 2:
            continue
        if _key(entity.label) not in wanted:
            held = held[1:]
        for alias in held:
            new_id = f"{entity_id}--{re.sub(r'[^a-z0-9]+', '-', _key(alias)).strip('-')}"
            entity = g.entities[entity_id]
            g.entities[entity_id] = replace(entity, aliases=tuple(a for a in entity.aliases if a != alias))
            g.entities[new_id] = Entity(new_id, alias, entity.type, (), entity.posts, 0)
            label = entity.label.casefold()

            def names_alias(fact: ResolvedFact) -> bool:  # the alias named, the label not outside it
                return all(alias.casefold() in p.evidence.casefold()
                           and label not in p.evidence.casefold().replace(alias.casefold(), " ")
                           for p in fact.provenance)

            g.facts = [replace(f, subject=new_id if f.subject == entity_id and names_alias(f) else f.subject,
                               object=new_id if f.object == entity_id and names_alias(f) else f.object)
                       for f in g.facts]
            g.note(entity_id, override)
            g.note(new_id, override)


def _assert(g: _Graph, override: Override, warn: list[str]) -> None:
    subject, relation, obj = override.values
    subject_types, object_types = SIGNATURES[relation]
    ids = []
    for name, allowed in ((subject, subject_types), (obj, object_types)):
        found = [i for i in g.find(name) if g.entities[i].type in allowed]
        if found:
            ids.append(found[0])
            continue
        entity_type = sorted(allowed, key=ENTITY_TYPES.index)[0]
        new_id = f"{entity_type.lower()}/{re.sub(r'[^a-z0-9]+', '-', _key(name)).strip('-') or 'entity'}"
        while new_id in g.entities:
            new_id += "-x"
        g.entities[new_id] = Entity(new_id, name, entity_type)
        ids.append(new_id)
    provenance = Provenance(override.file, override.line, override.note, ASSERT_RULE, 1.0)
    key = (ids[0], relation, ids[1])
    for index, fact in enumerate(g.facts):
        if (fact.subject, fact.predicate, fact.object) == key:
            g.facts[index] = replace(fact, confidence=1.0, provenance=fact.provenance + (provenance,))
            break
    else:
        g.facts.append(ResolvedFact(ids[0], relation, ids[1], 1.0, (provenance,)))
    for entity_id in ids:
        g.note(entity_id, override)
