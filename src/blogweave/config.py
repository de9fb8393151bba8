"""One frozen settings object: command line > environment > config files > defaults.

Config files: ``blogweave.toml`` in the content folder, then the
``[tool.blogweave]`` table of ``pyproject.toml`` in the working directory.
Keys (all optional)::

    [tool.blogweave]
    min_confidence = 0.5
    formats = ["turtle", "html", "graphml", "json"]
    base_iri = "https://example.org/kg/"
    model = "en_core_web_sm"
    processes = 2              # 0 = all cores
    batch_size = 32
    site_owner = "Acme Labs"   # the organization the site speaks for: its "we" and "our"

    [tool.blogweave.authors]   # glob (below the content folder) -> author
    "alice/**" = "Alice Example"
    "2021-*.md" = "Bob Example"

Site settings (which files are posts; see ``blogweave.posts.sites``)::

    include = ["blog/**"]      # only these paths (globs below the content folder) are read
    exclude = ["notes/**", "**/old-*.md"]
    drafts = false             # true: read drafts too (``--drafts``)
    default_author = "Ann Example"   # for posts that name no author

Environment variables ``BLOGWEAVE_<KEY>`` (upper case) override files.

Who may set what (see SECURITY.md): the content folder usually comes from a
repository someone else wrote, so its ``blogweave.toml`` may set only what a
post's meaning depends on (``CONTENT_FOLDER_SETTINGS``: authors, curation,
includes and excludes); anything else in it is a ConfigError naming the file
and the key. ``USER_ONLY_SETTINGS`` (connecting to a Dask scheduler, following
symbolic links out of the content folder) come only from the command line or
the environment, never from a file, since a cloned ``pyproject.toml`` is as
foreign as the posts beside it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, fields, replace
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from blogweave.errors import ConfigError, UsageError
from blogweave.models import ENTITY_TYPES, RELATIONS

DEFAULT_FORMATS = ("turtle", "html", "graphml", "json")
DEFAULT_BASE_IRI = "https://w3id.org/blogweave/id/"

#: The curation tables of a content folder's ``blogweave.toml`` (``blogweave.resolve.curation``): top-level
#: tables held together in ``Settings.curation``, read only from the content folder.
CURATION_TABLES = ("aliases", "types", "same", "distinct", "reject", "assert")

#: What a content folder's ``blogweave.toml`` may set: what the posts mean, nothing that
#: runs code, reaches the network, or writes outside the output folder the user chose.
CONTENT_FOLDER_SETTINGS = frozenset(
    {"authors", "min_confidence", "base_iri", "include", "exclude", "default_author", "drafts", "curation",
     "site_owner", *CURATION_TABLES}
)
#: What only the command line or the environment may set: a Dask scheduler is trusted with
#: code (it answers with pickles) and sees every post; followed links read files anywhere.
USER_ONLY_SETTINGS = frozenset({"scheduler", "follow_symlinks"})


@dataclass(frozen=True)
class Settings:
    content_dir: Path = Path("content")
    out_dir: Path = Path("output")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    min_confidence: float = 0.0
    base_iri: str = DEFAULT_BASE_IRI
    model: str | None = None  # None: the first English model found
    processes: int = 0  # 0: all cores
    batch_size: int = 32
    scheduler: str | None = None  # None: local; "distributed" or "tcp://host:port": Dask
    cache: bool = True
    strict: bool = False
    follow_symlinks: bool = False  # follow links that leave the content folder
    authors: tuple[tuple[str, str], ...] = ()  # (glob, author name)
    include: tuple[str, ...] = ()  # globs below the content folder; empty: every post file
    exclude: tuple[str, ...] = ()
    drafts: bool = False  # read drafts (front matter draft: true, _drafts/)
    default_author: str | None = None  # the author of a post that names none
    #: The organization whose site this is: "we"/"our" in its posts stand for it. None: "we" is never an
    #: organization (unless a post's author is one).
    site_owner: str | None = None
    #: The content folder's corrections ([aliases], [types], [same], [distinct], [[reject]], [[assert]]),
    #: a ``blogweave.resolve.curation.Curation``, or None
    curation: "Curation | None" = None

    def author_for(self, rel_path: str) -> str | None:
        """The author configured for a post path below the content folder, if any."""
        for pattern, name in self.authors:
            if fnmatch(rel_path, pattern) or fnmatch(rel_path, pattern.rstrip("/") + "/*"):
                return name
        return None


def _read_toml(path: Path, table: tuple[str, ...]) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read configuration: {err}") from err
    for key in table:
        data = data.get(key, {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [{'.'.join(table)}] must be a table")
    return data


SITE_SETTINGS = ("include", "exclude", "drafts", "default_author", "site_owner")


def _coerce_site(name: str, value: Any) -> Any:
    """The site settings (which files are posts, who wrote them); ValueError when a value does not fit."""
    if name in ("include", "exclude"):
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
            raise ValueError("must be a list of globs")
        return tuple(item.strip() for item in items if item.strip())
    if name == "drafts":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    if value is None or (isinstance(value, str) and value.strip()):
        return None if value is None else " ".join(value.split())
    raise ValueError("must be a name")


def _check_base_iri(value: Any) -> str:
    """An absolute http(s) IRI that ends in / or #, with no character an IRI cannot hold."""
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        raise ValueError("must be a string")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http:// or https:// IRI")
    if any(c in value for c in ' <>"{}|^`\\') or not value.isprintable():
        raise ValueError("holds a character an IRI cannot (space, quote, brackets or control character)")
    if not value.endswith(("/", "#")):
        raise ValueError("must end with / or #, so names can be appended")
    return value


