"""Issue 5 (a) and (b): build throughput in words per second, beside bare ``nlp.pipe`` of the same model.

    .venv/bin/python benchmarks/throughput.py                 # ../shared/corpus, 1 core and all cores
    .venv/bin/python benchmarks/throughput.py --content DIR --no-parallel

In one run, over the same prose (the post texts exactly as blogweave loads them):

1. bare model: ``spacy.load(model)`` then ``nlp.pipe`` over the texts, one
   process: the ceiling for this model (loading the model is not counted);
2. blogweave's pipeline object (the model plus its entity ruler and context
   components), ``nlp.pipe`` only, to separate the cost of those components;
3. ``blogweave build -j1 --no-cache``, cold, in a fresh process: everything the
   user waits for (start-up, reading posts, model load, parse, rules,
   resolution, graph, every default export), timed from outside;
4. the same build with all cores (``-j0``).

Words are whitespace-separated words of the prose. Ratios: (3) against (1) is
target (a), at least 0.85; (4) against (3) is target (b), at least 1.7. Each
line also gives CPU seconds (of every process involved): on a machine shared
with other work the wall-clock ratios drift with the load, CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import corpus_or_exit, describe  # noqa: E402


def load_texts(content: Path) -> list[str]:
    from blogweave.config import load_settings
    from blogweave.errors import PostError
    from blogweave.posts.loader import find_posts, load_post

    settings = load_settings(content)
    texts = []
    for path in find_posts(content):
        try:
            texts.append(load_post(path, content, settings).text)
        except PostError:
            continue
    return texts


def time_pipes(pipelines: list, texts: list[str], chunk: int = 16, batch_size: int = 32) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of ``nlp.pipe`` over ``texts`` for each pipeline.

    The pipelines take turns chunk by chunk, so a change in the machine's load
    during the run (other programs) falls on all of them alike.
    """
    totals = [[0.0, 0.0] for _ in pipelines]
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        for total, nlp in zip(totals, pipelines):
            wall, cpu = time.perf_counter(), time.process_time()
            for _doc in nlp.pipe(part, batch_size=batch_size):
                pass
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
    return [tuple(total) for total in totals]


def time_build(content: Path, processes: int) -> tuple[float, float, dict]:
    """Wall and CPU time (all processes) of a cold ``blogweave build`` in a fresh process, and its stage timings."""
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--_build", str(content), tmp, str(processes)],
            check=True, capture_output=True, text=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout.strip().splitlines()[-1])


def _build_here(content: str, out: str, processes: str) -> None:
    """Child process: one build, as the CLI runs it; prints its report as JSON."""
    from blogweave.config import load_settings
    from blogweave.pipeline.build import build

    settings = load_settings(Path(content), out_dir=Path(out), processes=int(processes), cache=False)
    report = build(settings)
    print(json.dumps({"posts": report.posts_read, "timings": report.timings, "warnings": len(report.warnings)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=None, help="folder of posts [../shared/corpus]")
    parser.add_argument("--no-parallel", action="store_true", help="skip the all-cores build")
    parser.add_argument("--_build", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._build:
        _build_here(*args._build)
        return
    content = args.content or corpus_or_exit()

    import spacy

    from blogweave.nlp.pipeline import load_nlp, model_name

    print(f"machine: {describe()}")
    texts = load_texts(content)
    words = sum(len(t.split()) for t in texts)
    print(f"content: {content} ({len(texts)} posts, {words:,} words of prose, {sum(map(len, texts)):,} characters)")

    bare, ours = spacy.load(model_name(None)), load_nlp(None)
    (t_bare, c_bare), (t_ours, c_ours) = time_pipes([bare, ours], texts)
    del bare, ours
    print("                                                  wall         words/s    CPU (all processes)")
    print(f"(1) bare nlp.pipe ({model_name(None)}), 1 process: {t_bare:7.1f} s  {words / t_bare:8,.0f}   {c_bare:7.1f} s")
    print(f"(2) blogweave nlp.pipe (+ its components):    {t_ours:7.1f} s  {words / t_ours:8,.0f}   {c_ours:7.1f} s"
          f"   {t_bare / t_ours:.2f} of bare (wall), {c_bare / c_ours:.2f} (CPU)")
    t_one, c_one, one = time_build(content, 1)
    print(f"(3) blogweave build -j1 --no-cache, whole cmd: {t_one:7.1f} s  {words / t_one:8,.0f}   {c_one:7.1f} s"
          f"   {t_bare / t_one:.2f} of bare (wall), {c_bare / c_one:.2f} (CPU); target >= 0.85")
    print("    stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in one["timings"].items()))
    if not args.no_parallel:
        t_all, c_all, every = time_build(content, 0)
        print(f"(4) the same, -j0 ({os.cpu_count()} cores):               {t_all:7.1f} s  {words / t_all:8,.0f}   "
              f"{c_all:7.1f} s   {t_one / t_all:.2f}x one core (wall); target >= 1.7")
        print("    stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in every["timings"].items()))
    if hasattr(os, "getloadavg"):
        print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
