"""Find and load posts: front matter, header lines, and Markdown turned into prose with offsets.

A post is a ``.md``, ``.markdown`` or ``.txt`` file. Its metadata comes from
YAML (``---``) or TOML (``+++``) front matter, or from Pelican-style
``Key: value`` lines at the top; a post may have neither. The prose handed to
NLP is built by :mod:`blogweave.posts.markup` and the headers are read by
:mod:`blogweave.posts.headers`; this module finds the files, reads and decodes the
bytes, masks Liquid tags and attribute lists, and fills in the
:class:`~blogweave.models.Post`.

Offsets: ``Post.spans`` and ``Post.line_starts`` count characters of the
decoded file (after any byte order mark), with ``\\r\\n``, ``\\r`` and ``\\n``
all ending a line.

A file that cannot be used raises :class:`~blogweave.errors.PostError` naming
the file and the problem: unreadable, vanished, not a regular file, larger than
``MAX_POST_BYTES``, binary (NUL bytes), not UTF-8 (nor UTF-16/32 with a byte
order mark), empty, or with malformed front matter (see :mod:`blogweave.posts.headers`
for the YAML guards against alias bombs and deep nesting).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from blogweave.config import Settings
from blogweave.errors import BlogweaveError, PostError
from blogweave.names import display_name, display_path
from blogweave.posts.headers import (
    CONTROL,
    DATE_KEYS,
    PROSE_KEYS,
    TITLE_KEYS,
    author_values,
    clean,
    first,
    parse_date,
    read_header,
    tags_of,
)
from blogweave.posts.bylines import parse_authors
from blogweave.posts.markup import MASK, MAX_NESTING, to_prose
from blogweave.posts.sites import post_kind
from blogweave.models import Post

POST_SUFFIXES = (".md", ".markdown", ".txt")
#: Larger files are refused with a warning. A post is prose, not a data dump (the largest of
#: the 255 corpus posts is far below 1 MB), and hostile Markdown such as megabytes of "a*"
#: costs markdown-it about 6 µs and 450 bytes a character: 1 MiB bounds one post's conversion to
#: seconds and about half a GB (benchmarks/hostile.py). The parse has its own, smaller limit
#: (pipeline.batches.MAX_PARSE_CHARS).
MAX_POST_BYTES = 1024 * 1024
#: How many lines below the header a "Posted on: <date>" line may sit.
POSTED_ON_WINDOW = 12

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# "Posted on: 26 May 2021", "*Published May 26, 2021 by Jane Doe*". Read in pieces, each
# regular expression unambiguous (no two adjacent quantifiers can trade characters), so the
# time is linear in the line: one pattern with a lazy date between optional spaces took hours
# on 280 spaces. Lines longer than MAX_POSTED_ON_LINE are no byline.
MAX_POSTED_ON_LINE = 300
_POSTED_ON = re.compile(r"^[\s>*_#]*+(?:posted|published|written)\b(?:\s++on\b)?+\s*+:?+", re.I)
_POSTED_BY = re.compile(r"(?<!\s)\s+by\s+", re.I)  # from the first space of a run only
_AUTHOR_TEXT = re.compile(r"[^*_\n]{2,80}")
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-|_|$)")
# Liquid: "{% tag %}" and "{{ output }}" (at most MAX_LIQUID characters long), and the
# regions between "{% highlight %}" / "{% comment %}" and their end tags (code, comments).
MAX_LIQUID = 500
_LIQUID_REGION = re.compile(r"\{%-?\s*(highlight|comment)\b")
_LIQUID_PAIRS = (("{%", "%}"), ("{{", "}}"))
# Attribute lists: "{ .annotate }", "{: .class }", "{#id .class}", "{:toc}".
_ATTR_LIST = re.compile(r"\{:?[ \t]*[.#][A-Za-z_][^{}\n]{0,200}\}|\{:[^{}\n]{0,200}\}")
# Control characters become spaces in the parsed text (same length, so offsets hold):
# they are not prose, and XML-based outputs cannot hold them.
_CONTROL = {**CONTROL, ord(MASK): " "}
_NOT_NEWLINE = re.compile(r"[^\n]")


def find_posts(
    content_dir: Path,
    exclude: Iterable[Path] = (),
    problems: list[str] | None = None,
    follow_symlinks: bool = False,
) -> list[Path]:
    """Every post file below ``content_dir``, sorted by path.

    Hidden files and folders (name starting with ".") and the folders in
    ``exclude`` (e.g. the output folder) are skipped. A symbolic link (to a
    file or a folder) whose target lies outside the content folder is skipped
    with a note, unless ``follow_symlinks``: a cloned repository must not make
    the build read ``/etc/passwd`` or a home folder into the graph. Links inside
    the folder are followed, but a folder already visited (a link loop) is not
    entered again; a file link that loops is listed and then refused by
    :func:`load_post`. Folders that cannot be read or that loop, skipped links,
    and file names that are not UTF-8 or hold control characters (they are kept,
    shown escaped) are noted in ``problems``, if given.
    """
    root = Path(content_dir)
    if not root.exists():
        raise BlogweaveError(f"content folder {display_path(root)} does not exist")
    if not root.is_dir():
        raise BlogweaveError(f"content folder {display_path(root)} is not a folder")
    notes = problems if problems is not None else []
    skip = set()
    for folder in exclude:
        try:
            skip.add(_identity(Path(folder)))
        except OSError:
            pass
    seen = {_identity(root)}
    real_root = os.path.realpath(root)
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        notes.append(f"{display_path(err.filename)}: folder skipped: {err.strerror or err}")

    def leaves(path: Path) -> bool:
        """True (and noted) when ``path`` is a link whose target is outside the content folder."""
        if follow_symlinks or not path.is_symlink():
            return False
        target = os.path.realpath(path)
        if os.path.commonpath([target, real_root]) == real_root:
            return False
        notes.append(
            f"{display_path(path)}: skipped: a symbolic link to {display_path(target)}, outside the content "
            "folder (use --follow-symlinks to read it)"
        )
        return True

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=unreadable):
        keep = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            try:
                ident = _identity(path)
            except OSError as err:  # a broken or looping link
                notes.append(f"{display_path(path)}: folder skipped: {err.strerror or err}")
                continue
            if ident in skip or leaves(path):
                continue
            if ident in seen:
                if path.is_symlink():
                    notes.append(f"{display_path(path)}: folder skipped: a link to a folder already read (link loop?)")
                continue
            seen.add(ident)
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(POST_SUFFIXES):
                continue
            path = Path(folder, name)
            if leaves(path):
                continue
            if display_name(name) != name:
                notes.append(
                    f"{display_path(path)}: the file name is not UTF-8 or holds control characters; "
                    "it is shown escaped, as here"
                )
            found.append(path)
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
    rel_path = relative_path(path, Path(content_dir))

    derived = [""] * body_start + _mask(lines[body_start:])
    date = parse_date(first(meta, DATE_KEYS))
    posted_on, posted_by, posted_line = _posted_on(lines, body_start)
    if posted_line is not None:
        derived[posted_line] = ""  # metadata, not prose
    date = date or posted_on or _file_date(path)
    prose, spans, heading, regions, too_deep = to_prose(derived, line_starts)
    # Titles stay as written: site generators print them as plain text ("__init__" is no emphasis).
    title = clean(first(meta, TITLE_KEYS)) or heading or _title_from_name(path)
    blocks = [(title, None)] if title != heading else []
    blocks += [(text, key) for key in PROSE_KEYS if (text := clean(meta.get(key))) and text != title]
    length = len(prose)
    prose, spans = _with_header_text(blocks, prose, spans, lines[:body_start], line_starts)
    shift = len(prose) - length  # header text went before the prose, or nothing changed
    regions = tuple((kind, start + shift, end + shift) for kind, start, end in regions)
    bylines = parse_authors(author_values(meta) or posted_by)
    authors = tuple(name for name, _ in bylines)
    affiliations = _affiliations(bylines, lines[: max(body_start, (posted_line or 0) + 1)])
    if not authors:
        configured = settings.author_for(rel_path)
        authors = (configured,) if configured else ()
    tags = tags_of(meta)
    kind = post_kind(meta, tags)
    if kind == "listing":  # a section or index page: nothing in it is parsed
        prose, spans = "", ()
    return Post(
        rel_path=rel_path,
        title=title,
        text=prose,
        date=date,
        authors=authors,
        tags=tags,
        affiliations=affiliations,
        spans=spans,
        line_starts=tuple(line_starts),
        content_hash=hashlib.sha256(data).hexdigest(),
        kind=kind,
        regions=regions,
        site_owner=settings.site_owner,
        notes=(f"{rel_path}: lists or block quotes nest more than {MAX_NESTING} levels deep; the text "
               "nested deeper was left out",) if too_deep else (),
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


def _utf16_hint(data: bytes) -> str | None:
    """A message for text saved as UTF-16 without a byte order mark (NUL bytes every other byte), else None."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    for name, zeros, text in (("UTF-16-LE", odd, even), ("UTF-16-BE", even, odd)):
        if zeros and zeros.count(0) >= 0.9 * len(zeros) and text.count(0) <= 0.1 * len(text):
            return f"looks like {name} text without a byte order mark; save it as UTF-8"
    return None


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
            raise PostError(path, _utf16_hint(data) or "binary file (contains NUL bytes), not a text post")
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