def _coerce(name: str, value: Any, source: str) -> Any:
    try:
        if name in SITE_SETTINGS:
            return _coerce_site(name, value)
        if name in ("content_dir", "out_dir"):
            return Path(value)
        if name == "formats":
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(item.strip() for item in items if item.strip())
        if name == "min_confidence":
            number = float(value)
            if not 0.0 <= number <= 1.0:
                raise ValueError("must be between 0 and 1")
            return number
        if name in ("processes", "batch_size"):
            number = int(value)
            if number < 0 or (name == "batch_size" and number == 0):
                raise ValueError("must be a positive whole number")
            return number
        if name in ("cache", "strict", "follow_symlinks"):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if name == "base_iri":
            return _check_base_iri(value)
        if name == "curation":
            raise ValueError("write curation as top-level tables of the content folder's blogweave.toml: "
                             + ", ".join(CURATION_TABLES))
        if name == "authors":
            if not isinstance(value, dict):
                raise ValueError("must be a table of glob = author name")
            return tuple((str(k), str(v)) for k, v in value.items())
        return None if value is None else str(value)
    except (TypeError, ValueError) as err:
        error = UsageError if source.startswith("--") else ConfigError  # an option's value: a usage error
        raise error(f"{source}: invalid value {value!r} for {name}: {err}") from err


def _not_allowed(key: str, source: str, allowed: list[str]) -> str:
    if key in USER_ONLY_SETTINGS:
        where = "only the command line or a BLOGWEAVE_ environment variable may set it"
    else:
        where = "a content folder may set only what its posts mean: " + ", ".join(allowed)
    return f"{source}: setting {key!r} is not allowed in this file; {where} (see SECURITY.md)"


@dataclass(frozen=True)
class Override:
    """One line of curation: its kind (a table name), its values, and where it was written."""

    kind: str
    values: tuple[str, ...]
    file: str
    line: int
    note: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Curation:
    overrides: tuple[Override, ...] = ()
    digest: str = ""  # of the file's text, for the up-to-date stamp

    def of(self, kind: str) -> list[Override]:
        return [o for o in self.overrides if o.kind == kind]


def _line_finder(text: str):
    """A function giving the 1-based line of a key (or table header) in the file, searching on from a line."""
    lines = text.splitlines()

    def find(pattern: str, after: int = 0) -> int:
        regex = re.compile(pattern)
        for number in range(after, len(lines)):
            if regex.search(lines[number]):
                return number + 1
        return after + 1 if after < len(lines) else max(len(lines), 1)

    return find


def _key_pattern(key: str) -> str:
    quoted = re.escape(key)
    return rf'^\s*(?:"{quoted}"|\'{quoted}\'|{quoted})\s*='


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a name")
    return " ".join(value.split())


