"""Post headers: YAML (``---``) or TOML (``+++``) front matter, Pelican ``Key: value`` lines,
Franklin.jl ``@def`` lines and ``+++`` blocks of Julia (see ``blogweave.posts.franklin``),
and the metadata fields read from them (title, date, authors, tags).

YAML front matter is split off by python-frontmatter and read with a safe loader
(libyaml's when available), after two guards:
nesting deeper than ``MAX_YAML_DEPTH`` is refused on the flat event stream
(libyaml's composer recurses in C), and a document whose aliases would expand
past ``MAX_YAML_NODES`` values is refused before any Python object is built
(the "billion laughs" bomb). Every problem is a PostError naming the file.
"""

from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from blogweave import dates
from blogweave.posts import franklin
from blogweave.errors import PostError

#: Front matter longer than this is refused (YAML parsing is slow and recursive).
MAX_FRONT_MATTER_CHARS = 256 * 1024
#: YAML front matter whose nodes, with every alias expanded, exceed this is refused.
MAX_YAML_NODES = 10_000
#: YAML front matter whose scalars, with every alias expanded, hold more characters than this
#: is refused: a few aliases of a long string cost as much as a bomb of many small ones.
MAX_YAML_EXPANDED_CHARS = 1_000_000
#: YAML front matter nested deeper than this is refused.
MAX_YAML_DEPTH = 64

# Metadata keys (lower case) read for each field.
TITLE_KEYS = ("title",)
DATE_KEYS = ("date", "datetime", "published", "pubdate", "created")
AUTHOR_KEYS = ("authors", "author", "by")
#: Tables that hold author keys too: Hugo ``params``, Zola ``taxonomies`` and ``extra``.
AUTHOR_TABLES = ("params", "taxonomies", "extra")
#: Front-matter fields of prose, read as text of the post (after the title).
PROSE_KEYS = ("description", "summary", "excerpt")
TAG_KEYS = ("tags", "tag", "categories", "keywords")
SINGLE_TAG_KEYS = ("category",)  # one tag, even with spaces in it
#: Pelican header keys; a block of ``Key: value`` lines is a header only if it has one.
PELICAN_KEYS = frozenset(
    "title date author authors tags category categories slug summary modified status lang "
    "keywords subtitle description template save_as url translation".split()
)

_PELICAN_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:(?:\s+(.*)|\s*)$")
#: Control characters (C0 but tab and line ends, DEL, C1, U+FFFE/FFFF): not prose, and
#: XML-based outputs (GraphML) cannot hold them. They become spaces.
CONTROL = {c: " " for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0), 0xFFFE, 0xFFFF]}
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG = re.compile(r"<[^<>]{0,300}>")


def read_header(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """Metadata (keys in lower case) and the index of the first body line."""
    opener = lines[0].rstrip() if lines else ""
    if opener == "---":
        found = _yaml_front_matter(lines, path)
        if found is not None:
            return found
    elif opener == "+++":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "+++"), None)
        if end is not None:
            return _lower_keys(_plus_block(_bounded("\n".join(lines[1:end]), path), path)), end + 1
        # No closing line: a thematic break, not front matter.
    defs = franklin.read_defs(lines)
    if defs is not None:
        return defs
    dotted = _dotted(lines)
    if dotted is not None:
        return dotted
    return _pelican(lines)


_DOTTED_LINE = re.compile(r"^\.\.\s+([A-Za-z][\w-]*)\s*:(?:\s+(.*?)|\s*)\s*$")


