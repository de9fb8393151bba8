"""Merging mentions into entities across spellings and posts, and facts onto those entities.

Merging (union-find over mentions, then over surface names):

* the same name: case, punctuation, quotes, a leading "the", a possessive and,
  for organizations, a legal suffix ("Acme, Inc." = "ACME Inc" = "Acme") are
  ignored, and so are spaces ("Bold Widgets" = "BoldWidgets"), in every post;
* renames written next to each other: "X (then Y)", "X (formerly Y)", "X (now Y)", "X (aka Y)";
* a person's name with the title written before it ("Mrs. Vell") is an alias of the person;
* slash pairs "X/Y" are split into two mentions by the NLP stage; when both
  parts end up in one entity (through a rename or the rules here) the pair is
  added as an alias. Two names are never merged just because they share a slash
  ("NumPy/SciPy" are two things);
* a short form after the long one in the same post ("Globex" after "Globex
  Labs"): the short form is the first word(s) of exactly one longer
  organization or technology name of that post (or the last word of an
  organization's: "Navy" of "Eastland Navy", "Dunmere" of "University of Dunmere"), or the first or last name of
  exactly one person named in full there, and not itself a listed name;
* a one-word first or last name of exactly one of the post's authors (a person) is that author
  (``resolve/authors.py``);
* a person's lone first or last name is linked only inside its post (to the
  full name there), never across posts: "Baker" in two posts is two people
  unless a full name links each;
* a person's name with and without a middle initial ("Jane Q. Doe" / "Jane Doe"),
  when both are typed Person; within one post also initials for given names
  ("J. Q. Doe" = "Jane Quinn Doe") when no other name of the post competes;
* within one post, every mention of the same spelling is one entity, and an
  acronym is the one longer name of the post whose initials it spells
  ("ERA" = "Eastmoor Rail Authority");
* a fact's argument is the mention with its name, or else the one longer name
  of the post it is a short form of ("Vell" in a fact, "Oskar Vell" in the text).

Types: a weighted vote over all mentions (ruler 8, pattern 4, context 3,
fact argument 3, author 8, NER 1). Canonical label: the most frequent
full form (spellings with the same key count together; leading "the", possessives and symbols removed;
short forms: ``resolve/labels.py``), ties broken by preferring a form with capitals, then one without a
legal suffix ("Acme" over "Acme Inc."), then the longer, then alphabetical order.

Which entities become nodes: an entity is kept when it is an author, takes
part in a fact, has a mention from the ruler, a pattern or context, or is
mentioned at least twice (by NER alone). A single NER-only mention is too often
noise (a heading, a mistagged word) to be a node; the exceptions are the ones
NER rarely invents: multi-word person names, distinctive shapes ("KindWidget",
"widget.io"), and multi-word names or acronyms that are a subject, object or
apposition in a sentence with a verb (source ``ner-clause``). A lone
one-word name in such a sentence stays out: it is as often a mistyped surname
as an organization, and lone surnames are not merged across posts.

Ids are ``<type>/<slug of label>`` ("organization/acme-labs"), from the
entity's own type and label only, so adding, removing or reordering other posts
never changes them. A label that is not plain ASCII ("Zoë") gets a short hash of
itself after the slug (``technology/zoe-1a2b3c4d``), so it can never take the
slug of a plain one ("Zoe"); two plain labels with one slug both get hashes. An author with no name is
``person/author-of-<slug of the post path>``, labelled "author of <title>".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from blogweave import names
from blogweave.models import (
    AUTHOR,
    ORGANIZATION,
    PERSON,
    SIGNATURES,
    TECHNOLOGY,
    Entity,
    Extraction,
    PostInfo,
    Provenance,
    ResolvedFact,
)
from blogweave.names import is_acronym_of, person_key, slugify, surface
from blogweave.resolve.authors import link_short_to_authors
from blogweave.resolve.labels import clean_form, label_candidates, own_name
from blogweave.resolve.merging import UnionFind, combine_confidence

WEIGHTS = {"ruler": 8, "author": 8, "author-alias": 8, "pattern": 4, "context": 3, "fact": 3, "ner": 1, "ner-clause": 1}
CONFIDENT_SOURCES = {"ruler", "pattern", "context", "author"}
#: Mentions found by spaCy's NER alone; "ner-clause" ones are arguments of a verb (see nlp.extract_mentions).
NER_SOURCES = ("ner", "ner-clause")
_TYPE_PREFIX = {PERSON: "person", ORGANIZATION: "organization", TECHNOLOGY: "technology"}


@dataclass
class _Node:
    """One mention-like record: a mention, a fact argument or a post author."""

    text: str
    type: str
    source: str
    post: str
    start: int = -1


@lru_cache(maxsize=1)
def _legal_suffixes() -> frozenset[str]:
    from blogweave.nlp.lexicon import org_suffixes

    return frozenset(s.rstrip(".").replace(".", "") for s in org_suffixes()["legal"])


def name_key(text: str) -> str:
    """``names.name_key`` with the legal forms of the lexicon ("Acme Inc." keys as "acme")."""
    return names.name_key(text, _legal_suffixes())


def resolve_entities(extractions: list[Extraction]) -> tuple[list[Entity], list[ResolvedFact], list[PostInfo]]:
    """Entities, facts between them and post records from every post's extraction."""
    uf = UnionFind()
    nodes: list[_Node] = []

    def add(node: _Node) -> int:
        nodes.append(node)
        return uf.add()

    author_ids: dict[str, list[int]] = {}  # post -> author node indexes
    fact_sides: list[tuple[int, int]] = []
    pairs: list[tuple[int, int, str]] = []  # slash pairs: (node, node, "X/Y")
    facts = []
    post_counts = _posts_per_name(extractions)
    for extraction in sorted(extractions, key=lambda e: e.post.rel_path):
        post = extraction.post
        path = post.rel_path
        ordered = sorted(extraction.mentions, key=lambda m: (m.start, m.end))
        links = [m for m in ordered if m.source in ("rename", "pair", "titled")]
        mention_ids = [add(_Node(m.text, m.type, m.source, path, m.start)) for m in ordered if m not in links]
        names = [a for a in post.authors if a and a.strip()]
        if names:
            author_ids[path] = [add(_Node(name.strip(), PERSON, "author", path)) for name in names]
        _link_within_post(uf, nodes, mention_ids, post_counts)
        pairs.extend(_link_renames(uf, nodes, mention_ids, links))
        if names:
            # another spelling of an author (the slug a site's authors file spells out) is an alias
            for name, alias in post.author_aliases:
                match = next((i for i, n in zip(author_ids[path], names) if n == name), None)
                if match is not None:
                    uf.union(match, add(_Node(alias, PERSON, "author-alias", path)))
            link_short_to_authors(uf, nodes, mention_ids, author_ids[path], post)  # "Tobin" of author "Tobin Marsh"
        else:
            author_ids[path] = [add(_Node(f"author of {post.title or path}", PERSON, "anonymous-author", path))]
        for fact in extraction.facts:
            sides = []
            for arg in (fact.subject, fact.object):
                if arg.name == AUTHOR:
                    sides.append(author_ids[path][0])
                else:
                    sides.append(_fact_node(uf, nodes, add, mention_ids, arg.name, arg.type, path))
            fact_sides.append((sides[0], sides[1]))
            facts.append(fact)

    _link_across_posts(uf, nodes)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        groups[uf.find(i)].append(i)

    in_fact = {uf.find(i) for pair in fact_sides for i in pair}
    entities: dict[int, Entity] = {}
    for root, members in groups.items():
        group_nodes = [nodes[i] for i in members]
        entity_type = _vote_type(group_nodes)
        if not _keep(group_nodes, root in in_fact):
            continue
        entities[root] = _make_entity(group_nodes, entity_type)
    for a, b, text in pairs:  # "X/Y" is an alias only when X and Y were merged on other evidence
        root = uf.find(a)
        if root == uf.find(b) and root in entities and text not in entities[root].aliases:
            from dataclasses import replace

            entities[root] = replace(entities[root], aliases=tuple(sorted({*entities[root].aliases, text})))
    _assign_ids(entities, groups, nodes)

    resolved = _resolve_facts(facts, fact_sides, uf, entities)
    posts = [
        PostInfo(e.post.rel_path, e.post.title, e.post.date,
                 tuple(dict.fromkeys(entities[uf.find(i)].id for i in author_ids[e.post.rel_path])), e.post.tags)
        for e in sorted(extractions, key=lambda e: e.post.rel_path)
    ]
    return sorted(entities.values(), key=lambda e: e.id), resolved, posts