def _with_header_text(
    blocks: list[tuple[str, str | None]], prose: str, spans: tuple[tuple[int, int], ...], header: list[str],
    line_starts: list[int],
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Put metadata text (the title, a description or summary) before the prose, each a block of its own.

    Titles and descriptions state facts too ("A year at Acme"). ``blocks`` are
    (text, key): a block is added when its text stands verbatim on a header
    line, so its span points at the source; a prose field (``key`` given) that
    does not (a folded YAML value) points at the first line of its value.
    """
    pieces: list[str] = []
    head_spans: list[tuple[int, int]] = []
    offset = 0
    for text, key in blocks:
        source = _locate(text, key, header, line_starts)
        if source is None:
            continue
        # a block without final punctuation gets a full stop, or the parser runs it
        # into the next sentence
        head = text if text[-1] in ".!?:" else text + "."
        head_spans.append((offset, source))
        pieces.append(head)
        offset += len(head) + 2
    if not pieces:
        return prose, spans
    moved = tuple((start + offset, source) for start, source in spans)
    text = "\n\n".join(pieces) + (f"\n\n{prose}" if prose else "")
    return text, (*head_spans, *moved)


#: What may follow "key:" when the value is on the lines below (YAML block scalars, TOML multi-line strings).
_BLOCK_OPENERS = (">", "|", ">-", "|-", ">+", "|+", '"""', "'''")


def _locate(text: str, key: str | None, header: list[str], line_starts: list[int]) -> int | None:
    """The source offset of a header value: where it stands verbatim, else (prose fields) where its value starts."""
    for index, line in enumerate(header):
        column = line.find(text) if text else -1
        if column >= 0:
            return line_starts[index] + column
    if key is None:
        return None
    opener = re.compile(rf"^\s*(?:\.\.\s+)?{re.escape(key)}\s*[:=]\s*", re.I)
    for index, line in enumerate(header):
        match = opener.match(line)
        if not match:
            continue
        rest = line[match.end() :].strip()
        if rest and rest not in _BLOCK_OPENERS:
            return line_starts[index] + match.end()
        for below in range(index + 1, len(header)):
            if header[below].strip():
                return line_starts[below] + len(header[below]) - len(header[below].lstrip())
        return line_starts[index]
    return None


def _affiliations(bylines: list[tuple[str, str | None]], header: list[str]) -> tuple[tuple[str, str, int], ...]:
    """(author, organization, 1-based line) for each byline that names an affiliation."""
    found = []
    for name, organization in bylines:
        if organization:
            line = next((i for i, text in enumerate(header, 1) if organization in text and name in text), 1)
            found.append((name, organization, line))
    return tuple(found)


def _title_from_name(path: Path) -> str:
    stem = display_name(path.stem)  # a file name is data: undecodable bytes and control characters escaped
    stem = _FILE_DATE.sub("", stem) or stem
    return " ".join(re.split(r"[-_\s]+", stem)).strip() or stem


def _posted_on(lines: list[str], body_start: int) -> tuple[str | None, str | None, int | None]:
    """Date and author ("by ...") of a "Posted on: <date>" line near the top, and the line's index."""
    seen = 0
    for index in range(body_start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        found = _posted_on_line(line) if len(line) <= MAX_POSTED_ON_LINE else None
        if found:
            date = parse_date(found[0])
            if date:
                return date, found[1], index
        seen += 1
        if seen >= POSTED_ON_WINDOW:
            break
    return None, None, None


def _posted_on_line(line: str) -> tuple[str, str | None] | None:
    """(date text, author or None) of a line such as "*Posted on May 26, 2021 by Jane Doe*"."""
    match = _POSTED_ON.match(line)
    if not match:
        return None
    rest = line[match.end():].strip().strip("*_").strip()
    for by in _POSTED_BY.finditer(rest):  # the first " by " that leaves a name after it
        date, author = rest[: by.start()].rstrip("*_ \t"), rest[by.end():].lstrip("*_").strip()
        if 4 <= len(date) <= 60 and _AUTHOR_TEXT.fullmatch(author):
            return date, author
    return (rest, None) if 4 <= len(rest) <= 60 else None


def _file_date(path: Path) -> str | None:
    match = _FILE_DATE.match(path.name)
    return parse_date(match.group(0).strip("-_")) if match else None


def relative_path(path: Path, content_dir: Path) -> str:
    """The post's path below the content folder, as shown, as its IRI is made and in its cache key."""
    try:
        rel = path.relative_to(content_dir).as_posix()
    except ValueError:
        try:
            rel = path.resolve().relative_to(content_dir.resolve()).as_posix()
        except (ValueError, OSError):
            rel = path.name
    return display_name(rel)
