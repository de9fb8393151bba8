"""Helpers the exporters share: one fact's qualifiers, and flat attributes for tabular formats."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from blogweave.dates import is_iso_date

# characters XML 1.0 cannot hold at all (C0 controls but tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF); a post may contain them, and one would make the
# RDF/XML, GraphML and GEXF files unreadable
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """``value`` without the characters no XML file can carry, and with "\\n" line ends.

    XML parsers turn a raw carriage return into a line feed, so writing "\\r"
    as it is would make a file read back different from what was written.
    """
    return _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def fact_qualifiers(evidence: list[Mapping]) -> dict[str, list[str] | str]:
    """A fact's dates, roles and amounts, gathered from all its evidence.

    The fact starts at the earliest start date any sentence gives and ends at
    the latest end date (comparing ISO strings of mixed precision by their
    prefix order is good enough: "2019" < "2019-05"); roles and amounts keep
    every distinct value, since two posts may name two titles.
    """
    starts = sorted(e["start_date"] for e in evidence if is_iso_date(e.get("start_date")))
    ends = sorted(e["end_date"] for e in evidence if is_iso_date(e.get("end_date")))
    out: dict[str, list[str] | str] = {}
    if starts:
        out["start_date"] = starts[0]
    if ends:
        out["end_date"] = ends[-1]
    for key in ("role", "amount"):
        values = sorted({str(e[key]).strip() for e in evidence if e.get(key) and str(e[key]).strip()})
        if values:
            out[key] = values
    return out


def flat_value(value):
    """A value a GraphML/GEXF/CSV cell can hold: lists of scalars joined with "; ", the rest as JSON.

    Returns ``None`` for ``None`` so callers can drop it (networkx's writers reject it).
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return clean_text("; ".join(str(v) for v in value))
    return clean_text(json.dumps(value, ensure_ascii=False, sort_keys=True))


def flat_attrs(data: Mapping) -> dict:
    """``data`` with every value flattened and ``None`` values dropped."""
    return {k: flat_value(v) for k, v in data.items() if v is not None}
