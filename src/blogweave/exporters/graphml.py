"""GraphML (yEd, Cytoscape, Gephi, igraph) and GEXF (Gephi), both written by networkx.

Neither format holds lists or nested records, and networkx's writers reject
them (and ``None``), so attributes are flattened first (``_attrs.flat_attrs``):
lists of names become one "; "-joined string, the evidence records one JSON
string. Fact edges also get ``label`` (the relation, which Gephi and yEd show)
and their qualifiers (start_date, end_date, role, amount) as plain columns,
so a user can filter on them without parsing JSON.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from blogweave.exporters import atomic_output
from blogweave.exporters._attrs import fact_qualifiers, flat_attrs


def to_flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose every attribute value is a string, number or bool."""
    flat = nx.MultiDiGraph(**flat_attrs(graph.graph))
    for name, data in graph.nodes(data=True):
        flat.add_node(name, **flat_attrs(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = dict(data)
        attrs.setdefault("label", data.get("predicate", key))
        if data.get("evidence"):
            attrs.update(fact_qualifiers(data["evidence"]))
            attrs["evidence_count"] = len(data["evidence"])
        flat.add_edge(source, target, key=key, **flat_attrs(attrs))
    return flat


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    flat = to_flat_graph(graph)
    with atomic_output(path) as tmp:
        nx.write_graphml(flat, tmp, encoding="utf-8", prettyprint=True)


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    """GEXF without the ``lastmodifieddate`` networkx stamps with today's date: the same graph, the same bytes."""
    flat = to_flat_graph(graph)
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("<?xml version='1.0' encoding='utf-8'?>\n")
            for line in nx.generate_gexf(flat, encoding="utf-8", prettyprint=True, version="1.2draft"):
                if line.lstrip().startswith("<meta "):
                    line = re.sub(r'\s+lastmodifieddate="[^"]*"', "", line)
                handle.write(line + "\n")


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """The flattened graph back (list attributes stay joined strings)."""
    return nx.read_graphml(path, force_multigraph=True)
