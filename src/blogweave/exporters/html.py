"""The HTML graph: one self-contained page that works from ``file://`` with the network off.

The page is our own template (``blogweave/web/``) with its data built here
as plain JSON, drawn by sigma.js (WebGL) over a graphology graph; both are
vendored in ``blogweave/web/vendor/`` with their MIT licences and inlined
into the page, licence text included. sigma.js replaced vis-network (through
pyvis) because a canvas renderer redraws every node on each frame: at 20,000
nodes the first view took seconds and dimming all but one node's neighbours
meant updating every node. The layout is computed here (``_layout``), so
the browser draws with no physics and the same build gives the same picture.

Text from posts (names, evidence) reaches the page only as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&``
escaped, and the page's script shows it with ``textContent``, never as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import networkx as nx

from blogweave.exporters import atomic_output
from blogweave.exporters._layout import layout
from blogweave.graph.corrections import correction_lines, reject_line
from blogweave.graph.network import POST_PREFIX, fact_edges

#: Colour per node type: stable across builds, from Tableau 10 (colour-blind-safe).
TYPE_COLORS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Technology": "#59a14f",
    "Post": "#9d9d9d",
}
OTHER_COLOR = "#b07aa1"  # a type the schema does not name
#: One muted colour per relation, distinct from the node colours, shown in the legend too.
RELATION_COLORS = {
    "workedAt": "#9c755f",
    "founded": "#e15759",
    "fundedBy": "#b6992d",
    "developed": "#499894",
    "author": "#c9c9c9",
}
RELATION_LABELS = {
    "workedAt": "worked at",
    "founded": "founded",
    "fundedBy": "funded by",
    "developed": "developed",
    "author": "wrote",
}
#: The largest communities get these colours in order (Tableau 20's strong half, then its light
#: half); the others share COMMUNITY_OTHER, so no two colours on screen are hard to tell apart.
COMMUNITY_COLORS = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
]
COMMUNITY_OTHER = "#d0d0d0"
COMMUNITY_NAMES = 3  # members named in a community's legend entry
_VENDOR = {"graphology.umd.min.js": "graphology.LICENSE.txt", "sigma.min.js": "sigma.LICENSE.txt"}  # script: licence
_SCRIPTS = ("panel.js", "graph.js")  # our page script: the facts panel, then the graph view
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
    data = to_page_data(graph, content_prefix)
    web = resources.files("blogweave") / "web"
    pieces = {
        "CSS": (web / "graph.css").read_text(encoding="utf-8"),
        "JS": "\n".join(_script_safe((web / name).read_text(encoding="utf-8")) for name in _SCRIPTS),
        "VENDOR": vendored_js(),
        "DATA": json_for_script(data),
        "TITLE": _html_text(graph.graph.get("title") or "blogweave graph"),
    }
    # The page's CSP runs only these two scripts (by hash), so no injected script could run even
    # if some text escaped into the markup.
    pieces["SCRIPT_HASHES"] = " ".join(_csp_hash(pieces[k]) for k in ("VENDOR", "JS"))
    template = (web / "page.html").read_text(encoding="utf-8")
    # One pass over the template only: inserted text is never scanned for markers.
    return _MARKER.sub(lambda m: pieces[m.group(1)], template)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def vendored_js() -> str:
    """graphology and sigma.js, each after its licence in a comment, safe to inline in a <script>."""
    vendor = resources.files("blogweave") / "web" / "vendor"
    parts = []
    for name, licence in _VENDOR.items():
        text = (vendor / licence).read_text(encoding="utf-8").replace("*/", "* /")
        parts.append(f"/*! {name} (vendored; see blogweave/web/vendor/README.md)\n{text}*/")
        parts.append(_script_safe((vendor / name).read_text(encoding="utf-8")))
    return "\n".join(parts)


def _script_safe(js: str) -> str:
    # "</script" or "<!--" inside an inlined script would end or confuse it; "<\\/" means the
    # same as "</" in JS strings and regular expressions (neither library holds one; a guard).
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def json_for_script(data) -> str:
    """JSON that is safe inside a <script> element: no "</script>", "<!--" or "]]>" can form."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _html_text(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_page_data(graph: nx.MultiDiGraph, content_prefix: str = "../content/") -> dict:
    """The page's data: nodes with positions, edges, facts with evidence, posts, and the legends."""
    positions = layout(graph)
    degree = _fact_degree(graph)
    posts, nodes, ids = {}, [], set()
    for node, d in graph.nodes(data=True):
        kind = d.get("kind")
        if kind not in ("entity", "post"):
            continue
        ids.add(node)
        x, y = positions.get(node, (0.0, 0.0))
        item = {"id": node, "name": str(d.get("label") or node), "x": round(x, 1), "y": round(y, 1)}
        if kind == "post":
            rel = d.get("source_path") or node[len(POST_PREFIX):]
            posts[node] = {"path": rel, "title": d.get("label") or rel, "date": d.get("date") or "",
                           "href": post_href(content_prefix, rel)}
            item.update(type="Post", size=3)
        else:
            item.update(type=str(d.get("type") or "Other"), size=round(min(4 + 2 * math.sqrt(degree.get(node, 0)), 18), 1),
                        degree=degree.get(node, 0), posts=[POST_PREFIX + p for p in d.get("posts") or []])
            if d.get("community") is not None:
                item["community"] = int(d["community"])
            if not degree.get(node):
                item["isolated"] = True
            # the blogweave.toml lines a user would paste to correct it, and the curation that changed it
            item["correct"] = correction_lines(graph, node)
            if d.get("curation"):
                item["curation"] = [str(c) for c in d["curation"]]
        if d.get("aliases"):
            item["aliases"] = [str(a) for a in d["aliases"]]
        if d.get("iri"):
            item["iri"] = str(d["iri"])
        nodes.append(item)

    edges, facts = [], []
    pair_count: dict[tuple, int] = defaultdict(int)
    for index, (u, v, d) in enumerate(graph.edges(data=True)):
        if u not in ids or v not in ids:
            continue
        predicate = d.get("predicate", "")
        edge = {"id": f"e{index}", "from": u, "to": v, "predicate": predicate}
        pair = (min(u, v), max(u, v))
        if pair_count[pair]:  # parallel edges curve apart instead of drawing over each other
            edge["curve"] = round(0.25 * ((pair_count[pair] + 1) // 2) * (1 if pair_count[pair] % 2 else -1), 2)
        pair_count[pair] += 1
        edges.append(edge)
        if predicate != "author":
            evidence = [{k: v for k, v in e.items() if k not in ("start", "end")}
                        for e in d.get("evidence") or [] if isinstance(e, dict)]
            facts.append({"edge": edge["id"], "from": u, "to": v, "predicate": predicate,
                          "confidence": d.get("confidence"), "evidence": evidence,
                          "reject": reject_line(graph, u, predicate, v)})
    return {"meta": _meta(graph, nodes, edges, facts, content_prefix), "nodes": nodes, "edges": edges,
            "facts": facts, "posts": posts}


def _meta(graph, nodes: list, edges: list, facts: list, content_prefix: str) -> dict:
    present = {e["predicate"] for e in edges}
    relations = [r for r in RELATION_LABELS if r in present] + sorted(present - set(RELATION_LABELS))
    type_counts: dict = defaultdict(int)
    for n in nodes:
        type_counts[n["type"]] += 1
    return {
        "built_with": str(graph.graph.get("built_with", "")),
        # Entities no fact mentions crowd the picture; they start hidden unless nothing else is there.
        "isolated": {"count": sum(1 for n in nodes if n.get("isolated")), "shown": not facts},
        "content_prefix": content_prefix,
        "types": [{"name": t, "color": TYPE_COLORS.get(t, OTHER_COLOR), "count": type_counts.get(t, 0),
                   "shown": t != "Post"} for t in [*TYPE_COLORS, *sorted(set(type_counts) - set(TYPE_COLORS))]],
        "relations": [{"name": r, "label": RELATION_LABELS.get(r, r), "color": RELATION_COLORS.get(r, "#a8b0b8"),
                       "shown": True} for r in relations],
        "communities": _communities(nodes),
        "community_other": COMMUNITY_OTHER,
    }


def _communities(nodes: list) -> list:
    """The legend of the coloured communities: number, colour, size and its best-connected members."""
    members: dict = defaultdict(list)
    for n in nodes:
        if "community" in n and not n.get("isolated"):
            members[n["community"]].append(n)
    legend = []
    for number in sorted(members, key=lambda c: (-len(members[c]), c))[: len(COMMUNITY_COLORS)]:
        if len(members[number]) < 3:  # a pair is not a community worth a colour
            break
        top = sorted(members[number], key=lambda n: (-n["degree"], n["name"]))[:COMMUNITY_NAMES]
        legend.append({"id": number, "color": COMMUNITY_COLORS[len(legend)], "count": len(members[number]),
                       "names": [n["name"] for n in top]})
    return legend


def _fact_degree(graph: nx.MultiDiGraph) -> dict:
    degree: dict = defaultdict(int)
    for u, v, _ in fact_edges(graph):
        degree[u] += 1
        degree[v] += 1
    return degree