def _dotted(lines: list[str]) -> tuple[dict[str, Any], int] | None:
    """Nikola's (and reStructuredText-style Pelican's) ``.. key: value`` lines, in an HTML comment or not.

    The comment, when there is one, is metadata: the body starts after its ``-->``.
    """
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return None
    start = lines[index].strip()
    in_comment = start.startswith("<!--")
    if in_comment:
        rest = start[4:].strip()
        if rest and not _DOTTED_LINE.match(rest):
            return None
        first_line = [rest] if rest else []
        index += 1
    elif _DOTTED_LINE.match(start):
        first_line = []
    else:
        return None
    meta: dict[str, Any] = {}
    for line in first_line:
        match = _DOTTED_LINE.match(line)
        meta[match.group(1).lower()] = (match.group(2) or "").strip()
    while index < len(lines):
        line = lines[index].strip()
        if in_comment and line.endswith("-->"):
            line = line[:-3].strip()
            match = _DOTTED_LINE.match(line) if line else None
            if match:
                meta[match.group(1).lower()] = (match.group(2) or "").strip()
            elif line:
                return None
            return (meta, index + 1) if meta else None
        if not line:
            if not in_comment:
                break
            index += 1
            continue
        match = _DOTTED_LINE.match(line)
        if not match:
            if in_comment:
                return None
            break
        meta[match.group(1).lower()] = (match.group(2) or "").strip()
        index += 1
    if in_comment:
        return None  # no closing "-->": not a metadata comment
    return (meta, index) if meta else None


class _GuardedYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler, loading through blogweave's guarded safe loader."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def load(self, fm: str, **kwargs: Any) -> dict[str, Any]:
        # the split keeps the newline after the opening line; drop it so YAML's line numbers
        # count from the first line of the front matter
        return _yaml(_bounded(fm.removeprefix("\n"), self.path), self.path)


def _yaml_front_matter(lines: list[str], path: Path) -> tuple[dict[str, Any], int] | None:
    """YAML front matter split by python-frontmatter; None when the opening line has no closer."""
    handler = _GuardedYAMLHandler(path)
    text = "\n".join(lines)
    try:
        fm, content = handler.split(text)
    except ValueError:  # one boundary only: a thematic break, not front matter
        return None
    prefix = text[: len(text) - len(content)]
    body_start = prefix.count("\n") + (1 if content.startswith("\n") or not content else 0)
    return _lower_keys(handler.load(fm)), min(body_start, len(lines))


def _bounded(source: str, path: Path) -> str:
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise PostError(path, f"front matter longer than {MAX_FRONT_MATTER_CHARS} characters")
    return source


def _lower_keys(data: dict[str, Any]) -> dict[str, Any]:
    return {str(key).strip().lower(): value for key, value in data.items()}


#: libyaml's loader when PyYAML has it (5x faster); both are safe loaders (no Python objects).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader whose impossible dates stay strings instead of failing the post."""


def _timestamp(loader: Any, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):  # AttributeError: "!!timestamp" on a non-date
        return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _yaml(source: str, path: Path) -> dict[str, Any]:
    try:
        _check_depth(source, path)  # libyaml's composer recurses in C: bound the nesting first
        loader = _SafeLoader(source)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}
            _check_expansion(node, path)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        problem = " ".join(str(err).split())
        raise PostError(path, f"malformed YAML front matter: {problem}") from err
    except (ValueError, TypeError, OverflowError) as err:  # an explicit tag on a bad value: !!int abc
        raise PostError(path, f"malformed YAML front matter: {err}") from err
    except RecursionError as err:
        raise PostError(path, "malformed YAML front matter: nested too deeply") from err
    if not isinstance(data, dict):
        raise PostError(path, f"YAML front matter must be a mapping of keys to values, not {type(data).__name__}")
    return data


