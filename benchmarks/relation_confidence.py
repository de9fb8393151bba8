"""Precision of extracted facts per rule family and per confidence band, on builds of the shared dev sets.

Usage (after building each set with ``blogweave build SET --out DIR --no-cache``):

    python benchmarks/relation_confidence.py GOLD DIR [GOLD DIR ...] [--half fit|report|all]

Every piece of evidence in DIR/graph.json (one rule firing in one sentence) is
judged right when its fact is a required or acceptable gold fact of its post's
gold file, wrong otherwise. Posts are split in two halves by a hash of their
file name (``fit`` and ``report``), so a scale set from the fit half can be
checked on the other. Prints precision and counts per family
(``funding.fund``) and per confidence band. This is how the scale in
``relations/confidence.py`` was set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

#: A family seen a few times is pulled towards the overall precision: (right + PRIOR * W) / (n + W).
PRIOR, PRIOR_WEIGHT = 0.65, 4
BANDS = ((0.85, 1.01), (0.75, 0.85), (0.65, 0.75), (0.55, 0.65), (0.0, 0.55))


def norm(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[^\w]+", " ", name).strip()


def half(post: str) -> str:
    return "fit" if hashlib.sha1(Path(post).name.encode()).digest()[0] % 2 == 0 else "report"


def load_gold(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    alias = {}
    for ent in data.get("entities", []):
        for a in [ent["name"], *ent.get("aliases", [])]:
            alias[norm(a)] = ent["name"]
    right: dict[str, set] = defaultdict(set)
    authors = {}
    for doc, spec in data["docs"].items():
        authors[doc] = spec.get("author")
        for bucket in ("required", "acceptable"):
            for s, rel, o in spec.get(bucket, []) or []:
                side = lambda n: "@author" if n == "@author" else alias.get(norm(n), n)
                right[doc].add((side(s), rel, side(o)))
                if s != "@author" and authors[doc] and alias.get(norm(s), s) == alias.get(norm(authors[doc]), authors[doc]):
                    right[doc].add(("@author", rel, side(o)))
    return alias, right, authors


def judged(gold_path: Path, out_dir: Path):
    """(family, confidence, right, half) for every piece of evidence in the build."""
    alias, right, authors = load_gold(gold_path)
    graph = json.loads((out_dir / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in graph["nodes"]}

    def names(node, post):
        out = {alias.get(norm(x), x) for x in [node.get("label", ""), *node.get("aliases", [])]}
        author = authors.get(post)
        if node.get("label", "").startswith("author of") or (author and alias.get(norm(author), author) in out):
            out.add("@author")
        return out

    for edge in graph["edges"]:
        for ev in edge.get("evidence", []):
            post = Path(ev["post"]).name
            src, dst = nodes.get(edge["source"], {}), nodes.get(edge["target"], {})
            ok = any((s, edge["predicate"], o) in right.get(post, ()) for s in names(src, post) for o in names(dst, post))
            family = ".".join(ev["rule"].split(".")[:2])
            yield family, ev["confidence"], ok, half(post)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="+", help="GOLD DIR pairs")
    parser.add_argument("--half", choices=("fit", "report", "all"), default="all")
    parser.add_argument("--fit", action="store_true",
                        help="print FAMILY_FACTOR for relations/confidence.py: smoothed precision / mean confidence")
    args = parser.parse_args()
    rows = []
    for gold, out in zip(args.pairs[::2], args.pairs[1::2]):
        rows += [r for r in judged(Path(gold), Path(out)) if args.half in ("all", r[3])]
    by_family: dict[str, list] = defaultdict(list)
    by_band: dict[tuple, list] = defaultdict(list)
    for family, confidence, ok, _ in rows:
        by_family[family].append(ok)
        band = next(b for b in BANDS if b[0] <= confidence < b[1])
        by_band[band].append(ok)
    print(f"{'family':36} {'n':>5} {'precision':>9}")
    for family, oks in sorted(by_family.items(), key=lambda kv: -len(kv[1])):
        print(f"{family:36} {len(oks):5} {sum(oks) / len(oks):9.2f}")
    print(f"\n{'confidence band':36} {'n':>5} {'precision':>9}")
    for band in BANDS:
        oks = by_band.get(band, [])
        if oks:
            print(f"[{band[0]:.2f}, {min(band[1], 1.0):.2f}){'':22} {len(oks):5} {sum(oks) / len(oks):9.2f}")
    if args.fit:
        print("\nFAMILY_FACTOR = {")
        for family in sorted(by_family):
            oks = by_family[family]
            mean = sum(c for f, c, _, _ in rows if f == family) / len(oks)
            smoothed = (sum(oks) + PRIOR * PRIOR_WEIGHT) / (len(oks) + PRIOR_WEIGHT)
            print(f'    "{family}": {smoothed / mean:.2f},  # n={len(oks)}, precision {sum(oks) / len(oks):.2f}')
        print("}")
    at = [ok for _, c, ok, _ in rows if c >= 0.8]
    if at:
        print(f"\nconfidence >= 0.8: {len(at)} pieces of evidence, precision {sum(at) / len(at):.2f}")


if __name__ == "__main__":
    main()
