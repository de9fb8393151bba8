"""Issue 5 (c): a rebuild with nothing changed, and with one post changed, against the cold build.

    .venv/bin/python benchmarks/rebuild.py [--content DIR] [-j N]

Copies the content (../shared/corpus by default) to a temporary folder, then
times whole ``blogweave build`` commands, as a user runs them (start-up
included), into one output folder:

1. cold: no cache yet (every post parsed);
2. nothing changed: every post from the cache, the model never loaded;
3. one post changed (a sentence appended to the median-sized post): that post
   parsed, the rest from the cache.

Targets: (2) at most 3% and (3) at most 5% of (1).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import corpus_or_exit, describe  # noqa: E402


def run(content: Path, out: Path, processes: int) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "blogweave", "build", str(content), "--out", str(out), "-j", str(processes)],
        check=True, capture_output=True, text=True,
    )
    return time.perf_counter() - start, done.stdout


def posts_line(stdout: str) -> str:
    match = re.search(r"^posts:.*$", stdout, re.M)
    return match.group() if match else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=None, help="folder of posts [../shared/corpus]")
    parser.add_argument("-j", "--processes", type=int, default=0, help="worker processes, 0 = all cores [0]")
    args = parser.parse_args()
    source = args.content or corpus_or_exit()
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        content, out = Path(tmp) / "content", Path(tmp) / "out"
        shutil.copytree(source, content)
        cold, stdout = run(content, out, args.processes)
        print(f"(1) cold build:            {cold:7.2f} s   {posts_line(stdout)}")
        same, stdout = run(content, out, args.processes)
        print(f"(2) nothing changed:       {same:7.2f} s   {same / cold:6.1%} of cold (target <= 3%)   {posts_line(stdout)}")
        posts = sorted(content.rglob("*.md"), key=lambda p: (p.stat().st_size, p.as_posix()))
        post = posts[len(posts) // 2]  # the median post by size: a typical edit
        with post.open("a", encoding="utf-8") as handle:
            handle.write("\n\nLater that year Mirela Stancu joined Quillcrest Analytics as a research engineer.\n")
        one, stdout = run(content, out, args.processes)
        print(f"(3) one post changed:      {one:7.2f} s   {one / cold:6.1%} of cold (target <= 5%)   {posts_line(stdout)}")
        print(f"    changed: {post.relative_to(content)} ({post.stat().st_size:,} bytes, the median post)")


if __name__ == "__main__":
    main()
