"""``blogweave explain NAME``: every fact about one entity, with the evidence behind it."""

from __future__ import annotations

import difflib

from blogweave.errors import BlogweaveError
from blogweave.graph.network import entity_nodes, fact_edges
from blogweave.names import normalize_name

QUALIFIERS = (("start_date", "from"), ("end_date", "until"), ("role", "role"), ("amount", "amount"))


def _key(text) -> str:
    return normalize_name(str(text))


def find_entities(graph, name: str) -> list[str]:
    """Entity nodes whose label or an alias equals ``name`` (compared as ``names.normalize_name`` keys:
    case, spacing, quotes, a leading "the" and punctuation ignored)."""
    wanted = _key(name)
    return [
        node
        for node, data in entity_nodes(graph)
        if _key(data.get("label", "")) == wanted or any(_key(a) == wanted for a in data.get("aliases") or [])
    ]


def _no_match(graph, name: str) -> BlogweaveError:
    names = sorted({data.get("label", "") for _, data in entity_nodes(graph)} | {
        alias for _, data in entity_nodes(graph) for alias in data.get("aliases") or []
    })
    by_key = {_key(n): n for n in names}
    close = difflib.get_close_matches(_key(name), list(by_key), n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(by_key[c] for c in close)}?" if close else ""
    return BlogweaveError(f"no entity named {name!r} in the graph{hint}")


def _describe(graph, node: str) -> str:
    data = graph.nodes[node]
    return f"{data.get('label', node)} ({data.get('type', '?')})"


def _evidence_lines(evidence: list[dict]) -> list[str]:
    lines = []
    for item in evidence:
        where = f"{item.get('post', '?')}:{item.get('line', '?')}"
        lines.append(f"    - {where}  rule {item.get('rule', '?')}  confidence {item.get('confidence', 0):.2f}")
        quals = [f"{label} {item[key]}" for key, label in QUALIFIERS if item.get(key)]
        if quals:
            lines.append(f"      {'; '.join(quals)}")
        lines.append(f"      \"{item.get('evidence', '')}\"")
    return lines


def explain_entity(graph, name: str) -> str:
    """A readable account of every fact in and out of the entity called ``name``.

    Raises BlogweaveError when no entity has that name or alias (suggesting close
    names); when several do, explains each of them, saying so first.
    """
    nodes = find_entities(graph, name)
    if not nodes:
        raise _no_match(graph, name)
    out: list[str] = []
    if len(nodes) > 1:
        out.append(f"{len(nodes)} entities are named {name!r}: " + ", ".join(_describe(graph, n) for n in nodes))
        out.append("")
    for node in sorted(nodes):
        data = graph.nodes[node]
        out.append(_describe(graph, node))
        aliases = data.get("aliases") or []
        if aliases:
            out.append(f"  also written: {', '.join(aliases)}")
        posts = data.get("posts") or []
        if posts:
            out.append(f"  mentioned in {len(posts)} post(s)")
        edges = [(u, v, d) for u, v, d in fact_edges(graph) if node in (u, v)]
        if not edges:
            out.append("  no facts")
        for u, v, d in sorted(edges, key=lambda e: (e[0] != node, e[2].get("predicate", ""), e[0], e[1])):
            evidence = d.get("evidence") or []
            out.append(
                f"  {_describe(graph, u)} --{d.get('predicate')}--> {_describe(graph, v)}"
                f"  confidence {d.get('confidence', 0):.2f}, {len(evidence)} piece(s) of evidence"
            )
            out.extend(_evidence_lines(evidence))
        out.append("")
    return "\n".join(out).rstrip() + "\n"
