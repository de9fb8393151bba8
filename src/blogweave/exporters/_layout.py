"""Pixel positions for the HTML graph: igraph's Fruchterman-Reingold per connected component, packed in rows.

The browser draws these positions as they are (no physics), so a graph of
20,000 nodes is drawn at once and the same build always gives the same picture.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

import networkx as nx

from blogweave.graph.network import entity_nodes, fact_edges

EDGE_LENGTH = 170.0  # target median edge length, in layout units
GAP = 120.0  # space between packed components
SEED = 20240607


def layout(graph: nx.MultiDiGraph) -> dict:
    """Pixel positions for every entity and post node, deterministic for a given graph.

    Entities are laid out per connected component of the fact graph (igraph's
    grid Fruchterman-Reingold, seeded), scaled to a common edge length, then
    packed in rows, largest first. Posts sit in a small ring around their
    first author, so showing them does not disturb the entity layout.
    """
    simple = nx.Graph()
    simple.add_nodes_from(n for n, _ in entity_nodes(graph))
    simple.add_edges_from((u, v) for u, v, _ in fact_edges(graph) if u != v)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    placed = [(_component_layout(simple, nodes), _label_width(graph, nodes)) for nodes in components]
    # Connected components first, packed on their own so that hundreds of fact-less entities
    # (hidden by default) do not stretch them into one long row; the lone nodes go below.
    groups = [p for p in placed if len(p[0]) > 1], [p for p in placed if len(p[0]) == 1]
    positions: dict = {}
    for group in groups:
        if group:
            top = max((y for _, y in positions.values()), default=-GAP) + GAP
            positions.update({n: (x, y + top) for n, (x, y) in _pack(group).items()})
    _place_posts(graph, positions)
    return positions


def _label_width(graph: nx.MultiDiGraph, nodes: list) -> float:
    """About how wide a lone node's label is drawn (two lines of up to 24 characters)."""
    if len(nodes) != 1:
        return 0.0
    return 7.5 * min(len(str(graph.nodes[nodes[0]].get("label") or nodes[0])), 24)


def _component_layout(simple: nx.Graph, nodes: list) -> dict:
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (0.0, 0.0), nodes[1]: (EDGE_LENGTH, 0.0)}
    import igraph

    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in simple.subgraph(nodes).edges()]
    g = igraph.Graph(n=len(nodes), edges=edges)
    rng = random.Random(SEED + len(nodes))
    # Start spread over a square of side sqrt(n), as igraph itself does: its grid variant only
    # saves time when the nodes are not all in one grid cell.
    half = math.sqrt(len(nodes)) / 2
    seed = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in nodes]
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        coords = g.layout_fruchterman_reingold(seed=seed, niter=500, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in edges) or [1.0]
    scale = EDGE_LENGTH / max(lengths[len(lengths) // 2], 1e-9)
    return {n: (coords[i][0] * scale, coords[i][1] * scale) for n, i in index.items()}


def _pack(placed: list[dict]) -> dict:
    """Shelf packing: components left to right in rows of a roughly square total width."""
    boxes = []
    for pos, label_width in placed:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((min(xs), min(ys), max(max(xs) - min(xs), label_width) + GAP, max(ys) - min(ys) + GAP))
    area = sum(w * h for *_, w, h in boxes)
    width = max([math.sqrt(area) * 1.3] + [w for *_, w, _ in boxes])
    positions, x, y, row_height = {}, 0.0, 0.0, 0.0
    for (pos, _), (x0, y0, w, h) in zip(placed, boxes):
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            positions[node] = (x + px - x0, y + py - y0)
        x += w
        row_height = max(row_height, h)
    return positions


def _place_posts(graph: nx.MultiDiGraph, positions: dict) -> None:
    around: dict = defaultdict(list)
    orphans = []
    for node, d in graph.nodes(data=True):
        if d.get("kind") != "post":
            continue
        authors = sorted(v for _, v, k in graph.out_edges(node, keys=True) if k == "author" and v in positions)
        (around[authors[0]] if authors else orphans).append(node)
    for author, nodes in around.items():
        ax, ay = positions[author]
        radius = 55 + 4 * len(nodes)
        for i, node in enumerate(sorted(nodes)):
            angle = 2 * math.pi * i / len(nodes) + 0.4
            positions[node] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
    if orphans:
        bottom = max((p[1] for p in positions.values()), default=0.0) + GAP
        columns = max(1, int(math.sqrt(len(orphans))))
        for i, node in enumerate(sorted(orphans)):
            positions[node] = ((i % columns) * EDGE_LENGTH, bottom + (i // columns) * 60.0)
