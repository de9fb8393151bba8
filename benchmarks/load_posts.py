"""Loading posts (find, read, front matter, Markdown to prose with offsets), without spaCy.

    .venv/bin/python benchmarks/load_posts.py                    # ../shared/corpus, best of 5
    .venv/bin/python benchmarks/load_posts.py CONTENT_DIR --repeat 3

Prints files, posts loaded, PostErrors, source megabytes, prose characters and
words, the best and median wall time of a full pass, and where the time goes
(decode + headers vs. Markdown), so the loader can be compared with the
spaCy stage measured by the pipeline benchmarks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from blogweave.config import Settings
from blogweave.errors import PostError
from blogweave.posts.loader import find_posts, load_post

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def one_pass(root: Path) -> tuple[float, int, list[str], int, int]:
    start = time.perf_counter()
    paths = find_posts(root)
    errors: list[str] = []
    chars = words = 0
    for path in paths:
        try:
            post = load_post(path, root, Settings())
        except PostError as err:
            errors.append(str(err))
            continue
        chars += len(post.text)
        words += len(post.text.split())
    return time.perf_counter() - start, len(paths), errors, chars, words


def markdown_share(root: Path) -> float:
    """Seconds spent in markdown-it's parse alone over the same files (raw text)."""
    from blogweave.posts.markup import _MD

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in find_posts(root)]
    start = time.perf_counter()
    for text in texts:
        _MD.parse(text)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content_dir", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.content_dir.is_dir():
        print(f"no folder {args.content_dir}", file=sys.stderr)
        return 1
    megabytes = sum(p.stat().st_size for p in find_posts(args.content_dir)) / 1e6
    times = []
    for _ in range(args.repeat):
        seconds, files, errors, chars, words = one_pass(args.content_dir)
        times.append(seconds)
    print(f"folder:      {args.content_dir}")
    print(f"files:       {files} ({megabytes:.1f} MB), loaded {files - len(errors)}, PostErrors {len(errors)}")
    print(f"prose:       {chars:,} characters, {words:,} words")
    print(f"load time:   best {min(times):.3f} s, median {statistics.median(times):.3f} s over {args.repeat} passes")
    print(f"per post:    {1000 * min(times) / max(files, 1):.2f} ms")
    print(f"markdown-it: {markdown_share(args.content_dir):.3f} s of parsing alone")
    for error in errors:
        print(f"  {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
