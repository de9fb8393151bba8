"""Issue 5 (d): peak memory and time of a cold build of the corpus replicated 10 and 40 times.

    .venv/bin/python benchmarks/memory.py                 # 10x and 40x (the 40x run takes a long while)
    .venv/bin/python benchmarks/memory.py --times 10 -j 2

The corpus is copied N times into a temporary folder (``copy000/...``,
``copy001/...``: every post gets a new path, so none is a duplicate), then
``blogweave build --no-cache`` runs as a subprocess while this script samples,
every 0.2 s, the memory of its whole process tree (the build and its worker
processes):

* RSS: the sum of each process's resident set; pages shared between the build
  and its forked workers count once per process, so this over-counts;
* PSS: the proportional set size (shared pages split between their sharers),
  the fairest figure for "memory the build uses" (Linux only).

Targets: the 10x build under 1.5 GB, and the 40x build at most 4 times the 10x.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import corpus_or_exit, describe, replicate  # noqa: E402


def tree_memory(root: psutil.Process) -> tuple[int, int]:
    """(RSS sum, PSS sum) in bytes over ``root`` and its descendants; processes that vanish are skipped."""
    rss = pss = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    for proc in processes:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def measure(content: Path, out: Path, processes: int) -> tuple[float, int, int, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "blogweave", "build", str(content), "--out", str(out), "--no-cache", "-j", str(processes)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    watched = psutil.Process(proc.pid)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss, pss = tree_memory(watched)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.2)
    wall = time.perf_counter() - start
    stdout = proc.stdout.read()
    if proc.returncode != 0:
        sys.exit(f"build failed with exit code {proc.returncode}")
    return wall, peak_rss, peak_pss, next((l for l in stdout.splitlines() if l.startswith("posts:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, nargs="+", default=[10, 40], help="replication factors [10 40]")
    parser.add_argument("-j", "--processes", type=int, default=0, help="worker processes, 0 = all cores [0]")
    args = parser.parse_args()
    source = corpus_or_exit()
    print(f"machine: {describe()}")
    results = {}
    for times in args.times:
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            files = replicate(source, times, content)
            wall, rss, pss, posts = measure(content, Path(tmp) / "out", args.processes)
        results[times] = pss
        print(f"{times:3d}x ({files:,} files): {wall:8.1f} s   peak RSS {rss / 2**20:7.0f} MiB   "
              f"peak PSS {pss / 2**20:7.0f} MiB   {posts}", flush=True)
    if 10 in results and 40 in results:
        print(f"40x / 10x peak PSS: {results[40] / results[10]:.2f} (target <= 4)")


if __name__ == "__main__":
    main()
