"""Read a build's facts as a careful reader would, and keep the verdicts for the next build.

    .venv/bin/python benchmarks/reading.py OUT [OUT ...] --verdicts verdicts.tsv [--unread unread.tsv]

Each OUT is a ``blogweave build --formats json`` output folder (its ``graph.json``). Every
workedAt, founded, fundedBy and developed fact is listed with its first evidence: subject,
predicate, object (labels and types), post, line, rule, confidence and sentence.

``--verdicts`` is a tab-separated file a person writes while reading (it is theirs: keep it
outside the repository, next to the blogs they fetched), one line per fact read:

    subject <TAB> predicate <TAB> object <TAB> post <TAB> line <TAB> RIGHT|WRONG <TAB> class or note

A fact of a new build that has the same five keys as a line there takes its verdict, so a
rebuild only asks for the facts that changed. The report gives, per build and in all: facts,
facts read (with a verdict), right, wrong, the share right, and the wrong ones by class (the
first word of the last column). ``--unread`` writes the facts without a verdict in the same
layout, with the verdict column empty and the evidence after it, ready to be read and
appended to the verdicts file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

RELATIONS = ("workedAt", "founded", "fundedBy", "developed")


def facts_of(out: Path) -> list[dict]:
    """The facts of one build, with labels and the first evidence."""
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in graph["nodes"]}
    facts = []
    for edge in graph["edges"]:
        if edge.get("predicate") not in RELATIONS or not edge.get("evidence"):
            continue
        source, target, evidence = nodes[edge["source"]], nodes[edge["target"]], edge["evidence"][0]
        facts.append({
            "subject": source.get("label", ""), "subject_type": source.get("type", ""),
            "predicate": edge["predicate"],
            "object": target.get("label", ""), "object_type": target.get("type", ""),
            "post": str(evidence.get("post", "")), "line": str(evidence.get("line", "")),
            "rule": evidence.get("rule", ""), "confidence": edge.get("confidence", ""),
            "evidence": " ".join(str(evidence.get("evidence", "")).split()),
        })
    return facts


def key(fact: dict) -> tuple[str, ...]:
    return fact["subject"], fact["predicate"], fact["object"], fact["post"], fact["line"]


def read_verdicts(path: Path | None) -> dict[tuple[str, ...], tuple[str, str]]:
    verdicts: dict[tuple[str, ...], tuple[str, str]] = {}
    if path is None or not path.exists():
        return verdicts
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 6 and row[5] in ("RIGHT", "WRONG"):
                verdicts[tuple(row[:5])] = (row[5], row[6] if len(row) > 6 else "")
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outs", nargs="+", type=Path, help="build output folders (with graph.json)")
    parser.add_argument("--verdicts", type=Path, help="the reader's verdicts (TSV, see the module docstring)")
    parser.add_argument("--unread", type=Path, help="write the facts without a verdict here")
    args = parser.parse_args(argv)
    verdicts = read_verdicts(args.verdicts)
    unread: list[dict] = []
    totals: Counter = Counter()
    classes: Counter = Counter()
    print("| build | facts | read | right | wrong | right share |")
    print("| --- | --- | --- | --- | --- | --- |")
    for out in args.outs:
        counts: Counter = Counter()
        for fact in facts_of(out):
            counts["facts"] += 1
            verdict = verdicts.get(key(fact))
            if verdict is None:
                unread.append(fact)
                continue
            counts["read"] += 1
            counts[verdict[0].lower()] += 1
            if verdict[0] == "WRONG":
                classes[(verdict[1].split() or ["unclassified"])[0].rstrip(":")] += 1
        totals.update(counts)
        print(_row(out.name, counts))
    print(_row("all", totals))
    for name, count in classes.most_common():
        print(f"wrong, {name}: {count}")
    if args.unread is not None:
        with args.unread.open("w", encoding="utf-8", newline="") as handle:
            for fact in unread:
                row = [*key(fact), "", "", fact["subject_type"], fact["object_type"], fact["rule"],
                       str(fact["confidence"]), fact["evidence"]]
                handle.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
        print(f"{len(unread)} facts without a verdict written to {args.unread}", file=sys.stderr)
    return 0


def _row(name: str, counts: Counter) -> str:
    share = f"{counts['right'] / counts['read']:.2f}" if counts["read"] else "-"
    return f"| {name} | {counts['facts']} | {counts['read']} | {counts['right']} | {counts['wrong']} | {share} |"


if __name__ == "__main__":
    sys.exit(main())
