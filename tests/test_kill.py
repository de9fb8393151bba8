"""kill -9 at random moments: the previous outputs stay whole and loadable, and the next build succeeds."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_pipeline import TINY, write_posts

psutil = pytest.importorskip("psutil")

pytestmark = [pytest.mark.model, pytest.mark.slow]

RUNS = 20
BLOGWEAVE = [sys.executable, "-m", "blogweave"]


def run_build(content: Path, out: Path, *extra: str) -> subprocess.Popen:
    # batch size 1 so the three posts go to two worker processes: kills land in the pool as well
    env = dict(os.environ, BLOGWEAVE_BATCH_SIZE="1")
    return subprocess.Popen(
        [*BLOGWEAVE, "build", str(content), "--out", str(out), "--quiet", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )


def check_outputs(out: Path) -> None:
    """Every output parses and holds the three posts."""
    import networkx as nx
    import rdflib

    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 0
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert sum(1 for node in data["nodes"] if node.get("kind") == "post") == len(TINY)
    assert nx.read_graphml(out / "graph.graphml").number_of_nodes() > 0
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def gone(pids: list[int]) -> bool:
    """Wait (up to 15 s) for processes to exit; orphaned workers notice their parent died within a second."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return True
        time.sleep(0.2)
    return False


def test_kill_minus_nine_at_random_moments(tmp_path):
    content = write_posts(tmp_path / "content", TINY)
    out = tmp_path / "out"
    start = time.monotonic()
    first = run_build(content, out, "--no-cache")
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    duration = time.monotonic() - start
    check_outputs(out)

    rng = random.Random(20240605)
    killed = attempts = 0
    edited = content / "notes" / "meeting.md"
    # Kills aim at a random moment of a build's run time. How long a build takes depends on the machine's
    # load, so the aim follows the builds seen so far, and builds that finished first are tried again.
    while killed < RUNS and attempts < 3 * RUNS:
        run = attempts
        attempts += 1
        # a changed post each time, so every build parses and rewrites its outputs
        edited.write_text(TINY["notes/meeting.md"] + f"\nRun {run}: Ivo Brandt joined Lumenfold.\n", encoding="utf-8")
        extra = ("--no-cache",) if run % 3 == 0 else ()
        started = time.monotonic()
        build = run_build(content, out, *extra)
        time.sleep(rng.uniform(0.0, duration * 0.9))
        workers = []
        try:
            workers = [child.pid for child in psutil.Process(build.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            pass
        if build.poll() is None:
            build.kill()  # SIGKILL
            killed += 1
        else:
            duration = min(duration, time.monotonic() - started)  # builds run faster than aimed at
        build.wait(timeout=60)
        assert gone(workers), f"run {run}: worker processes outlived the killed build"
        check_outputs(out)
    assert killed >= RUNS // 2, f"only {killed} of {attempts} builds were still running when killed"

    final = run_build(content, out)
    assert final.wait(timeout=300) == 0, final.stderr.read().decode()
    check_outputs(out)
    leftovers = [p.name for p in out.iterdir() if p.name.endswith((".tmp", ".old"))]
    assert leftovers == []
