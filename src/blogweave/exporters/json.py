"""JSON exports: networkx node-link JSON (D3, and the round trip blogweave reads back) and Cytoscape.js JSON."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from blogweave.errors import BlogweaveError
from blogweave.exporters import atomic_output
from blogweave.exporters._attrs import flat_attrs


def _dump(data, path: Path) -> None:
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.write("\n")


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    """node-link data with explicit "edges" and "key" names (networkx's future defaults)."""
    return nx.node_link_data(graph, edges="edges")


def write_json(graph: nx.MultiDiGraph, path: Path) -> None:
    """networkx node-link JSON; lists, evidence dicts and edge keys are kept as they are."""
    _dump(to_node_link(graph), path)


def read_json(path: Path) -> nx.MultiDiGraph:
    """The graph ``write_json`` wrote, restored exactly (attributes, list values, edge keys, order)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except OSError as err:
        raise BlogweaveError(f"cannot read graph {path}: {err.strerror or err}") from err
    except (ValueError, KeyError, TypeError) as err:
        raise BlogweaveError(f"{path} is not a blogweave node-link graph: {err}") from err
    return graph


def to_cytoscape(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON (the shape Cytoscape desktop also imports as .cyjs).

    Every edge gets an ``id`` (fact edges: their provenance IRI; author edges:
    ``author:<post>:<person>``), since parallel edges need distinct ids;
    ``interaction`` names the relation, as Cytoscape desktop expects. Nodes
    also carry ``value`` (their id) and the top level ``directed`` and
    ``multigraph``, which networkx's ``cytoscape_graph`` reader needs.
    """
    nodes = []
    for name, data in graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if v is not None}
        nodes.append({"data": {**attrs, "id": name, "value": name, "name": data.get("label", name)}})
    edges = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = {k: v for k, v in data.items() if v is not None}
        edge_id = data.get("iri") or f"{key}:{source}:{target}"
        edges.append(
            {"data": {**attrs, "id": edge_id, "source": source, "target": target, "key": key, "interaction": key}}
        )
    return {
        "format_version": "1.0",
        "generated_by": graph.graph.get("built_with") or "blogweave",
        "target_cytoscapejs_version": "~3",
        "data": flat_attrs(graph.graph),
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(graph: nx.MultiDiGraph, path: Path) -> None:
    _dump(to_cytoscape(graph), path)
