"""Time every export format on a built graph: python benchmarks/bench_export.py OUTPUT_DIR [REPEAT].

OUTPUT_DIR is the folder of a previous build (it reads OUTPUT_DIR/graph.json);
each format is written REPEAT times (default 3) into a temporary folder and the
best wall time is printed with the size of what was written.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from blogweave.exporters import FORMATS, export
from blogweave.exporters.json import read_json


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def main(out_dir: str, repeat: int = 3) -> None:
    graph = read_json(Path(out_dir) / "graph.json")
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    with tempfile.TemporaryDirectory() as folder:
        for name, fmt in FORMATS.items():
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                path = export(graph, name, Path(folder) / fmt.filename)
                best = min(best, time.perf_counter() - start)
            print(f"{name:<10} {best * 1000:8.1f} ms  {size(path) / 1024:8.1f} KiB")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
