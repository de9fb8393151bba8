"""``blogweave explain NAME``: every fact about one entity, with the evidence behind it."""

from __future__ import annotations

import difflib

from blogweave.errors import BlogweaveError
from blogweave.graph.network import entity_nodes, fact_edges
from blogweave.graph.corrections import correction_lines, reject_line
from blogweave.names import normalize_name

QUALIFIERS = (("start_date", "from"), ("end_date", "until"), ("role", "role"), ("amount", "amount"))


def _key(text) -> str:
    return normalize_name(str(text))


def find_entities(graph, name: str, entity_type: str | None = None) -> list[str]:
    """Entity nodes whose label or an alias equals ``name`` (compared as ``names.normalize_name`` keys:
    case, spacing, quotes, a leading "the" and punctuation ignored), or whose IRI is ``name``.

    ``entity_type`` (Person, Organization, Technology; any case) keeps only entities of that type.
    """
    by_iri = [node for node, data in entity_nodes(graph) if name in (data.get("iri"), node)]
    if by_iri:
        return by_iri
    wanted = _key(name)
    kind = _key(entity_type) if entity_type else None
    return [
        node
        for node, data in entity_nodes(graph)
        if (_key(data.get("label", "")) == wanted or any(_key(a) == wanted for a in data.get("aliases") or []))
        and (kind is None or _key(data.get("type", "")) == kind)
    ]


def _no_match(graph, name: str, entity_type: str | None = None) -> BlogweaveError:
    if entity_type and find_entities(graph, name):
        types = sorted({graph.nodes[n].get("type", "?") for n in find_entities(graph, name)})
        return BlogweaveError(f"no {entity_type} named {name!r} in the graph; there is one of type {', '.join(types)}")
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


def explain_entity(graph, name: str, entity_type: str | None = None) -> str:
    """A readable account of every fact in and out of the entity called ``name`` (a name, an alias or an IRI).

    Raises BlogweaveError when no entity has that name or alias (suggesting close
    names); when several do, explains each of them, saying first how to pick one
    (``entity_type``, or the IRI).
    """
    nodes = find_entities(graph, name, entity_type)
    if not nodes:
        raise _no_match(graph, name, entity_type)
    out: list[str] = []
    if len(nodes) > 1:
        out.append(f"{len(nodes)} entities are named {name!r}: " + ", ".join(_describe(graph, n) for n in nodes))
        out.append("pick one with --type TYPE or by its IRI: " + ", ".join(
            graph.nodes[n].get("iri") or n for n in sorted(nodes)))
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
        for note in data.get("curation") or []:
            out.append(f"  curated: {note}")
        out.append("  to correct it, paste into the content folder's blogweave.toml:")
        out.extend(f"    {line}" for line in correction_lines(graph, node))
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
            out.append(f"    to remove it: {reject_line(graph, u, d.get('predicate', ''), v)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
