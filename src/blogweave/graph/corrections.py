"""The blogweave.toml lines a user would paste to correct an entity or a fact (``blogweave.resolve.curation``)."""

from __future__ import annotations

from blogweave.models import ENTITY_TYPES


def correction_lines(graph, node: str) -> list[str]:
    """The lines a user would paste into blogweave.toml to correct an entity: its type, or another name of it."""
    data = graph.nodes[node]
    label, kind = data.get("label", node), data.get("type", "")
    others = [t for t in ENTITY_TYPES if t != kind]
    return [f'[types] {_quote(label)} = {_quote(others[0])}' + (f"  (or {_quote(others[1])})" if others[1:] else ""),
            f'[aliases] "Another name" = {_quote(label)}']


def reject_line(graph, subject: str, predicate: str, obj: str) -> str:
    """The ``[[reject]]`` a user would paste to remove a fact."""
    s, o = graph.nodes[subject].get("label", subject), graph.nodes[obj].get("label", obj)
    return f"[[reject]] subject = {_quote(s)} relation = {_quote(predicate)} object = {_quote(o)}"


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