def _check_depth(source: str, path: Path) -> None:
    """Refuse YAML nested deeper than MAX_YAML_DEPTH (checked on the event stream, which is flat).

    Flow brackets are counted first, so a deep ``[[[...`` gets our message whatever
    nesting limit the installed YAML library has of its own.
    """
    if _flow_depth(source) > MAX_YAML_DEPTH:
        raise PostError(path, f"YAML front matter nested more than {MAX_YAML_DEPTH} levels deep; refused")
    depth = 0
    for event in yaml.parse(source, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise PostError(path, f"YAML front matter nested more than {MAX_YAML_DEPTH} levels deep; refused")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _flow_depth(source: str) -> int:
    """The deepest nesting of flow brackets (``[`` and ``{``) outside quoted scalars, in one linear pass.

    A quote opens a quoted scalar only where one can start (after a space, a bracket, a comma or a
    colon), so the apostrophe in ``it's`` is text.
    """
    depth = deepest = 0
    quote, previous = "", " "
    for char in source:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and previous in " \t\n[{,:":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
        previous = char
    return deepest


def _check_expansion(root: yaml.Node, path: Path) -> None:
    """Refuse YAML whose aliases would expand past MAX_YAML_NODES values or MAX_YAML_EXPANDED_CHARS
    characters, or that refers to itself."""
    sizes: dict[int, int] = {}
    chars: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            chars[key] = len(node.value) if isinstance(node, yaml.ScalarNode) else sum(chars[id(c)] for c in children)
            if chars[key] > MAX_YAML_EXPANDED_CHARS:
                raise PostError(
                    path, f"YAML front matter expands to more than {MAX_YAML_EXPANDED_CHARS:,} characters (aliases of "
                    "long values?); refused"
                )
            if sizes[key] > MAX_YAML_NODES:
                raise PostError(
                    path, f"YAML front matter expands to more than {MAX_YAML_NODES} values (alias bomb?); refused"
                )
            continue
        if key in sizes:
            continue
        if key in started:
            raise PostError(path, "YAML front matter has an alias that refers to itself; refused")
        started.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _plus_block(source: str, path: Path) -> dict[str, Any]:
    """A ``+++`` block: TOML (Hugo, Zola), else Franklin's Julia assignments, else the TOML error."""
    try:
        return _toml(source, path)
    except PostError as err:
        julia = None if isinstance(err.__cause__, RecursionError) else franklin.read_assignments(source.splitlines())
        if julia is None:
            raise
        return julia


def _toml(source: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        raise PostError(path, f"malformed TOML front matter: {err}") from err
    except RecursionError as err:
        raise PostError(path, "malformed TOML front matter: nested too deeply") from err


def _pelican(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Pelican-style ``Key: value`` lines at the top, ending at a blank line."""
    meta: dict[str, Any] = {}
    last = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _PELICAN_LINE.match(line)
        if match:
            last = match.group(1).lower()
            meta[last] = (match.group(2) or "").strip()
        elif last and line[:1] in (" ", "\t"):  # an indented continuation line
            meta[last] = f"{meta[last]} {line.strip()}".strip()
        else:
            return {}, 0
    else:
        index = len(lines)
    if not meta.keys() & PELICAN_KEYS:
        return {}, 0
    return meta, index


# --- metadata fields -----------------------------------------------------------------------------


def first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if meta.get(key) not in (None, "", [], {}):
            return meta[key]
    return None


def all_values(meta: dict[str, Any], keys: tuple[str, ...]) -> list[Any]:
    return [meta[key] for key in keys if meta.get(key) not in (None, "", [], {})]


def author_values(meta: dict[str, Any]) -> list[Any]:
    """The author fields at the top, else in ``params``, ``taxonomies`` or ``extra`` (Hugo, Zola)."""
    found = all_values(meta, AUTHOR_KEYS)
    if found:
        return found
    for table in AUTHOR_TABLES:
        value = meta.get(table)
        if isinstance(value, dict):
            found = all_values(_lower_keys(value), AUTHOR_KEYS)
            if found:
                return found
    return []


def clean(value: Any) -> str:
    """A metadata value as one clean line of text ("" for None, lists and maps)."""
    if value is None or isinstance(value, (list, dict, tuple, set)):
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unescape(_TAG.sub("", text)) if "<" in text or "&" in text else text
    text = _SURROGATE.sub("\ufffd", text).translate(CONTROL)
    return " ".join(text.split())


def parse_date(value: Any) -> str | None:
    """A front-matter or header date (markup and control characters removed) in ISO form; see ``blogweave.dates``."""
    return dates.parse_date(clean(value) if isinstance(value, str) else value)


def tags_of(meta: dict[str, Any]) -> tuple[str, ...]:
    """Tags from tags/categories/keywords (a list, or a string split on commas, else on spaces) and category."""
    found: list[str] = []
    for key in TAG_KEYS + SINGLE_TAG_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and key not in SINGLE_TAG_KEYS:
            items = value.split(",") if "," in value else value.split()
        elif isinstance(value, (list, tuple)):
            items = list(value[:1000])  # each item one tag, spaces and all
        else:
            items = [value]
        found.extend(clean(item) for item in items)
    unique: dict[str, str] = {}
    for tag in found:
        if tag and tag.lower() not in unique:
            unique[tag.lower()] = tag
    return tuple(unique.values())
