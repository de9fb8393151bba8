"""A site's authors file, and the author values of a post (names, slugs) turned into people's names.

Site generators let a post name its authors by a short id ("slug") that a
data file of the site spells out:

* Jekyll: ``_data/authors.yml`` (``jdoe: {name: Jane Doe}``, or a list of maps
  with an ``id``/``slug``/``key`` and a ``name``);
* Hugo: ``data/authors/<slug>.yaml|yml|toml|json`` (one file per person, with a
  ``name``), or ``data/authors.yml`` like Jekyll's;
* MkDocs Material blog: ``.authors.yml`` beside the posts (``authors: {jdoe: {name: ...}}``).

:func:`read_author_files` finds these files in the content folder, in its parent
and grandparent (the site root when the content folder is ``content/`` or
``_posts/``), and, for ``.authors.yml``, anywhere below the content folder.
:func:`author_names` maps a post's author values through them: a known slug
becomes the name the file gives; an unknown one that looks like a slug
("jane-doe", "jdoe") becomes a readable name ("Jane Doe", "Jdoe") and the slug
is kept as an alias; anything else is a name already.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogweave.errors import PostError
from blogweave.posts.headers import _yaml, clean

#: Files holding a mapping (or list) of slug -> person, below the site root.
AUTHOR_FILES = (
    "_data/authors.yml", "_data/authors.yaml", "_data/authors.json",
    "data/authors.yml", "data/authors.yaml", "data/authors.toml", "data/authors.json",
    ".authors.yml", ".authors.yaml",
)  # fmt: skip
#: Folders holding one file per person, named by slug (Hugo).
AUTHOR_FOLDERS = ("data/authors",)
#: How far above the content folder the site root may be.
ROOT_LEVELS = 2
#: Larger authors files are ignored (with a note): they are lists of people, not data dumps.
MAX_AUTHORS_FILE_BYTES = 1024 * 1024
NAME_KEYS = ("name", "display_name", "full_name", "fullname", "title")
ID_KEYS = ("id", "slug", "key", "username", "handle")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class AuthorDirectory:
    """Every person a site's authors files name: (slug in lower case, name), and the files read."""

    people: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()
    digest: str = ""

    def name_of(self, slug: str) -> str | None:
        key = slug.strip().lower()
        return next((name for known, name in self.people if known == key), None)


def read_author_files(content_dir: Path, problems: list[str] | None = None) -> AuthorDirectory:
    """The authors files of the site around ``content_dir`` (see the module's docstring)."""
    content = Path(content_dir)
    candidates: list[Path] = []
    for level, root in enumerate([content, *list(content.resolve().parents)[:ROOT_LEVELS]]):
        candidates += [root / name for name in AUTHOR_FILES]
        for folder in AUTHOR_FOLDERS:
            if (root / folder).is_dir():
                candidates += sorted(p for p in (root / folder).iterdir() if p.suffix in (".yml", ".yaml", ".toml", ".json"))
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_site", "node_modules")))
        candidates += [Path(folder, name) for name in files if name in (".authors.yml", ".authors.yaml")]
    people: dict[str, str] = {}
    used: list[str] = []
    digest = hashlib.sha256()
    seen: set[Path] = set()
    for path in candidates:
        try:
            if not path.is_file() or path.resolve() in seen:
                continue
            seen.add(path.resolve())
            if path.stat().st_size > MAX_AUTHORS_FILE_BYTES:
                raise PostError(path, f"authors file larger than {MAX_AUTHORS_FILE_BYTES // 1024} KiB; ignored")
            data = path.read_bytes()
            found = _people(_parse(path, data), path)
        except PostError as err:
            if problems is not None:
                problems.append(str(err))
            continue
        except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError) as err:
            if problems is not None:
                problems.append(f"{path}: authors file ignored: {err}")
            continue
        if found:
            used.append(_shown(path, content))
            digest.update(str(path).encode() + b"\0" + data + b"\0")
            for slug, name in found.items():
                people.setdefault(slug, name)
    return AuthorDirectory(tuple(sorted(people.items())), tuple(used), digest.hexdigest() if used else "")


def _shown(path: Path, content: Path) -> str:
    try:
        return os.path.relpath(path, content)
    except ValueError:
        return str(path)


def _parse(path: Path, data: bytes) -> Any:
    text = data.decode("utf-8-sig")
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if not text.strip():
        return {}
    return _yaml(text, path)


def _people(data: Any, path: Path) -> dict[str, str]:
    """slug -> name from one file: a map of slug -> person, a list of persons with ids, or one person (Hugo)."""
    if isinstance(data, dict) and isinstance(data.get("authors"), (dict, list)):  # MkDocs: authors: {...}
        data = data["authors"]
    found: dict[str, str] = {}
    if isinstance(data, dict):
        own = _name(data)
        if own and path.parent.name == "authors" and path.stem not in data:  # Hugo: data/authors/jdoe.yaml
            return {path.stem.lower(): own}
        for slug, person in data.items():
            name = _name(person) if isinstance(person, dict) else clean(person) if isinstance(person, str) else ""
            if name:
                found[str(slug).strip().lower()] = name
    elif isinstance(data, list):
        for person in data:
            if isinstance(person, dict):
                name = _name(person)
                slug = next((clean(person[k]) for k in ID_KEYS if isinstance(person.get(k), (str, int))), "")
                if name and slug:
                    found[slug.lower()] = name
    return found


def _name(person: dict) -> str:
    lowered = {str(k).lower(): v for k, v in person.items()}
    for key in NAME_KEYS:
        if isinstance(lowered.get(key), str) and clean(lowered[key]):
            return clean(lowered[key])
    return ""


def looks_like_slug(value: str) -> bool:
    """True for an id such as "jdoe" or "jane-doe": lower case, no spaces."""
    return bool(_SLUG.match(value)) and any(c.isalpha() for c in value)


def readable(slug: str) -> str:
    """A person's name made from a slug: "jane-doe" -> "Jane Doe"."""
    return " ".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]+", slug) if part)


def author_names(values: tuple[str, ...], directory: AuthorDirectory) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(names, (name, alias) pairs) for a post's author values, slugs resolved through ``directory``."""
    names: list[str] = []
    aliases: list[tuple[str, str]] = []
    for value in values:
        known = directory.name_of(value)
        if known:
            name = known
        elif looks_like_slug(value):
            name = readable(value)
        else:
            name = value
        if name != value:
            aliases.append((name, value))
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return tuple(names), tuple(aliases)
