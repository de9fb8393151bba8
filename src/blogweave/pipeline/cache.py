"""The incremental build cache: one checked file per post, in the output folder.

Layout: ``OUT/.blogweave-cache/<fingerprint>/<aa>/<key>.bwc`` where

* ``fingerprint`` names everything that changes what extraction yields for the
  same file: blogweave's version, a hash of the package's extraction code and
  data files (a changed rule invalidates), the spaCy and model versions, and the
  settings that reach the loader (model, author globs). Another fingerprint's
  folder is ignored and removed after the next successful build.
* ``key`` is the SHA-256 of the post's path below the content folder and its raw
  bytes, so an edited, renamed or moved post is parsed again.

Each entry is ``MAGIC + sha256(key + payload) + payload`` with ``payload`` a
pickle of the post's ``Extraction`` (its text dropped). It is written to a temporary file
and renamed into place, so a killed build leaves whole entries or none.

Trust model: the cache lives in the user's own output folder, like
``__pycache__`` beside a module, and is trusted no more than that folder. The
checksum catches truncation, garbage, bit rot and an entry copied under another
key (a bad entry is deleted and the post parsed again); it is not a signature, since whoever can write the folder
can also write a matching checksum. As a second line, entries are unpickled by
an unpickler that only constructs the plain dataclasses of ``blogweave.models``
(no other class or function can be named), so a forged entry can at worst give
wrong facts, not run code.

A cache is only ever data: entries are opened without following links and
without blocking, only regular files no larger than ``MAX_ENTRY_BYTES`` are
read, and every field of a decoded entry is checked against the type the
dataclass declares (a bad one is a damaged entry). Nothing in the cache is a
symbolic link blogweave follows: when ``.blogweave-cache`` or its fingerprint
folder is a link, the cache is not used and nothing below it is removed
(``BuildCache.problem`` says why), and pruning removes links, never their targets.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import stat
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path

from blogweave import models
from blogweave.files import remove, write_atomic
from blogweave.models import Extraction
from blogweave.nlp.pipeline import model_name

CACHE_DIR = ".blogweave-cache"
MAGIC = b"BWC1\n"
_DIGEST = 32
_SUFFIX = ".bwc"
STAMP = "build.json"
#: Entries (and stamps) larger than this are damaged: no post's extraction comes near it.
MAX_ENTRY_BYTES = 32 * 1024 * 1024

#: Package parts that cannot change what a post yields; everything else is hashed.
#: What extraction depends on, by rule: the packages of the stages up to extraction, and every module
#: at the package's top (settings, models, errors and the shared helpers they use). The later stages
#: (resolve, graph, exporters, build, sparql) and the page assets only shape the outputs.
EXTRACTION_PACKAGES = ("posts", "nlp", "relations")
#: Settings that only shape the output or the speed, not what a post yields.
_OUTPUT_SETTINGS = {"content_dir", "out_dir", "formats", "min_confidence", "base_iri", "processes",
                    "batch_size", "scheduler", "cache", "strict", "follow_symlinks",
                    # site settings act after the cache (blogweave.posts.sites.apply_site)
                    "include", "exclude", "drafts", "default_author",
                    # curation acts after resolution (blogweave.resolve.curation)
                    "curation"}


def package_digest(root: Path | None = None, extraction_only: bool = True) -> str:
    """A hash of blogweave's code and data files below ``root`` (the package by default).

    By default only what extraction depends on (``EXTRACTION_PACKAGES`` and the top-level
    modules); ``extraction_only=False`` for everything.
    """
    root = root or Path(models.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_dir() or "__pycache__" in rel.parts:
            continue
        if extraction_only and len(rel.parts) > 1 and rel.parts[0] not in EXTRACTION_PACKAGES:
            continue
        if path.suffix in (".pyc", ".pyo"):
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def dist_version(name: str) -> str:
    """An installed distribution's version, without importing it (spaCy takes a second to import)."""
    from importlib import metadata

    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def fingerprint(settings, model_name: Callable[[str | None], str] = model_name) -> str:
    """What a cached extraction depends on besides the post itself, as a short hex digest.

    ``model_name`` finds the installed model's package name (the build passes its stage's).
    """
    model = model_name(settings.model)
    loader_settings = {
        f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in _OUTPUT_SETTINGS
    }
    parts = [
        f"blogweave={dist_version('blogweave')}",
        f"code={package_digest()}",
        f"spacy={dist_version('spacy')}",
        f"model={model}=={dist_version(model)}",
        f"settings={sorted(loader_settings.items())!r}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def post_key(rel_path: str, data: bytes) -> str:
    """The cache key of one post: its path below the content folder and its raw bytes."""
    digest = hashlib.sha256(rel_path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


class _ModelsUnpickler(pickle.Unpickler):
    """Constructs only blogweave.models dataclasses; any other global in the stream is refused."""

    def find_class(self, module: str, name: str):
        if module == models.__name__:
            cls = getattr(models, name, None)
            if isinstance(cls, type) and dataclasses.is_dataclass(cls):
                return cls
        raise pickle.UnpicklingError(f"cache entry names {module}.{name}, which is not allowed")


def _checksum(key: str, payload: bytes) -> bytes:
    # the key is part of the checksum, so an entry copied under another post's key is refused too
    return hashlib.sha256(key.encode() + b"\0" + payload).digest()


def encode_entry(key: str, extraction: Extraction) -> bytes:
    payload = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + _checksum(key, payload) + payload


def decode_entry(key: str, data: bytes) -> Extraction | None:
    """The extraction in the cache entry stored under ``key``, or None when it is damaged in any way."""
    head = len(MAGIC) + _DIGEST
    if len(data) <= head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    if _checksum(key, payload) != data[len(MAGIC):head]:
        return None
    try:
        value = _ModelsUnpickler(io.BytesIO(payload)).load()
    except Exception:  # a forged entry with a matching checksum: refuse it, whatever went wrong
        return None
    return value if isinstance(value, Extraction) and well_typed(value) else None


def well_typed(value, hint=None) -> bool:
    """True when ``value`` (a models dataclass by default) matches its declared type, field by field, all the way down."""
    if hint is None:
        hint = type(value)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(well_typed(value, option) for option in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(well_typed(item, args[0]) for item in value)
        return len(value) == len(args) and all(well_typed(v, a) for v, a in zip(value, args))
    if hint is float:
        return type(value) in (float, int)
    if hint in (str, int, bool):
        return type(value) is hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if type(value) is not hint:
            return False
        hints = _field_types(hint)
        return all(well_typed(getattr(value, f.name, None), hints[f.name]) for f in dataclasses.fields(hint))
    return False


_HINTS: dict[type, dict] = {}


def _field_types(cls: type) -> dict:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, vars(models))
    return _HINTS[cls]


def read_regular(path: Path, limit: int | None = None) -> bytes | None:
    """A regular file's bytes, without following a link or blocking on a FIFO; None otherwise or past ``limit``."""
    limit = MAX_ENTRY_BYTES if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            data = handle.read(limit + 1)
        except OSError:
            return None
    return data if len(data) <= limit else None


def _real_dir(path: Path) -> bool:
    """True when ``path`` is a folder itself, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _absent_or_real_dir(path: Path) -> bool:
    return not os.path.lexists(path) or _real_dir(path)


class BuildCache:
    """Cached extractions of one output folder for one fingerprint."""

    def __init__(self, out_dir: Path, fingerprint: str):
        self.base = Path(out_dir) / CACHE_DIR
        self.root = self.base / fingerprint
        self.used: set[str] = set()
        self.rejected = 0  # damaged entries found (and deleted) in this build

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / (key + _SUFFIX)

    def problem(self) -> str | None:
        """Why this cache must not be used (a folder in it is a symbolic link), or None."""
        for folder in (self.base, self.root):
            if not _absent_or_real_dir(folder):
                return (
                    f"{folder} is not a folder of its own (a symbolic link?); the build cache is not used "
                    "and nothing in it is removed: delete it to use the cache again"
                )
        return None

    def _safe(self, path: Path) -> bool:
        """True when the folders down to ``path`` are real folders or absent (no link is followed)."""
        return all(_absent_or_real_dir(folder) for folder in (self.base, self.root, path.parent))

    def get(self, key: str) -> Extraction | None:
        path = self._path(key)
        if not self._safe(path):
            return None
        if not os.path.lexists(path):
            return None
        data = read_regular(path)
        extraction = decode_entry(key, data) if data is not None else None
        if extraction is None:
            self.rejected += 1
            path.unlink(missing_ok=True)
            return None
        self.used.add(key)
        return extraction

    def put(self, key: str, extraction: Extraction) -> None:
        """Store an entry atomically; a cache that cannot be written is only a slower next build."""
        path = self._path(key)
        if not self._safe(path):
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not self._safe(path):  # a link put there meanwhile
                return
            write_atomic(path, encode_entry(key, extraction), mode=None)
        except OSError:
            return
        self.used.add(key)

    def read_stamp(self) -> dict:
        """What the last successful build recorded (see pipeline.build), or {} when absent or unreadable."""
        import json

        if not self._safe(self.root / STAMP):
            return {}
        data = read_regular(self.root / STAMP)
        try:
            value = json.loads(data.decode("utf-8")) if data is not None else {}
        except (ValueError, RecursionError):
            return {}
        return value if isinstance(value, dict) else {}

    def write_stamp(self, value: dict) -> None:
        import json

        if not self._safe(self.root / STAMP):
            return
        try:
            write_atomic(self.root / STAMP, json.dumps(value).encode("utf-8"), mode=None)
        except OSError:
            return

    def prune(self) -> None:
        """After a successful build: drop other fingerprints, entries no post used, and stray temp files."""
        if self.problem() is not None or not _real_dir(self.base):
            return
        try:
            for entry in os.scandir(self.base):
                if entry.path != str(self.root):
                    remove(Path(entry.path))
            if not _real_dir(self.root):
                return
            for shard in _subdirs(self.root):
                for entry in os.scandir(shard):
                    name = entry.name
                    if not (name.endswith(_SUFFIX) and name[: -len(_SUFFIX)] in self.used):
                        remove(Path(entry.path))
        except OSError:
            return


def _subdirs(path: Path) -> Iterable[str]:
    return [entry.path for entry in os.scandir(path) if entry.is_dir(follow_symlinks=False)]
