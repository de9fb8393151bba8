"""Issue 10: build every shared set with gold facts, score it, and print one table.

    .venv/bin/python benchmarks/quality.py                      # all sets
    .venv/bin/python benchmarks/quality.py --sets seeds,blogs --jobs 2
    .venv/bin/python benchmarks/quality.py --keep /tmp/q        # keep each build (DIR/<set>/graph.ttl)
    .venv/bin/python benchmarks/quality.py --json report.json   # also write every scorer report

The sets (all below ``../shared``): ``seeds`` (the five seed posts),
``blogs``, ``conll04-train`` and ``redocred-dev`` (``devsets/<name>/posts``
with ``devsets/<name>/gold.yaml``). Each is built cold (``--no-cache``,
``--formats turtle``) by a fresh ``blogweave`` process and scored by
``../shared/eval/score.py``, the scorer the issue is judged by. ``--jobs`` is
the number of worker processes in all: the sets are built that many at a
time, one worker process each, biggest first.

The table gives, per set: F1, precision, recall, entity type accuracy, the
number of duplicated gold entities (one thing split over several nodes), and
facts predicted and required. For the sets with all four relations (seeds and
blogs), one more row per relation gives its own F1, precision and recall,
counted from the scorer's lists of true, false and missed facts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RELATIONS = ("workedAt", "founded", "fundedBy", "developed")
#: set name -> (content folder, gold file), below ../shared; the order of the table.
SETS = {
    "seeds": ("seeds", "seeds/gold.yaml"),
    "blogs": ("devsets/blogs/posts", "devsets/blogs/gold.yaml"),
    "conll04-train": ("devsets/conll04-train/posts", "devsets/conll04-train/gold.yaml"),
    "redocred-dev": ("devsets/redocred-dev/posts", "devsets/redocred-dev/gold.yaml"),
}
#: Sets scored per relation (the news and encyclopedia sets hold one or three relations, no funding).
PER_RELATION = ("seeds", "blogs")
_FACT = re.compile(r"^.* --(\w+)--> .*$")


def load_scorer():
    """``../shared/eval/score.py`` as a module."""
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


def build_set(name: str, out: Path) -> Path:
    """Build one set cold into ``out`` with a fresh process; the path of its graph.ttl."""
    content = SHARED / SETS[name][0]
    command = [sys.executable, "-m", "blogweave", "build", str(content), "--out", str(out),
               "--formats", "turtle", "--no-cache", "-q", "-j", "1"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not (out / "graph.ttl").is_file():
        raise SystemExit(f"building {name} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return out / "graph.ttl"


def score_set(scorer, name: str, graph: Path) -> dict:
    gold = scorer.Gold(yaml.safe_load((SHARED / SETS[name][1]).read_text(encoding="utf-8")))
    return scorer.score(scorer.load_graph(graph), gold, scorer.DEFAULT_NS)


def per_relation(report: dict) -> dict[str, dict]:
    """F1, P, R of each relation, from the report's lists of true, false and missed facts."""
    counts = {rel: {"tp": 0, "tp_required": 0, "fp": 0, "missed": 0} for rel in RELATIONS}
    for key, field in (("true_required", "tp_required"), ("true_acceptable", "tp"),
                       ("false_positives", "fp"), ("missed", "missed")):
        for fact in report[key]:
            match = _FACT.match(fact)
            if match and match.group(1) in counts:
                counts[match.group(1)][field] += 1
    result = {}
    for rel, c in counts.items():
        true = c["tp"] + c["tp_required"]
        predicted = true + c["fp"]
        required = c["tp_required"] + c["missed"]
        precision = true / predicted if predicted else 0.0
        recall = c["tp_required"] / required if required else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[rel] = {"f1": round(f1, 3), "precision": round(precision, 3), "recall": round(recall, 3),
                       "facts_predicted": predicted, "facts_required": required}
    return result


def table(reports: dict[str, dict]) -> str:
    """The one table: a row per set, and per relation for the blog sets."""
    head = "| set | F1 | P | R | type acc. | duplicated | predicted | required |"
    lines = [head, "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, report in reports.items():
        lines.append(f"| {name} | {report['f1']:.3f} | {report['precision']:.3f} | {report['recall']:.3f} "
                     f"| {report['entity_type_accuracy']:.3f} | {len(report['duplicated'])} "
                     f"| {report['facts_predicted']} | {report['facts_required']} |")
        if name in PER_RELATION:
            for rel, row in per_relation(report).items():
                lines.append(f"| {name} {rel} | {row['f1']:.3f} | {row['precision']:.3f} | {row['recall']:.3f} "
                             f"| | | {row['facts_predicted']} | {row['facts_required']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from: {', '.join(SETS)}")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes in all (sets built at a time)")
    parser.add_argument("--keep", type=Path, help="keep each build in KEEP/<set>/ instead of a temporary folder")
    parser.add_argument("--json", type=Path, help="also write every scorer report (and per relation) here")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; valid: {', '.join(SETS)}")
    if not (SHARED / "eval" / "score.py").is_file():
        sys.exit(f"{SHARED} is not beside the checkout: quality.py needs ../shared")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import describe

    print(describe())
    scorer = load_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        # The biggest set first, so the small ones fill the other workers meanwhile.
        order = sorted(names, key=lambda n: -sum(1 for _ in (SHARED / SETS[n][0]).iterdir()))
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            graphs = dict(zip(order, pool.map(lambda n: build_set(n, base / n), order)))
        reports = {name: score_set(scorer, name, graphs[name]) for name in names}
    print(table(reports))
    if args.json:
        for name in names:
            if name in PER_RELATION:
                reports[name]["per_relation"] = per_relation(reports[name])
        args.json.write_text(json.dumps(reports, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
