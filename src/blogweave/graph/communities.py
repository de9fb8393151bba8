"""Communities of the fact graph: groups of entities more connected to each other than to the rest.

Computed once at build time with igraph's Leiden algorithm (modularity
objective) on the undirected fact graph, seeded so a build is reproducible,
and stored as the ``community`` attribute of every entity node; every
exporter then carries it (RDF as ``bw:community``). Communities are numbered
0, 1, 2, ... from the largest; ties go to the community holding the smallest
entity id, and an entity without facts is a community of its own. The numbers
mean something only within one build.
"""

from __future__ import annotations

import random

import networkx as nx

SEED = 20240607


def find_communities(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Community number per node, for an undirected graph given as nodes and edges (ids)."""
    if not nodes:
        return {}
    import igraph

    order = sorted(set(nodes))
    index = {n: i for i, n in enumerate(order)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in edges if u != v})
    g = igraph.Graph(n=len(order), edges=pairs)
    # igraph draws its random numbers from one process-wide generator; give it a seeded one for
    # the call and put the default back, so the result depends only on the graph.
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        membership = g.community_leiden(objective_function="modularity", n_iterations=-1).membership
    finally:
        igraph.set_random_number_generator(random)
    groups: dict[int, list[str]] = {}
    for node, group in zip(order, membership):
        groups.setdefault(group, []).append(node)
    ranked = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    return {node: number for number, members in enumerate(ranked) for node in members}


def add_communities(graph: nx.MultiDiGraph) -> None:
    """Set ``community`` (int) on every entity node of a blogweave graph, from its fact edges."""
    entities = [n for n, d in graph.nodes(data=True) if d.get("kind") == "entity"]
    facts = [(u, v) for u, v, d in graph.edges(data=True) if d.get("predicate") != "author"]
    for node, number in find_communities(entities, facts).items():
        graph.nodes[node]["community"] = number
