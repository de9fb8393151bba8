"""The HTML graph: one self-contained page that works from ``file://`` with the network off.

pyvis builds the vis-network nodes and edges; the page itself is our own
template (``blogweave/web/``), because pyvis 0.3.2's template links Bootstrap
and tom-select from a CDN. vis-network's JavaScript is inlined from the
installed pyvis package, licence header included. The layout is computed here
(igraph's Fruchterman-Reingold per connected component, components packed in
rows), so the browser draws with physics off and a 5,000-node graph is usable
at once.

Text from posts (names, evidence) reaches the page only as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&``
escaped, and the page's script shows it with ``textContent``, never as HTML.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import networkx as nx

from blogweave.errors import ExportError
from blogweave.exporters import atomic_output
from blogweave.graph.network import POST_PREFIX, entity_nodes, fact_edges

#: Colour and shape per node type: stable across builds, colour-blind-safe (Tableau 10).
STYLES = {
    "Person": {"color": "#4e79a7", "shape": "dot"},
    "Organization": {"color": "#f28e2b", "shape": "diamond"},
    "Technology": {"color": "#59a14f", "shape": "triangle"},
    "Post": {"color": "#9d9d9d", "shape": "square"},
}
OTHER_STYLE = {"color": "#bab0ac", "shape": "hexagon"}  # a type the schema does not name
#: One muted colour per relation, distinct from the node colours, shown in the legend too.
RELATION_COLORS = {
    "workedAt": "#9c755f",
    "founded": "#e15759",
    "fundedBy": "#b6992d",
    "developed": "#499894",
    "author": "#bab0ac",
}
RELATION_LABELS = {
    "workedAt": "worked at",
    "founded": "founded",
    "fundedBy": "funded by",
    "developed": "developed",
    "author": "wrote",
}
EDGE_LENGTH = 170.0  # target median edge length in pixels
GAP = 120.0  # space between packed components
MAX_EVIDENCE_IN_TOOLTIP = 3
MAX_TOOLTIP_SENTENCE = 280
SEED = 20240607
_VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")
_MARKER = re.compile(r"/\*BW:(\w+)\*/")


def write_html(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write the interactive graph page to ``path`` (atomically)."""
    path = Path(path)
    page = render_html(graph, content_prefix=content_prefix(graph, path.parent))
    with atomic_output(path) as tmp:
        tmp.write_text(page, encoding="utf-8")


def content_prefix(graph: nx.MultiDiGraph, out_dir: Path) -> str:
    """The relative URL from the page's folder to the content folder, ending in "/".

    ``graph.graph["content_dir"]`` may be absolute (made relative to ``out_dir``)
    or relative to ``out_dir``; without it the page assumes ``output/`` sits
    beside ``content/``.
    """
    content = graph.graph.get("content_dir")
    if not content:
        rel = "../content"
    elif os.path.isabs(content):
        rel = os.path.relpath(content, Path(out_dir).resolve())
    else:
        rel = str(content)
    rel = PurePosixPath(rel.replace(os.sep, "/")).as_posix().lstrip("/")
    return "" if rel in ("", ".") else quote(rel, safe="/.-_~") + "/"