def _link_renames(uf: UnionFind, nodes: list[_Node], ids: list[int], links) -> list[tuple[int, int, str]]:
    """Merge the two names of each "X (then Y)"; return slash pairs "X/Y" and titled forms "Dr. X"
    as (node, node, text), aliases of the entity once both nodes are in it."""
    at = {nodes[i].start: i for i in ids}
    pairs = []
    for link in links:
        first = at.get(link.start)
        second = next((i for i in ids if link.start < nodes[i].start < link.end), None)
        if link.source == "titled" and second is not None:
            pairs.append((second, second, surface(link.text)))  # "Mrs. Vell": an alias of "Vell"
            continue
        if first is None or second is None:
            continue
        if link.source == "rename":
            uf.union(first, second)
        else:
            pairs.append((first, second, surface(link.text)))
    return pairs


def _posts_per_name(extractions: list[Extraction]) -> Counter:
    """How many posts mention each name (by key)."""
    counts: Counter = Counter()
    for extraction in extractions:
        counts.update({name_key(m.text) for m in extraction.mentions})
    return counts


def _link_within_post(uf: UnionFind, nodes: list[_Node], ids: list[int], post_counts: Counter | None = None) -> None:
    """Short forms of a longer name in the same post.

    An organization's or technology's first (or last) words are its short form
    only when they are not a name of their own: a name that more posts mention
    than the longer one ("Quarrel" in forty posts, "Quarrel CLI" in five) keeps its own entity.
    """
    from blogweave.nlp.lexicon import known_names

    known = known_names()
    post_counts = post_counts if post_counts is not None else Counter()
    prefix_of: set[tuple[str, str]] = set()  # (short key, full key) from an organization or technology
    longer: dict[str, set[str]] = defaultdict(set)  # first word(s) -> full keys of multi-word names
    by_key: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        node = nodes[i]
        words = surface(node.text).split()
        by_key[name_key(node.text)].append(i)
        if len(words) > 1 and node.type in (ORGANIZATION, TECHNOLOGY):
            for n in range(1, len(words)):
                longer[name_key(" ".join(words[:n]))].add(name_key(node.text))
                prefix_of.add((name_key(" ".join(words[:n])), name_key(node.text)))
            if node.type == ORGANIZATION and not _has_legal_suffix(node.text):  # "Navy" of "Eastland Navy",
                longer[name_key(words[-1])].add(name_key(node.text))  # "Dunmere" of "University of Dunmere"
                prefix_of.add((name_key(words[-1]), name_key(node.text)))
        elif len(words) > 1 and node.type == PERSON:  # "Carrow" or "Ivo" after "Ivo Carrow"
            for word in {words[0], words[-1], " ".join(words[-2:]) if len(words) > 2 else words[-1]}:
                longer[name_key(word)].add(name_key(node.text))  # also "Di Vello" of "Ana Di Vello"
    for members in by_key.values():  # one spelling is one thing within a post
        for i in members[1:]:
            uf.union(members[0], i)
    _link_initials(uf, nodes, [by_key[key][0] for key in by_key if nodes[by_key[key][0]].type == PERSON])
    _link_acronyms(uf, nodes, [members[0] for members in by_key.values()])
    for key, members in by_key.items():
        fulls = longer.get(key, set()) - {key}
        if len({uf.find(by_key[full][0]) for full in fulls}) != 1 or surface(nodes[members[0]].text).lower() in known:
            continue
        if any(nodes[i].source == "ruler" for i in members):
            continue
        full = sorted(fulls)[0]
        if (key, full) in prefix_of and post_counts[key] > post_counts[full] or own_name(  # see resolve/labels.py
                (nodes[i].type for i in members), nodes[by_key[full][0]].type, post_counts[key], post_counts[full]):
            continue
        for i in members:
            uf.union(i, by_key[full][0])