def parse_curation(path: Path, data: dict[str, Any], text: str) -> Curation:
    """The overrides of the curation tables in ``data`` (read from ``path``, whose ``text`` gives the lines).

    Raises ValueError (with the table named) when a table has the wrong shape.
    """
    find = _line_finder(text)
    file = Path(path).name  # as seen from the content folder, whose root holds it: outputs name no absolute path
    out: list[Override] = []
    for kind in ("aliases", "types", "same", "distinct"):
        table = data.get(kind)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ValueError(f"[{kind}] must be a table")
        start = find(rf"^\s*\[{kind}\]") - 1
        for key, value in table.items():
            line = find(_key_pattern(key), start)
            if kind in ("aliases", "types"):
                values = (_name(key, f"[{kind}] key"), _name(value, f"[{kind}] {key!r}"))
                if kind == "types" and values[1] not in ENTITY_TYPES:
                    raise ValueError(f"[types] {key!r}: type must be one of {', '.join(ENTITY_TYPES)}")
            else:
                if not isinstance(value, list) or len(value) < 2:
                    raise ValueError(f"[{kind}] {key!r} must be a list of two or more names")
                values = tuple(_name(v, f"[{kind}] {key!r}") for v in value)
            out.append(Override(kind, values, file, line))
    for kind in ("reject", "assert"):
        items = data.get(kind)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError(f"[[{kind}]] must be an array of tables")
        after = 0
        for item in items:
            line = find(rf"^\s*\[\[{kind}\]\]", after)
            after = line
            subject = _name(item.get("subject"), f"[[{kind}]] subject")
            relation = item.get("relation")
            if relation not in RELATIONS:
                raise ValueError(f"[[{kind}]] relation must be one of {', '.join(RELATIONS)}")
            obj = _name(item.get("object"), f"[[{kind}]] object")
            note = item.get("note", "")
            if not isinstance(note, str):
                raise ValueError(f"[[{kind}]] note must be text")
            if kind == "assert" and not note.strip():
                raise ValueError("[[assert]] needs a note: why the fact holds")
            out.append(Override(kind, (subject, relation, obj), file, line, " ".join(note.split())))
    return Curation(tuple(out), hashlib.sha256(text.encode()).hexdigest())


def _read_curation(path: Path, data: dict[str, Any]):
    """The curation tables of a content folder's ``blogweave.toml``, or None when it has none."""
    if not any(key in data for key in CURATION_TABLES):
        return None
    try:
        return parse_curation(path, data, path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ConfigError(f"{path}: {err}") from err


def load_settings(content_dir: Path | None = None, cwd: Path | None = None, **overrides: Any) -> Settings:
    """Settings for one run; ``overrides`` (from the command line) win, ``None`` means unset."""
    cwd = cwd or Path.cwd()
    names = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    content = Path(content_dir) if content_dir is not None else Path("content")
    layers = [  # (settings, source, the settings this file may set)
        (_read_toml(cwd / "pyproject.toml", ("tool", "blogweave")), str(cwd / "pyproject.toml"),
         names - USER_ONLY_SETTINGS - {"content_dir"}),
        (_read_toml(content / "blogweave.toml", ()), str(content / "blogweave.toml"), CONTENT_FOLDER_SETTINGS),
    ]
    values["curation"] = _read_curation(content / "blogweave.toml", layers[1][0])
    for data, source, allowed in layers:
        for key, value in data.items():
            key = key.replace("-", "_")
            if key in CURATION_TABLES and source == str(content / "blogweave.toml"):
                continue
            if key not in names:
                raise ConfigError(f"{source}: unknown setting {key!r}; valid: {', '.join(sorted(names))}")
            if key not in allowed:
                raise ConfigError(_not_allowed(key, source, sorted(allowed & names)))
            values[key] = _coerce(key, value, source)
    for key in names:
        env = os.environ.get(f"BLOGWEAVE_{key.upper()}")
        if env is not None and key not in ("authors", "curation"):
            values[key] = _coerce(key, env, f"BLOGWEAVE_{key.upper()}")
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(key, value, f"--{key.replace('_', '-')}")
    values["content_dir"] = content
    return replace(Settings(), **values)
