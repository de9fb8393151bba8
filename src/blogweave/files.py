"""Writing files so that a failed or killed build never leaves one half-written.

Every output, cache entry and stamp is written to a temporary file beside its
target and renamed into place (``os.replace`` is atomic on one file system).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_output(
    path: Path, is_dir: bool = False, mode: int | None = 0o644, guard: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only when the block succeeds.

    The temporary is named ``.NAME.XXXX.tmp``; a folder output parks its previous copy as
    ``.NAME.old`` while swapping (``pipeline.build.clean_stale_outputs`` tidies both after a
    kill). ``mode`` is the file's permission bits; None keeps the private 0600 of a new temporary.
    ``guard(path)`` runs before writing and again just before the rename; it raises to refuse.
    """
    path = Path(path)
    if guard is not None:
        guard(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_dir:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
    try:
        yield tmp
        if guard is not None:
            guard(path)  # again: something may have appeared at the path while writing
        if is_dir:
            old = None
            if os.path.lexists(path):
                old = path.with_name(f".{path.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                path.rename(old)
            tmp.rename(path)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            remove(tmp)


def write_atomic(path: Path, data: bytes, mode: int | None = 0o644) -> None:
    """Write ``data`` to ``path`` through ``atomic_output``."""
    with atomic_output(path, mode=mode) as tmp:
        tmp.write_bytes(data)


def remove(path: Path) -> None:
    """Delete a file, link or folder; nothing when it is already gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