def _link_acronyms(uf: UnionFind, nodes: list[_Node], ids: list[int]) -> None:
    """"ERA" and "Eastmoor Rail Authority" in one post: an acronym of exactly one longer name there."""
    for i in ids:
        text = surface(nodes[i].text)
        if nodes[i].type == PERSON or " " in text or not text.isupper():
            continue
        fulls = {uf.find(j) for j in ids if j != i and nodes[j].type == nodes[i].type
                 and " " in surface(nodes[j].text) and is_acronym_of(text, surface(nodes[j].text))}
        if len(fulls) == 1:
            uf.union(i, fulls.pop())


def _link_initials(uf: UnionFind, nodes: list[_Node], ids: list[int]) -> None:
    """Person names of one post that differ only by initials: "J. R. Vance" = "Jo Rhea Vance" = "Jo Vance"."""
    names = [(i, re.findall(r"[\w'-]+", surface(nodes[i].text).lower())) for i in ids]
    names = dict((i, words) for i, words in names if len(words) >= 2)
    agree = lambda a, b: names[a][-1] == names[b][-1] and _initials_agree(names[a][:-1], names[b][:-1])
    partners = {a: {b for b in names if b != a and agree(a, b)} for a in names}
    for a, others in partners.items():
        for b in others:
            group = others | partners[b]
            # "J. Vance" beside "Jo Vance" and "Jules Vance" names neither: every pair of the group must agree.
            if all(x == y or agree(x, y) for x in group for y in group):
                uf.union(a, b)


