"""The records that flow between stages: Post, Mention, Fact, Entity, ResolvedFact.

All are frozen dataclasses of plain values, so they pickle (for worker
processes, Dask and the build cache) and compare by value.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

PERSON = "Person"
ORGANIZATION = "Organization"
TECHNOLOGY = "Technology"
ENTITY_TYPES = (PERSON, ORGANIZATION, TECHNOLOGY)

WORKED_AT = "workedAt"
FOUNDED = "founded"
FUNDED_BY = "fundedBy"
DEVELOPED = "developed"
RELATIONS = (WORKED_AT, FOUNDED, FUNDED_BY, DEVELOPED)

#: The entity types each relation admits, (subject types, object types): the rdfs:domain and
#: rdfs:range of its property in ontology/blogweave.ttl (tests/test_ontology.py keeps them equal).
SIGNATURES = {
    WORKED_AT: (frozenset({PERSON}), frozenset({ORGANIZATION})),
    FOUNDED: (frozenset({PERSON, ORGANIZATION}), frozenset({ORGANIZATION, TECHNOLOGY})),
    FUNDED_BY: (frozenset({TECHNOLOGY, ORGANIZATION, PERSON}), frozenset({ORGANIZATION, PERSON})),
    DEVELOPED: (frozenset({PERSON, ORGANIZATION}), frozenset({TECHNOLOGY})),
}

#: The name an extraction rule gives the post's author ("I joined X").
AUTHOR = "@author"

#: spaCy entity labels blogweave works with, and the entity type each maps to.
LABEL_TO_TYPE = {"PERSON": PERSON, "ORG": ORGANIZATION, "TECH": TECHNOLOGY}


@dataclass(frozen=True)
class Post:
    """One source file: its metadata and the prose handed to NLP.

    ``text`` is the prose with markup removed. ``spans`` maps it back to the
    source: each pair ``(text_start, source_start)`` starts a run of text that
    was copied verbatim from that source offset. ``line_starts`` holds the
    source offset at which each line begins.
    """

    rel_path: str
    title: str
    text: str
    date: str | None = None  # ISO 8601 date, "YYYY-MM-DD"
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: (author, organization, source line) from bylines such as "Jane Doe (Acme)"
    affiliations: tuple[tuple[str, str, int], ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    line_starts: tuple[int, ...] = (0,)
    content_hash: str = ""
    #: "post", "draft" or "listing" (a section or index page), from the front matter
    kind: str = "post"
    #: (author name, another spelling of it), e.g. the slug an authors file spells out
    author_aliases: tuple[tuple[str, str], ...] = ()
    #: (kind, start, end) in ``text``: "h1".."h6" for each heading, "quote" for block-quoted text
    regions: tuple[tuple[str, int, int], ...] = ()
    #: The organization the post speaks for (the ``site_owner`` setting), or None
    site_owner: str | None = None
    #: Warnings about the file found while reading it (kept with the extraction, shown by the build)
    notes: tuple[str, ...] = ()

    def source_offset(self, text_offset: int) -> int:
        """The offset in the source file of a character of ``text``."""
        if not self.spans:
            return text_offset
        index = bisect_right(self.spans, (text_offset, float("inf"))) - 1
        if index < 0:
            return self.spans[0][1]
        text_start, source_start = self.spans[index]
        return source_start + (text_offset - text_start)

    def line_of(self, text_offset: int) -> int:
        """The 1-based source line of a character of ``text``."""
        return bisect_right(self.line_starts, self.source_offset(text_offset))


@dataclass(frozen=True)
class Mention:
    """A name found in a post's text, typed Person, Organization or Technology."""

    text: str
    type: str
    start: int  # character offsets into Post.text
    end: int
    # what found or typed it: "ner", "ner-clause", "ruler", "pattern", "context"; link records
    # for resolve: "rename" ("X (then Y)"), "pair" ("X/Y"), "titled" ("Mrs. X")
    source: str = "ner"


@dataclass(frozen=True)
class Arg:
    """One side of an extracted fact: a surface name and its type.

    ``name`` is ``AUTHOR`` for first-person statements ("I joined X").
    """

    name: str
    type: str


@dataclass(frozen=True)
class Fact:
    """One relation stated in one sentence of one post, before resolution."""

    subject: Arg
    predicate: str  # one of RELATIONS
    object: Arg
    post: str  # Post.rel_path
    evidence: str  # the sentence
    start: int  # the sentence's character span in Post.text
    end: int
    line: int  # 1-based source line of the sentence start
    rule: str  # versioned rule id, e.g. "employment.join.v1"
    confidence: float
    start_date: str | None = None  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)
    end_date: str | None = None
    role: str | None = None
    amount: str | None = None  # a grant's amount or name, for fundedBy


@dataclass(frozen=True)
class Extraction:
    """What the per-post stage yields: the post, its mentions and facts, and warnings."""

    post: Post
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One real-world thing after merging its mentions across spellings and posts."""

    id: str  # stable slug, e.g. "organization/acme-labs"; the IRI is derived from it
    label: str
    type: str
    aliases: tuple[str, ...] = ()  # every other surface form, sorted
    posts: tuple[str, ...] = ()  # rel_paths of the posts that mention it, sorted
    mentions: int = 0


@dataclass(frozen=True)
class Provenance:
    """The evidence for a resolved fact from one sentence."""

    post: str
    line: int
    evidence: str
    rule: str
    confidence: float
    start: int = 0
    end: int = 0
    start_date: str | None = None
    end_date: str | None = None
    role: str | None = None
    amount: str | None = None


@dataclass(frozen=True)
class ResolvedFact:
    """A fact between two entities, with every piece of evidence for it."""

    subject: str  # Entity.id
    predicate: str
    object: str  # Entity.id
    confidence: float
    provenance: tuple[Provenance, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PostInfo:
    """A post as it appears in the graph: its path, title, date and author entity ids."""

    rel_path: str
    title: str
    date: str | None
    authors: tuple[str, ...]  # Entity.id of each author
    tags: tuple[str, ...] = ()
