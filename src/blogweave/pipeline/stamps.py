"""Up-to-date stamps: a digest of everything a build's outputs depend on, and the report of the last build."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from blogweave.pipeline.batches import Job
from blogweave.pipeline.cache import package_digest
from blogweave.pipeline.report import BuildReport
from blogweave.config import Settings


def inputs_digest(settings: Settings, cache, scanned: list[Job], site_digest: str = "") -> str | None:
    """A digest of everything the outputs depend on, or None when it cannot be known (no cache, unreadable post).

    ``site_digest`` stands for the site's files that shape the outputs (its authors files).
    """
    if cache is None or any(job.key is None for job in scanned):
        return None
    whole = [cache.root.name, package_digest(extraction_only=False), list(settings.formats), settings.min_confidence,
             settings.base_iri, [job.key for job in scanned], settings.drafts, settings.default_author, site_digest,
             settings.curation.digest if settings.curation is not None else ""]
    return hashlib.sha256(json.dumps(whole).encode()).hexdigest()


def make_stamp(inputs: str, report: BuildReport) -> dict:
    outputs = {}
    for name, path in report.outputs.items():
        info = path.stat()
        outputs[name] = [str(path), info.st_size, info.st_mtime_ns]
    return {
        "inputs": inputs,
        "outputs": outputs,
        "report": {"posts_found": report.posts_found, "posts_read": report.posts_read,
                   "entities": dict(report.entities), "facts": dict(report.facts), "warnings": report.warnings,
                   "skipped": dict(report.skipped), "conventions": report.conventions},
    }


def up_to_date(cache, inputs: str, report: BuildReport) -> bool:
    """True, with ``report`` filled in from the last build, when its inputs and untouched outputs match."""
    stamp = cache.read_stamp()
    try:
        if stamp["inputs"] != inputs:
            return False
        for name, (path, size, mtime) in stamp["outputs"].items():
            info = os.stat(path)
            if (info.st_size, info.st_mtime_ns) != (size, mtime):
                return False
        last = stamp["report"]
        report.posts_found, report.posts_read = int(last["posts_found"]), int(last["posts_read"])
        report.entities, report.facts = Counter(last["entities"]), Counter(last["facts"])
        report.warnings = [str(w) for w in last["warnings"]]
        report.skipped = Counter({str(k): int(v) for k, v in last.get("skipped", {}).items()})
        report.conventions = [str(c) for c in last.get("conventions", [])]
        report.outputs = {name: Path(path) for name, (path, _, _) in stamp["outputs"].items()}
    except (KeyError, TypeError, ValueError, OSError, AttributeError):
        return False
    report.cached = report.posts_read
    report.up_to_date = True
    return True