def _initials_agree(a: list[str], b: list[str]) -> bool:
    """Given names that can be the same: word for word equal or an initial of the other, a middle name
    possibly left out ("jo", "jo r" and "j r" agree; "jo" and "ann" do not)."""
    short, long = sorted((a, b), key=len)
    if not short or short[0][0] != long[0][0]:
        return False
    match = lambda x, y: x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
    if not match(short[0], long[0]):
        return False
    rest = iter(long[1:])
    return all(any(match(w, other) for other in rest) for w in short[1:])


def _fact_node(uf, nodes, add, mention_ids, name: str, arg_type: str, path: str) -> int:
    """The node for a fact argument, linked to a mention of the same name in the post when there is one."""
    index = add(_Node(name, arg_type, "fact", path))
    key = name_key(name)
    for i in mention_ids:
        if name_key(nodes[i].text) == key:
            uf.union(index, i)
            return index
    # "Vell" in a fact, "Oskar Vell" among the mentions: the short form of exactly one longer name
    fulls = {uf.find(i) for i in mention_ids if _is_short_form(name, nodes[i].text)}
    if len(fulls) == 1:
        uf.union(index, fulls.pop())
    return index


def _link_across_posts(uf: UnionFind, nodes: list[_Node]) -> None:
    """The same name in any post is one entity; so are person names differing by a middle initial.

    A lone first or last name ("Lambert") that its post links to a full name
    belongs to that person only; one that stands alone in its post (nothing but
    that name in its group) is the same entity as that name anywhere else.
    """
    keys_of_root: dict[int, set[str]] = defaultdict(set)
    for i, node in enumerate(nodes):
        if node.source != "anonymous-author":
            keys_of_root[uf.find(i)].add(name_key(node.text))
    first_by_key: dict[str, int] = {}
    persons: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.source == "anonymous-author":
            continue
        key = name_key(node.text)
        if not key:
            continue
        if (node.type == PERSON and node.source not in ("author", "fact") and len(surface(node.text).split()) == 1
                and keys_of_root[uf.find(i)] != {key}):
            continue  # "Lambert" of "Ada Lambert" in this post: not every Lambert elsewhere
        if key in first_by_key:
            uf.union(first_by_key[key], i)
        else:
            first_by_key[key] = i
        campus = _campus_short_form(node.text) if node.type == ORGANIZATION else None
        if campus:
            if campus in first_by_key:
                uf.union(first_by_key[campus], i)
            else:
                first_by_key[campus] = i
        if node.type == PERSON and len(person_key(node.text).split()) >= 2:
            pkey = person_key(node.text)
            if pkey in persons:
                uf.union(persons[pkey], i)
            else:
                persons[pkey] = i


