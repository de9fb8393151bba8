"""What a build did, for the summary the CLI prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildReport:
    """What a build did, for the summary the CLI prints."""

    posts_found: int = 0
    posts_read: int = 0
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)  # outputs of an earlier build this one no longer writes
    cached: int = 0  # posts taken from the cache
    parsed: int = 0  # posts parsed in this build
    cache_rejected: int = 0  # damaged cache entries found, deleted and parsed again
    failed: int = 0  # posts kept without facts because parsing or extraction failed (tried again next build)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    skipped: Counter = field(default_factory=Counter)  # files not read as posts, by reason
    conventions: list[str] = field(default_factory=list)  # the site conventions detected
    up_to_date: bool = False  # nothing changed since the last build: outputs left as they were
