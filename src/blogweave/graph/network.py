"""The networkx graph every exporter reads: entities, posts, and facts with evidence.

Schema (exporters rely on it; ``tests/test_graph.py`` keeps it honest):

* graph attributes: ``base_iri`` (str), ``built_with`` (str, e.g. "blogweave 0.1.0").
* entity nodes, keyed by ``Entity.id`` ("organization/acme-labs"): ``kind="entity"``,
  ``type`` (Person | Organization | Technology), ``label``, ``aliases`` (list),
  ``posts`` (list of rel_paths), ``mentions`` (int), ``iri``, ``community`` (int, see
  ``graph.communities``).
* post nodes, keyed by ``"post/" + rel_path``: ``kind="post"``, ``type="Post"``,
  ``label`` (title), ``source_path`` (rel_path), ``date`` (ISO or ""), ``tags``
  (list), ``iri``.
* fact edges between entity nodes, key = predicate: ``predicate`` (workedAt,
  founded, fundedBy, developed), ``confidence`` (float), ``evidence`` (list of
  dicts with the fields of ``models.Provenance``; ``None`` values dropped),
  ``iri`` (the fact's provenance node).
* author edges from a post node to a Person node, key "author": ``predicate="author"``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict
from urllib.parse import quote

import networkx as nx

from blogweave.graph.communities import add_communities
from blogweave.models import Entity, PostInfo, ResolvedFact

POST_PREFIX = "post/"


def entity_iri(base_iri: str, entity_id: str) -> str:
    """A stable IRI for an entity id: the id is a slug, so it only needs quoting."""
    return base_iri + quote(entity_id, safe="/-_.~")


def post_iri(base_iri: str, rel_path: str) -> str:
    return base_iri + "post/" + quote(rel_path.encode("utf-8", "surrogateescape"), safe="/-_.~")


def fact_iri(base_iri: str, subject: str, predicate: str, obj: str) -> str:
    """The fact's provenance node: a hash of subject, predicate and object, stable across builds."""
    digest = hashlib.sha1(f"{subject}\t{predicate}\t{obj}".encode()).hexdigest()[:16]
    return f"{base_iri}fact/{digest}"


def build_graph(
    entities: Iterable[Entity],
    facts: Iterable[ResolvedFact],
    posts: Iterable[PostInfo],
    base_iri: str,
    built_with: str = "",
) -> nx.MultiDiGraph:
    """Assemble the graph; nodes and edges are added in sorted order so output is deterministic."""
    graph = nx.MultiDiGraph(base_iri=base_iri, built_with=built_with)
    for entity in sorted(entities, key=lambda e: e.id):
        graph.add_node(
            entity.id,
            kind="entity",
            type=entity.type,
            label=entity.label,
            aliases=list(entity.aliases),
            posts=list(entity.posts),
            mentions=entity.mentions,
            iri=entity_iri(base_iri, entity.id),
        )
    for post in sorted(posts, key=lambda p: p.rel_path):
        node = POST_PREFIX + post.rel_path
        graph.add_node(
            node,
            kind="post",
            type="Post",
            label=post.title,
            source_path=post.rel_path,
            date=post.date or "",
            tags=list(post.tags),
            iri=post_iri(base_iri, post.rel_path),
        )
        for author in post.authors:
            if author in graph:
                graph.add_edge(node, author, key="author", predicate="author")
    for fact in sorted(facts, key=lambda f: (f.subject, f.predicate, f.object)):
        if fact.subject not in graph or fact.object not in graph:
            continue
        evidence = [
            {k: v for k, v in asdict(p).items() if v is not None}
            for p in sorted(fact.provenance, key=lambda p: (p.post, p.line, p.rule))
        ]
        graph.add_edge(
            fact.subject,
            fact.object,
            key=fact.predicate,
            predicate=fact.predicate,
            confidence=round(fact.confidence, 4),
            evidence=evidence,
            iri=fact_iri(base_iri, fact.subject, fact.predicate, fact.object),
        )
    add_communities(graph)
    return graph


def entity_nodes(graph: nx.MultiDiGraph):
    """(node, data) for every entity node."""
    return ((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == "entity")


def fact_edges(graph: nx.MultiDiGraph):
    """(subject, object, data) for every fact edge (author edges left out)."""
    return ((u, v, d) for u, v, d in graph.edges(data=True) if d.get("predicate") != "author")