def post_href(prefix: str, rel_path: str) -> str | None:
    """A relative link to a post; None for anything that is not a plain relative path."""
    parts = [p for p in str(rel_path).replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return prefix + "/".join(quote(p, safe="-_.~") for p in parts)


def render_html(graph: nx.MultiDiGraph, content_prefix: str = "../content/") -> str:
    """The whole page as a string."""
    data = to_vis_data(graph, content_prefix)
    web = resources.files("blogweave") / "web"
    pieces = {
        "CSS": (web / "graph.css").read_text(encoding="utf-8"),
        "JS": (web / "graph.js").read_text(encoding="utf-8"),
        "VIS": _vis_network_js(),
        "DATA": json_for_script(data),
        "TITLE": _html_text(graph.graph.get("title") or "blogweave graph"),
    }
    template = (web / "page.html").read_text(encoding="utf-8")
    # One pass over the template only: inserted text is never scanned for markers.
    return _MARKER.sub(lambda m: pieces[m.group(1)], template)


def json_for_script(data) -> str:
    """JSON that is safe inside a <script> element: no "</script>", "<!--" or "]]>" can form."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _html_text(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vis_network_js() -> str:
    """vis-network 9.1.2 as shipped inside pyvis (dual Apache-2.0/MIT; its licence header is kept)."""
    import pyvis

    path = Path(pyvis.__file__).parent.joinpath(*_VIS_JS)
    try:
        js = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ExportError(f"vis-network is missing from the installed pyvis ({path}); "
                          "reinstall pyvis>=0.3.2,<0.4") from err
    # "</script" or "<!--" inside the inlined script would end or confuse it; "<\\/" means the
    # same as "</" in JS strings and regular expressions (9.1.2 holds neither; this is a guard).
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def to_vis_data(graph: nx.MultiDiGraph, content_prefix: str = "../content/") -> dict:
    """The page's data: vis-network nodes and edges (built with pyvis), facts, posts and legend."""
    from pyvis.network import Network

    net = Network(directed=True)
    net.node_ids = _IdList()  # pyvis checks membership in a list for every node and edge
    positions = layout(graph)
    degree = _fact_degree(graph)

    posts = {}
    for node, d in graph.nodes(data=True):
        if d.get("kind") == "post":
            rel = d.get("source_path") or node[len(POST_PREFIX):]
            posts[node] = {"path": rel, "title": d.get("label") or rel, "date": d.get("date") or "",
                           "href": post_href(content_prefix, rel)}

    for node, d in graph.nodes(data=True):
        kind = d.get("kind")
        if kind not in ("entity", "post"):
            continue
        ntype = d.get("type") if kind == "entity" else "Post"
        ntype = str(ntype or "Other")
        style = STYLES.get(ntype, OTHER_STYLE)
        label = str(d.get("label") or node)
        aliases = [str(a) for a in d.get("aliases") or []]
        x, y = positions.get(node, (0.0, 0.0))
        extra = {"aliases": aliases} if aliases else {}
        if kind == "entity":
            extra["posts"] = [POST_PREFIX + p for p in d.get("posts") or []]
            size = 8 + 4 * math.sqrt(degree.get(node, 0))
        else:
            size = 7
        if kind == "entity" and not degree.get(node):
            extra["isolated"] = True
        net.add_node(
            node, label=_wrap(_short(label, 48), 22), shape=style["shape"], color=style["color"],
            size=round(min(size, 44), 1), x=round(x, 1), y=round(y, 1), title=_node_title(node, d, label, ntype, degree),
            type=ntype, name=label, **extra,
        )

    facts = []
    pair_count: dict[tuple, int] = defaultdict(int)
    for index, (u, v, d) in enumerate(graph.edges(data=True)):
        if u not in net.node_map or v not in net.node_map:
            continue
        predicate = d.get("predicate", "")
        edge_id = f"e{index}"
        pair = (min(u, v), max(u, v))
        nth = pair_count[pair]
        pair_count[pair] += 1
        options = {}
        if nth:  # parallel edges curve apart instead of drawing over each other
            options["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                                 "roundness": 0.2 * ((nth + 1) // 2)}
        evidence = [{k: v for k, v in e.items() if k not in ("start", "end")}
                    for e in d.get("evidence") or [] if isinstance(e, dict)]
        color = RELATION_COLORS.get(predicate, "#a8b0b8")
        options["color"] = {"color": color}  # highlight and hover come from the global edge options
        net.add_edge(u, v, id=edge_id, label=RELATION_LABELS.get(predicate, predicate), predicate=predicate,
                     title=_edge_title(graph, u, v, predicate, d, evidence), **options)
        if predicate != "author":
            facts.append({"edge": edge_id, "from": u, "to": v, "predicate": predicate,
                          "confidence": d.get("confidence"), "evidence": evidence})

    present = {e["predicate"] for e in net.edges}
    relations = [r for r in RELATION_LABELS if r in present] + sorted(present - set(RELATION_LABELS))
    type_counts = defaultdict(int)
    for n in net.nodes:
        type_counts[n["type"]] += 1
    isolated = sum(1 for n in net.nodes if n.get("isolated"))
    return {
        "meta": {
            "built_with": str(graph.graph.get("built_with", "")),
            # Entities no fact mentions crowd the picture; they start hidden unless nothing else is there.
            "isolated": {"count": isolated, "shown": not facts},
            "content_prefix": content_prefix,
            "types": [{"name": t, **STYLES.get(t, OTHER_STYLE), "count": type_counts.get(t, 0), "shown": t != "Post"}
                      for t in [*STYLES, *sorted(set(type_counts) - set(STYLES))]],
            "relations": [{"name": r, "label": RELATION_LABELS.get(r, r), "color": RELATION_COLORS.get(r, "#a8b0b8"),
                           "shown": True} for r in relations],
        },
        "nodes": net.nodes,
        "edges": net.edges,
        "facts": facts,
        "posts": posts,
        "options": _vis_options(len(net.nodes)),
    }


class _IdList(list):
    """A list with set-speed membership tests, so pyvis's add_node/add_edge stay linear overall."""

    def __init__(self):
        super().__init__()
        self._set = set()

    def append(self, item):
        super().append(item)
        self._set.add(item)

    def __contains__(self, item):
        return item in self._set


def _vis_options(n_nodes: int) -> dict:
    big = n_nodes > 800
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 16, "face": "system-ui, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a8b0b8", "highlight": "#222222", "hover": "#222222", "inherit": False},
            "font": {"size": 11, "color": "#666666", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 7}},
        },
    }


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, width: int) -> str:
    """Break a long label into at most two lines at a space near the middle."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _fact_degree(graph: nx.MultiDiGraph) -> dict:
    degree: dict = defaultdict(int)
    for u, v, _ in fact_edges(graph):
        degree[u] += 1
        degree[v] += 1
    return degree


def _node_title(node, d, label: str, ntype: str, degree: dict) -> str:
    lines = [f"{label} ({ntype})"]
    if d.get("aliases"):
        lines.append("also: " + _short(", ".join(map(str, d["aliases"])), 200))
    if d.get("kind") == "entity":
        lines.append(f"{_count(degree.get(node, 0), 'fact')}, {_count(len(d.get('posts') or []), 'post')}; "
                     "click for evidence")
    else:
        lines.append(str(d.get("source_path", "")) + (f", {d['date']}" if d.get("date") else ""))
    return "\n".join(lines)


def _edge_title(graph, u, v, predicate: str, d: dict, evidence: list) -> str:
    name = lambda n: str(graph.nodes[n].get("label") or n)  # noqa: E731
    head = f"{name(u)} \u2192 {RELATION_LABELS.get(predicate, predicate)} \u2192 {name(v)}"
    if predicate == "author":
        return head
    lines = [f"{head} (confidence {d.get('confidence', '?')})"]
    for e in evidence[:MAX_EVIDENCE_IN_TOOLTIP]:
        lines.append(f"\u201c{_short(e.get('evidence', ''), MAX_TOOLTIP_SENTENCE)}\u201d")
        lines.append(f"    {e.get('post', '?')}:{e.get('line', '?')}  [{e.get('rule', '')}]")
    if len(evidence) > MAX_EVIDENCE_IN_TOOLTIP:
        lines.append(f"\u2026 and {len(evidence) - MAX_EVIDENCE_IN_TOOLTIP} more (click a node for all)")
    return "\n".join(lines)


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
