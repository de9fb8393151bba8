"""Find and load posts: front matter, header lines, and Markdown turned into prose with offsets.

A post is a ``.md``, ``.markdown`` or ``.txt`` file. Its metadata comes from
YAML (``---``) or TOML (``+++``) front matter, or from Pelican-style
``Key: value`` lines at the top; a post may have neither. The prose handed to
NLP is built by :mod:`blogweave.markup`; this module reads the bytes, decodes
them, parses the header, masks Liquid tags and attribute lists, and fills in
the :class:`~blogweave.models.Post`.

Offsets: ``Post.spans`` and ``Post.line_starts`` count characters of the
decoded file (after any byte order mark), with ``\\r\\n``, ``\\r`` and ``\\n``
all ending a line.

A file that cannot be used raises :class:`~blogweave.errors.PostError` naming
the file and the problem: unreadable, vanished, not a regular file, larger than
``MAX_POST_BYTES``, binary (NUL bytes), not UTF-8 (nor UTF-16/32 with a byte
order mark), empty, or malformed front matter (including YAML whose aliases
would expand past ``MAX_YAML_NODES``, the "billion laughs" attack).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from html import unescape
from pathlib import Path
from typing import Any

import yaml

from blogweave.config import Settings
from blogweave.errors import BlogweaveError, PostError
from blogweave.markup import MASK, to_prose
from blogweave.models import Post

POST_SUFFIXES = (".md", ".markdown", ".txt")
#: Larger files are refused with a warning. A post is prose, not a data dump (the largest of
#: the 255 corpus posts is far below 1 MB), and hostile Markdown such as megabytes of "["
#: costs markdown-it about 12 µs a character: 10 MB bounds one post to about two minutes.
MAX_POST_BYTES = 10 * 1024 * 1024
#: Front matter longer than this is refused (YAML parsing is slow and recursive).
MAX_FRONT_MATTER_CHARS = 256 * 1024
#: YAML front matter whose nodes, with every alias expanded, exceed this is refused.
MAX_YAML_NODES = 10_000
#: YAML front matter nested deeper than this is refused.
MAX_YAML_DEPTH = 64
#: How many lines below the header a "Posted on: <date>" line may sit.
POSTED_ON_WINDOW = 12

# Metadata keys (lower case) read for each field.
TITLE_KEYS = ("title",)
DATE_KEYS = ("date", "datetime", "published", "pubdate", "created")
AUTHOR_KEYS = ("authors", "author")
TAG_KEYS = ("tags", "tag", "categories", "keywords")
SINGLE_TAG_KEYS = ("category",)  # one tag, even with spaces in it
#: Pelican header keys; a block of ``Key: value`` lines is a header only if it has one.
PELICAN_KEYS = frozenset(
    "title date author authors tags category categories slug summary modified status lang "
    "keywords subtitle description template save_as url translation".split()
)
#: Name suffixes that a comma separates from the name, not from the next author.
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PELICAN_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:(?:\s+(.*)|\s*)$")
# "Posted on: 26 May 2021", "*Published May 26, 2021 by Jane Doe*".
_POSTED_ON = re.compile(
    r"^[\s>*_#]*(?:posted|published|written)(?:\s+on)?\s*:?\s*[*_]*\s*(.{4,60}?)"
    r"(?:[*_]*\s+by\s+[*_]*([^*_\n]{2,80}?))?\s*[*_]*\s*$",
    re.I,
)
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-|_|$)")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_DATE_FORMATS = (
    "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%Y/%m/%d", "%d.%m.%Y",
    "%b. %d, %Y", "%d %b. %Y",
)  # fmt: skip
# Liquid: "{% tag %}" and "{{ output }}" (at most MAX_LIQUID characters long), and the
# regions between "{% highlight %}" / "{% comment %}" and their end tags (code, comments).
MAX_LIQUID = 500
_LIQUID_REGION = re.compile(r"\{%-?\s*(highlight|comment)\b")
_LIQUID_PAIRS = (("{%", "%}"), ("{{", "}}"))
# Attribute lists: "{ .annotate }", "{: .class }", "{#id .class}", "{:toc}".
_ATTR_LIST = re.compile(r"\{:?[ \t]*[.#][A-Za-z_][^{}\n]{0,200}\}|\{:[^{}\n]{0,200}\}")
# Control characters become spaces in the parsed text (same length, so offsets hold):
# they are not prose, and XML-based outputs cannot hold them.
_CONTROL = {c: " " for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0), 0xFFFE, 0xFFFF]}
_CONTROL[ord(MASK)] = " "
_NOT_NEWLINE = re.compile(r"[^\n]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG = re.compile(r"<[^<>]{0,300}>")
_AUTHOR_SEP = re.compile(r",|;|&|\s+and\s+", re.I)


def find_posts(content_dir: Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """Every post file below ``content_dir``, sorted by path.

    Hidden files and folders (name starting with ".") and the folders in
    ``exclude`` (e.g. the output folder) are skipped. Symbolic links are
    followed, but a folder already visited (a link loop) is not entered again;
    a file link that loops is listed and then refused by :func:`load_post`.
    """
    root = Path(content_dir)
    if not root.exists():
        raise BlogweaveError(f"content folder {root} does not exist")
    if not root.is_dir():
        raise BlogweaveError(f"content folder {root} is not a folder")
    skip = set()
    for folder in exclude:
        try:
            skip.add(_identity(Path(folder)))
        except OSError:
            pass
    seen = {_identity(root)}
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda err: None):
        keep = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            try:
                ident = _identity(Path(folder, name))
            except OSError:  # a broken or looping link
                continue
            if ident in seen or ident in skip:
                continue
            seen.add(ident)
            keep.append(name)
        dirs[:] = keep
        found.extend(
            Path(folder, name) for name in files if not name.startswith(".") and name.lower().endswith(POST_SUFFIXES)
        )
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def load_post(path: Path, content_dir: Path, settings: Settings) -> Post:
    """Read one post; raises PostError naming the file when it cannot be used."""
    try:
        return parse_post(path, content_dir, settings)
    except PostError:
        raise
    except Exception as err:  # noqa: BLE001 - a bug on one odd post must not stop a build of hundreds
        raise PostError(path, f"could not be read ({type(err).__name__}: {err})") from err


def parse_post(path: Path, content_dir: Path, settings: Settings) -> Post:
    """:func:`load_post` without its safety net, so tests see any unexpected exception."""
    path = Path(path)
    data = read_bytes(path)
    text = decode(data, path)
    line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    lines = _LINE_BREAK.split(text)
    meta, body_start = read_header(lines, path)
    rel_path = _rel_path(path, Path(content_dir))

    derived = [""] * body_start + _mask(lines[body_start:])
    date = parse_date(_first(meta, DATE_KEYS))
    posted_on, posted_by, posted_line = _posted_on(lines, body_start)
    if posted_line is not None:
        derived[posted_line] = ""  # metadata, not prose
    date = date or posted_on or _file_date(path)
    prose, spans, heading = to_prose(derived, line_starts)
    # Titles stay as written: site generators print them as plain text ("__init__" is no emphasis).
    title = _clean(_first(meta, TITLE_KEYS)) or heading or _title_from_name(path)
    authors = tuple(name for name, _ in parse_authors(_all(meta, AUTHOR_KEYS) or posted_by))
    if not authors:
        configured = settings.author_for(rel_path)
        authors = (configured,) if configured else ()
    return Post(
        rel_path=rel_path,
        title=title,
        text=prose,
        date=date,
        authors=authors,
        tags=_tags(meta),
        spans=spans,
        line_starts=tuple(line_starts),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes; PostError if it is missing, unreadable, not a regular file or too large."""
    try:
        # O_NONBLOCK: opening a FIFO named "x.md" must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as err:
        raise PostError(path, "file not found (it may have been moved or deleted during the build)") from err
    except PermissionError as err:
        raise PostError(path, "permission denied: the file cannot be read") from err
    except OSError as err:
        problem = "symbolic link loop" if err.errno == errno.ELOOP else err.strerror or str(err)
        raise PostError(path, f"cannot open: {problem}") from err
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise PostError(path, "not a regular file")
            if info.st_size > MAX_POST_BYTES:
                raise PostError(path, _too_large(info.st_size))
            # Read what fstat promised (read(n) allocates n bytes up front), then whatever the
            # file grew by since, up to the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_POST_BYTES + 1 - len(data))
        except OSError as err:
            raise PostError(path, f"cannot read: {err.strerror or err}") from err
    if len(data) > MAX_POST_BYTES:
        raise PostError(path, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return f"too large ({size / 2**20:.1f} MiB; the limit is {MAX_POST_BYTES / 2**20:g} MiB per post)"


def decode(data: bytes, path: Path) -> str:
    """Text of a post: UTF-8, or UTF-8/16/32 with a byte order mark; PostError otherwise."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise PostError(path, f"starts with a {encoding} byte order mark but is not valid {encoding}") from err
            break
    else:
        if b"\x00" in data:
            raise PostError(path, "binary file (contains NUL bytes), not a text post")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            raise PostError(
                path,
                f"not valid UTF-8 (byte 0x{data[err.start]:02x} on line {line}, offset {err.start}); save it as UTF-8",
            ) from err
    if "\x00" in text:
        raise PostError(path, "binary file (contains NUL characters), not a text post")
    if not text.strip():
        raise PostError(path, "empty file")
    return text


# --- headers -------------------------------------------------------------------------------------


def read_header(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """Metadata (keys in lower case) and the index of the first body line."""
    first = lines[0].rstrip() if lines else ""
    if first in ("---", "+++"):
        closers = ("---", "...") if first == "---" else ("+++",)
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
        if end is not None:
            source = "\n".join(lines[1:end])
            if len(source) > MAX_FRONT_MATTER_CHARS:
                raise PostError(path, f"front matter longer than {MAX_FRONT_MATTER_CHARS} characters")
            data = _yaml(source, path) if first == "---" else _toml(source, path)
            return {str(key).strip().lower(): value for key, value in data.items()}, end + 1
        # No closing line: a thematic break, not front matter.
    return _pelican(lines)


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
    """Refuse YAML nested deeper than MAX_YAML_DEPTH (checked on the event stream, which is flat)."""
    depth = 0
    for event in yaml.parse(source, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise PostError(path, f"YAML front matter nested more than {MAX_YAML_DEPTH} levels deep; refused")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_expansion(root: yaml.Node, path: Path) -> None:
    """Refuse YAML whose aliases would expand past MAX_YAML_NODES, or that refers to itself."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
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


# --- the body ------------------------------------------------------------------------------------


def _mask(lines: list[str]) -> list[str]:
    """Body lines with Liquid tags and attribute lists masked and control characters blanked.

    Masking keeps every line's length, so columns still match the source. A
    line left with nothing but masks and spaces becomes empty (a blank line).
    """
    text = "\n".join(lines).translate(_CONTROL)
    if "{" in text:
        spans = _liquid_spans(text) + [m.span() for m in _ATTR_LIST.finditer(text)]
        if spans:
            pieces, done = [], 0
            for start, end in sorted(spans):
                start = max(start, done)
                if end > start:
                    pieces += [text[done:start], _NOT_NEWLINE.sub(MASK, text[start:end])]
                    done = end
            text = "".join(pieces) + text[done:]
    masked = text.split("\n")
    return ["" if MASK in line and not line.replace(MASK, "").strip() else line for line in masked]


def _liquid_spans(text: str) -> list[tuple[int, int]]:
    """Where the Liquid tags, outputs and code/comment regions are, found in linear time."""
    spans: list[tuple[int, int]] = []
    covered = 0
    next_end: dict[str, int | None] = {}  # the next end tag of each region kind, once searched
    for match in _LIQUID_REGION.finditer(text):
        if match.start() < covered:
            continue
        kind = match.group(1)
        end = next_end.get(kind, -1)
        if end is not None and end < match.start():
            found = re.compile(rf"\{{%-?\s*end{kind}\s*-?%\}}").search(text, match.start())
            end = next_end[kind] = found.end() if found else None
        if end is None:
            continue  # no end tag anywhere below: only the tag itself is masked, further on
        spans.append((match.start(), end))
        covered = end
    for opener, closer in _LIQUID_PAIRS:
        close = -1
        start = text.find(opener)
        while start >= 0:
            if close < start + 2:
                close = text.find(closer, start + 2)
                if close < 0:
                    break
            if close + 2 - start <= MAX_LIQUID:
                spans.append((start, close + 2))
                start = text.find(opener, close + 2)
            else:
                start = text.find(opener, start + 2)
    return spans


# --- metadata ------------------------------------------------------------------------------------


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if meta.get(key) not in (None, "", [], {}):
            return meta[key]
    return None


def _all(meta: dict[str, Any], keys: tuple[str, ...]) -> list[Any]:
    return [meta[key] for key in keys if meta.get(key) not in (None, "", [], {})]


def _clean(value: Any) -> str:
    """A metadata value as one clean line of text ("" for None, lists and maps)."""
    if value is None or isinstance(value, (list, dict, tuple, set)):
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unescape(_TAG.sub("", text)) if "<" in text or "&" in text else text
    text = _SURROGATE.sub("\ufffd", text).translate(_CONTROL)
    return " ".join(text.split())


def _title_from_name(path: Path) -> str:
    stem = _FILE_DATE.sub("", path.stem) or path.stem
    return " ".join(re.split(r"[-_\s]+", stem)).strip() or path.stem


def _posted_on(lines: list[str], body_start: int) -> tuple[str | None, str | None, int | None]:
    """Date and author ("by ...") of a "Posted on: <date>" line near the top, and the line's index."""
    seen = 0
    for index in range(body_start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        match = _POSTED_ON.match(line)
        if match:
            date = parse_date(match.group(1))
            if date:
                return date, match.group(2), index
        seen += 1
        if seen >= POSTED_ON_WINDOW:
            break
    return None, None, None


def _file_date(path: Path) -> str | None:
    match = _FILE_DATE.match(path.name)
    return parse_date(match.group(0).strip("-_")) if match else None


def parse_date(value: Any) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a date, datetime or date-like string, else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = _clean(value)
    match = _ISO_DATE.match(text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    simple = re.sub(r"^[A-Za-z]+day,?\s+", "", text)  # a leading weekday
    simple = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", simple)  # ordinals: 1st, 22nd
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(simple, fmt).date().isoformat()
        except ValueError:
            continue
    if not re.search(r"\d{4}", text) or len(text) > 64:
        return None
    return _dateparser(text)


def _dateparser(text: str) -> str | None:
    """The slow, lenient fallback (imported only when a date needs it)."""
    try:
        import dateparser

        parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # noqa: BLE001 - a third-party parser on arbitrary text; no date is the answer
        return None
    return parsed.date().isoformat() if parsed else None


def parse_authors(values: Any) -> list[tuple[str, str | None]]:
    """(name, affiliation) pairs from an author field: strings, lists or maps with a name key.

    "Jane Doe (Acme), Bob Roe (Initech) and Ann Poe" gives three names; the
    parenthesised part is the affiliation. HTML tags are dropped
    ("<a href=...>Jane Doe</a>" gives "Jane Doe").
    """
    pairs: list[tuple[str, str | None]] = []
    stack = [values]
    budget = 1000  # enough for any real author list, bounded for odd metadata
    while stack and budget:
        budget -= 1
        value = stack.pop(0)
        if isinstance(value, (list, tuple)):
            stack[:0] = list(value)
        elif isinstance(value, dict):
            lowered = {str(k).lower(): v for k, v in value.items()}
            name = next((lowered[k] for k in ("name", "display_name", "full_name", "fullname") if k in lowered), None)
            if isinstance(name, str) and _clean(name):
                affiliation = _clean(lowered.get("affiliation") or lowered.get("organization") or "") or None
                pairs.append((_clean(name), affiliation))
        elif isinstance(value, str):
            pairs.extend(_split_author_string(value))
    unique: dict[str, tuple[str, str | None]] = {}
    for name, affiliation in pairs:
        if name.lower() not in unique:
            unique[name.lower()] = (name, affiliation)
    return list(unique.values())


def _split_author_string(value: str) -> list[tuple[str, str | None]]:
    text = _clean(value)
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        depth += (char in "([") - (char in ")]")
        depth = max(depth, 0)
        if depth == 0:
            sep = _AUTHOR_SEP.match(text, i)
            if sep:
                pieces.append("".join(current))
                current = []
                i += len(sep.group())
                continue
        current.append(char)
        i += 1
    pieces.append("".join(current))
    result: list[tuple[str, str | None]] = []
    for piece in pieces:
        piece = re.sub(r"^\s*(?:by|and)\s+", "", piece, flags=re.I).strip()
        if not piece:
            continue
        if piece.lower() in NAME_SUFFIXES and result:
            name, affiliation = result[-1]
            result[-1] = (f"{name}, {piece}", affiliation)
            continue
        match = re.match(r"^(.*?)\s*[(\[](.*?)[)\]]?\s*$", piece)
        if match and match.group(1):
            name, affiliation = match.group(1).strip(), match.group(2).strip() or None
        else:
            name, affiliation = piece.strip("()[] "), None
        if name:
            result.append((name, affiliation))
    return result


def _tags(meta: dict[str, Any]) -> tuple[str, ...]:
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
        found.extend(_clean(item) for item in items)
    unique: dict[str, str] = {}
    for tag in found:
        if tag and tag.lower() not in unique:
            unique[tag.lower()] = tag
    return tuple(unique.values())


def _rel_path(path: Path, content_dir: Path) -> str:
    try:
        return path.relative_to(content_dir).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(content_dir.resolve()).as_posix()
        except (ValueError, OSError):
            return path.name