def _campus_short_form(text: str) -> str | None:
    """The key of "UV Quellport" for "University of Vexland, Quellport": an institution's initials and its
    campus, the short form a campus of a multi-campus university goes by."""
    head, sep, campus = surface(text).partition(", ")
    if not sep or "," in campus or not 1 <= len(campus.split()) <= 2 or len(head.split()) < 3:
        return None
    initials = "".join(w[0] for w in head.split() if w[:1].isupper())
    return name_key(f"{initials} {campus}") if len(initials) >= 2 else None


def _vote_type(group: list[_Node]) -> str:
    tally: Counter = Counter()
    for node in group:
        weight = WEIGHTS.get(node.source, 8 if node.source == "anonymous-author" else 1)
        tally[node.type] += weight
    best = max(sorted(tally), key=lambda t: tally[t])
    if best == PERSON and any(_organization_named(n.text) for n in group if n.type != PERSON) \
            and not any(n.type == PERSON and len(surface(n.text).split()) > 1 for n in group):
        # "Vexa Corporation" with "Vexa" said by NER to be a person: the full name says what it is
        best = max(sorted(t for t in tally if t != PERSON), key=lambda t: tally[t])
    return best


@lru_cache(maxsize=1)
def _organization_heads() -> frozenset[str]:
    from blogweave.nlp.lexicon import org_suffixes

    return frozenset(w.rstrip(".").replace(".", "") for words in org_suffixes().values() for w in words)


def _organization_named(text: str) -> bool:
    """A name of two or more words with an organization word in it ("Vexa Corporation", "Quell Orchestra")."""
    words = [w.lower().rstrip(".,").replace(".", "") for w in surface(text).split()]
    return len(words) > 1 and any(w in _organization_heads() for w in words)


def _keep(group: list[_Node], in_fact: bool) -> bool:
    if in_fact or any(n.source in CONFIDENT_SOURCES or n.source == "anonymous-author" for n in group):
        return True
    mentions = [n for n in group if n.source in NER_SOURCES]
    if len(mentions) >= 2:
        return True
    if any(_distinctive(n.text) for n in mentions):
        return True
    if any(n.type == PERSON and len(surface(n.text).split()) >= 2 for n in mentions):
        return True
    # A name that is a subject, object or apposition of a verb is rarely noise when it is several words
    # ("the Norvane Rail Authority said") or an acronym ("a contract with ZKT").
    return any(n.source == "ner-clause" and (len(surface(n.text).split()) >= 2 or _acronym(n.text)) for n in mentions)


def _acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.-]*[A-Z]", text.strip()))


def _distinctive(text: str) -> bool:
    """A name no common word looks like: inner capitals ("KindWidget") or a domain ending ("widget.io")."""
    return bool(re.search(r"[a-z][A-Z]", text) or re.search(r"[A-Za-z]\.(ai|io|com|org|net|dev|co)$", text))


def _make_entity(group: list[_Node], entity_type: str) -> Entity:
    anonymous = [n for n in group if n.source == "anonymous-author"]
    forms = Counter(clean_form(surface(n.text)) for n in group if n.source not in ("anonymous-author", "fact", "author-alias"))
    forms = forms or Counter(clean_form(surface(n.text)) for n in group if n.source == "fact")
    if anonymous and not forms:
        label = anonymous[0].text
    else:
        full = label_candidates(forms, entity_type, _is_short_form)
        per_key = Counter()
        for form, count in forms.items():
            per_key[name_key(form)] += count  # "Acme" and "Acme Inc." count together
        label = max(sorted(full), key=lambda f: (per_key[name_key(f)], forms[f], f != f.lower(),
                                                   not _has_legal_suffix(f), len(f)))
    forms.update(clean_form(surface(n.text)) for n in group if n.source in ("fact", "author-alias"))
    aliases = sorted(set(forms) - {label})
    posts = sorted({n.post for n in group})
    mentions = sum(1 for n in group if n.source not in ("fact", "author", "author-alias", "anonymous-author"))
    return Entity(id="", label=label, type=entity_type, aliases=tuple(aliases), posts=tuple(posts), mentions=mentions)


