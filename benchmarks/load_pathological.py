"""Hostile Markdown, HTML and Liquid: does loading one post stay linear in its size?

    .venv/bin/python benchmarks/load_pathological.py            # 50k, 100k, 200k characters
    .venv/bin/python benchmarks/load_pathological.py --sizes 100000 400000

For each pattern (unclosed brackets, comments, tags, Liquid, deep nesting, ...)
it writes one post of each size, loads it, and prints the CPU seconds and the
growth from the smallest to the largest size: about 4 for 4x the input means
linear; 16 would mean quadratic (html.parser took 30 s on 60 kB of "<a ",
which is why blogweave scans HTML blocks itself).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from blogweave.config import Settings
from blogweave.errors import PostError
from blogweave.posts.loader import load_post

PATTERNS = {
    "[": lambda n: "[" * n,
    "[a](": lambda n: "[a](" * (n // 4),
    "*a": lambda n: "*a" * (n // 2),
    "*_": lambda n: "*_" * (n // 2),
    "<": lambda n: "<" * n,
    "<div> then <a ": lambda n: "<div>\n" + "<a " * (n // 3),
    "<div> then <!--": lambda n: "<div>\n" + "<!--" * (n // 4),
    "<!--": lambda n: "<!--" * (n // 4),
    "x <!--": lambda n: "x <!--" * (n // 6),
    "`a": lambda n: "`a" * (n // 2),
    "![a](": lambda n: "![a](" * (n // 5),
    "[^1]": lambda n: "[^1]" * (n // 4),
    "{% ": lambda n: "{% " * (n // 3),
    "{{ ": lambda n: "{{ " * (n // 3),
    "{% highlight %} unclosed": lambda n: "{% highlight x %}\n" * (n // 18),
    "{: ": lambda n: "{: " * (n // 3),
    "&amp;": lambda n: "&amp;" * (n // 5),
    "$a": lambda n: "$a" * (n // 2),
    "> nesting": lambda n: "> " * (n // 2),
    "nested list": lambda n: "".join("  " * i + "- x\n" for i in range(int((n / 2) ** 0.5))),
    "a\\n=\\n": lambda n: "a\n=\n" * (n // 4),
    ":::\\n": lambda n: ":::\n" * (n // 4),
    "!!! note": lambda n: "!!! note\n    x\n" * (n // 16),
    "| cells": lambda n: "|a" * (n // 4) + "\n|-|\n" + "|a" * (n // 4),
    "prose": lambda n: "Ada joined Example Corp in 2020. " * (n // 33),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000])
    args = parser.parse_args()
    print(f"{'pattern':26s}" + "".join(f"{size:>10,}" for size in args.sizes) + "   growth")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, make in PATTERNS.items():
            times = []
            for size in args.sizes:
                path = root / "post.md"
                path.write_text(make(size), encoding="utf-8")
                start = time.process_time()
                try:
                    load_post(path, root, Settings())
                except PostError:
                    pass
                times.append(time.process_time() - start)
            growth = times[-1] / times[0] if times[0] > 0.005 else float("nan")
            print(f"{name:26s}" + "".join(f"{t:9.3f}s" for t in times) + f"   {growth:5.1f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
