"""Franklin.jl page variables: ``@def name = value`` lines, and ``+++`` blocks of Julia assignments.

Franklin (the Julia static-site generator) writes a page's metadata either as ``@def`` lines at
the top of the page or as a ``+++`` block whose lines are Julia assignments. Most of them are
also TOML, but not all: values such as ``Date(2020, 5, 1)``, ``nothing`` or ``[1, 2]`` mixed
with strings are Julia. Both forms are read here into plain values, without running any Julia:

- string literals (``"..."`` and ``\"\"\"...\"\"\"``, which may span lines) give strings;
- ``Date(y, m, d)`` and ``DateTime(y, m, d, ...)`` give an ISO date string;
- ``true``/``false`` give booleans, integer and decimal literals give numbers, and
  ``nothing`` gives None;
- a vector of such literals gives a list; anything else is kept as its source text.
"""

from __future__ import annotations

import re
from typing import Any

_DEF_LINE = re.compile(r"^@def\s+([A-Za-z_]\w*)\s*=\s*(.*)$")
_ASSIGN = re.compile(r"^([A-Za-z_]\w*)\s*=\s*(.*)$")
_DATE_CALL = re.compile(r"^(?:Dates\.)?Date(?:Time)?\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\b[^)]*\)$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_ITEM = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[^,]+)')


def read_defs(lines: list[str]) -> tuple[dict[str, Any], int] | None:
    """``@def`` lines at the top of a page (blank lines between them allowed): metadata and body start."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not _DEF_LINE.match(lines[index]):
        return None
    meta: dict[str, Any] = {}
    while index < len(lines):
        match = _DEF_LINE.match(lines[index])
        if match is None:
            if lines[index].strip():
                break
            index += 1
            continue
        source, index = _value_source(match.group(2), lines, index)
        meta[match.group(1).lower()] = julia_value(source)
    return meta, index


def read_assignments(block: list[str]) -> dict[str, Any] | None:
    """A ``+++`` block read as Julia assignments, or None when a line is not one."""
    meta: dict[str, Any] = {}
    index = 0
    while index < len(block):
        line = block[index].strip()
        if not line or line.startswith("#"):
            index += 1
            continue
        match = _ASSIGN.match(line)
        if match is None or not match.group(2).strip():
            return None
        source, index = _value_source(match.group(2), block, index)
        meta[match.group(1).lower()] = julia_value(source)
    return meta


def _value_source(first: str, lines: list[str], index: int) -> tuple[str, int]:
    """The source of one value starting on line ``index`` (a triple-quoted string may go on), and the next line."""
    first = first.strip()
    if first.startswith('"""') and not (len(first) >= 6 and first.endswith('"""')):
        parts = [first]
        index += 1
        while index < len(lines):
            parts.append(lines[index])
            index += 1
            if lines[index - 1].rstrip().endswith('"""'):
                break
        return "\n".join(parts), index
    return first, index + 1


def julia_value(source: str) -> Any:
    """A Julia literal's value (see the module docstring); other expressions stay as their text."""
    text = _strip_comment(source.strip())
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        if "[" in inner:  # nested vectors: kept as text (no recursion on odd input)
            return text
        return [_scalar(item.strip()) for item in _ITEM.findall(inner) if item.strip()]
    return _scalar(text)


def _scalar(text: str) -> Any:
    if text.startswith('"""'):
        return text[3:-3].strip() if text.endswith('"""') and len(text) >= 6 else text[3:].strip()
    string = _STRING.match(text)
    if string:
        return string.group(1).replace('\\"', '"').replace("\\\\", "\\")
    date = _DATE_CALL.match(text)
    if date:
        year, month, day = (int(part) for part in date.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    if text in ("true", "false"):
        return text == "true"
    if text == "nothing":
        return None
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def _strip_comment(text: str) -> str:
    """The text before a ``#`` comment that is outside string literals."""
    if "#" not in text or text.startswith('"""'):
        return text
    quoted = False
    for position, char in enumerate(text):
        if char == '"' and (position == 0 or text[position - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and not quoted:
            return text[:position].rstrip()
    return text
