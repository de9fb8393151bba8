"""What the Python API hands back: the networkx graph of a build, and its entities and facts as records.

``blogweave.build`` and ``blogweave.load`` both return a ``KnowledgeGraph``
made from the same networkx graph (``blogweave.graph.network``), so a graph
read back from a build folder looks exactly like the one just built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from blogweave.graph.network import entity_nodes, fact_edges


@dataclass(frozen=True)
class EntityRecord:
    """One entity node: ``id`` is its node id in ``graph``, ``iri`` its RDF IRI."""

    id: str
    name: str
    type: str  # Person, Organization or Technology
    aliases: tuple[str, ...]
    posts: tuple[str, ...]  # source paths below the content folder
    mentions: int
    iri: str


@dataclass(frozen=True)
class FactRecord:
    """One fact edge: subject and object are entity ids; ``evidence`` one dict per supporting sentence."""

    subject: str
    predicate: str  # workedAt, founded, fundedBy or developed
    object: str
    confidence: float
    evidence: tuple[dict, ...]
    iri: str


@dataclass(frozen=True)
class KnowledgeGraph:
    """A build: ``graph`` (networkx MultiDiGraph), where it was written, and (after ``build``) its report."""

    graph: nx.MultiDiGraph
    out_dir: Path
    report: Any = field(default=None, compare=False)  # blogweave.pipeline.report.BuildReport, or None after load

    @property
    def entities(self) -> list[EntityRecord]:
        return [
            EntityRecord(node, d.get("label", node), d.get("type", ""), tuple(d.get("aliases") or ()),
                         tuple(d.get("posts") or ()), int(d.get("mentions") or 0), d.get("iri", ""))
            for node, d in sorted(entity_nodes(self.graph))
        ]

    @property
    def facts(self) -> list[FactRecord]:
        return sorted(
            (FactRecord(u, d["predicate"], v, float(d.get("confidence", 0.0)), tuple(d.get("evidence") or ()),
                        d.get("iri", ""))
             for u, v, d in fact_edges(self.graph)),
            key=lambda f: (f.subject, f.predicate, f.object),
        )

    def entity(self, name: str, entity_type: str | None = None) -> list[EntityRecord]:
        """The entities called ``name`` (name, alias or IRI; case ignored), of ``entity_type`` when given."""
        from blogweave.graph.explain import find_entities

        wanted = set(find_entities(self.graph, name, entity_type))
        return [e for e in self.entities if e.id in wanted]
