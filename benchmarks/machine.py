"""What the speed and memory benchmarks print about the machine they ran on, and a corpus copier."""

from __future__ import annotations

import os
import platform
import shutil
import sys
from pathlib import Path

from blogweave.pipeline.cache import dist_version

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def describe() -> str:
    """One line: CPU, cores, memory, Python, spaCy and model versions, and the load when measured."""

    from blogweave.nlp.pipeline import model_name

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        memory = "RAM unknown"
    model = model_name(None)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory}; Python {platform.python_version()}, "
        f"spaCy {dist_version('spacy')}, {model} {dist_version(model)}; load average {load}"
    )


def corpus_or_exit() -> Path:
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is not there: these benchmarks need ../shared beside the checkout")
    return CORPUS


def replicate(source: Path, copies: int, target: Path) -> int:
    """``copies`` copies of every file below ``source``, each under its own ``copyNN/`` folder; returns files."""
    count = 0
    for k in range(copies):
        dest = target / f"copy{k:03d}"
        shutil.copytree(source, dest)
        count += sum(1 for p in dest.rglob("*") if p.is_file())
    return count