def _has_legal_suffix(text: str) -> bool:
    return name_key(text) != "".join(re.findall(r"[\w+#]+", surface(text).lower()))


def _is_short_form(short: str, long: str) -> bool:
    """True when ``short`` starts or ends ``long`` ("Globex" of "Globex Labs", "Doe" of "Jane Doe"; not of "Globex Inc")."""
    a, b = name_key(short), name_key(long)
    short, long = surface(short).lower(), surface(long).lower()
    return a != b and (long.startswith(short + " ") or long.endswith(" " + short))


def _assign_ids(entities: dict[int, Entity], groups: dict[int, list[int]], nodes: list[_Node]) -> None:
    """Ids from type and name only, so that adding, removing or reordering other posts never changes one.

    Two entities of one type share a slug only when their names differ in what
    the slug drops ("Zoe" and "Zoë"; the same name is one entity). Each then
    gets ``-`` and a short hash of its exact label, except a label written in
    plain ASCII, which keeps the bare slug: an entity's id depends on its own
    label and never on which other entities exist.
    """
    from dataclasses import replace

    by_slug: dict[str, list[int]] = defaultdict(list)
    for root, entity in entities.items():
        anonymous = next((nodes[i] for i in groups[root] if nodes[i].source == "anonymous-author"), None)
        if anonymous is not None and entity.label == anonymous.text:
            slug = "person/author-of-" + slugify(anonymous.post)
        else:
            slug = f"{_TYPE_PREFIX[entity.type]}/{slugify(entity.label)}"
        by_slug[slug].append(root)
    for slug, roots in by_slug.items():
        for root in roots:
            label = entities[root].label
            unique = slug if label.isascii() or slug.startswith("person/author-of-") else f"{slug}-{_label_hash(label)}"
            entities[root] = replace(entities[root], id=unique)
        taken = Counter(entities[r].id for r in roots)
        for root in roots:  # two plain labels with one slug ("C-3" and "C 3"): the hash tells them apart
            if taken[entities[root].id] > 1:
                entities[root] = replace(entities[root], id=f"{slug}-{_label_hash(entities[root].label)}")


def _label_hash(label: str) -> str:
    import hashlib

    return hashlib.sha256(label.encode("utf-8")).hexdigest()[:8]


def _resolve_facts(facts, fact_sides, uf, entities: dict[int, Entity]) -> list[ResolvedFact]:
    grouped: dict[tuple[str, str, str], list[Provenance]] = defaultdict(list)
    for fact, (s, o) in zip(facts, fact_sides):
        subject, obj = entities.get(uf.find(s)), entities.get(uf.find(o))
        if subject is None or obj is None or subject.id == obj.id or fact.predicate not in SIGNATURES:
            continue
        domain, range_ = SIGNATURES[fact.predicate]
        if subject.type not in domain or obj.type not in range_:
            continue
        grouped[(subject.id, fact.predicate, obj.id)].append(Provenance(
            post=fact.post, line=fact.line, evidence=fact.evidence, rule=fact.rule, confidence=fact.confidence,
            start=fact.start, end=fact.end, start_date=fact.start_date, end_date=fact.end_date, role=fact.role,
            amount=fact.amount,
        ))
    resolved = []
    for (s, p, o), provenance in sorted(grouped.items()):
        provenance = sorted(set(provenance), key=lambda pr: (pr.post, pr.start, pr.rule))
        resolved.append(ResolvedFact(s, p, o, combine_confidence(pr.confidence for pr in provenance), tuple(provenance)))
    return resolved
