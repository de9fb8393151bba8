"""Fit ``src/blogweave/relations/calibration.toml`` on the shared dev sets, and report it on held-out posts.

    .venv/bin/python benchmarks/calibrate.py                    # build raw, fit, write the file, report
    .venv/bin/python benchmarks/calibrate.py --raw /tmp/raw     # reuse (or keep) the raw builds there
    .venv/bin/python benchmarks/calibrate.py --check DIR        # only report DIR/<set>/graph.ttl as built
    .venv/bin/python benchmarks/calibrate.py --dry-run          # fit and report, write nothing

What it does, in order:

1. Builds every set of ``quality.py`` (seeds, blogs, conll04-train, redocred-dev) cold, with the
   calibration switched off (``calibration.IDENTITY``), so each piece of evidence in the RDF export
   carries its rule id and the rule's raw score.
2. Judges every exported fact right or wrong exactly as ``../shared/eval/score.py`` does (names and
   aliases mapped to gold entities, ``@author`` through ``schema:author``; right = a required or
   acceptable gold fact), and checks that its precision over all facts equals the scorer's.
3. Splits the posts in two halves by a hash of their file name (``half``): every piece of evidence
   from a ``fit`` post is a fitting example (rule family, raw score, right); the facts whose every
   piece of evidence comes from ``held-out`` posts are the report.
4. Fits (``fit``): a global table over the raw-score bands ``BANDS`` (precision per band, made
   monotone by pool-adjacent-violators); per relation (``employment`` ...) that table shifted in
   log-odds so its mean matches the relation's precision shrunk towards the global table by
   ``PRIOR_WEIGHT`` pseudo-examples; per rule family (``employment.join``) the relation's table
   shifted the same way. A shift keeps every table monotone; a family seen a few times stays close
   to its relation, a family never seen uses its relation's (or the global) table.
5. Writes the tables to calibration.toml (which the build reads: ``relations/calibration.py``) and
   prints, on the held-out facts, with each fact's confidence recomputed as the build does it
   (calibrated evidence combined by ``resolve.merging.combine_confidence``): a reliability table
   (confidence band, facts, mean confidence, precision) and precision and coverage at
   ``--min-confidence`` 0.5, 0.7, 0.8 and 0.9, counted like the scorer counts (distinct facts).

A re-run after the rules change is this one command; the fit is deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality  # noqa: E402  (the sets, ../shared and the scorer, as quality.py finds them)

ROOT = quality.ROOT
OUTPUT = ROOT / "src" / "blogweave" / "relations" / "calibration.toml"
#: Lower bounds of the raw-score bands (the raw scale: 0.9 first person, 0.8 explicit, 0.75 title,
#: 0.6 context, lowered by mood and back-reference factors).
BANDS = (0.0, 0.55, 0.65, 0.75, 0.85)
#: A relation or family with n examples is shrunk towards its parent with W pseudo-examples; W is chosen
#: from these by cross-validation inside the fit half (``choose_weight``), never on the held-out half.
WEIGHTS = (1, 2, 5, 10, 20, 50, 100, 1000)  # at least 1: one right example never means 'always right'
FOLDS = 4
#: Confidence bands of the reliability table, and the thresholds reported.
REPORT_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
THRESHOLDS = (0.5, 0.7, 0.8, 0.9)
#: No table value beyond these (a handful of examples never proves a rule always or never right).
FLOOR, CEILING = 0.05, 0.95
_RAW_BUILD = ("import sys; from blogweave.relations import calibration as c; c.use(c.IDENTITY); "
              "from blogweave.cli import main; sys.argv[0] = 'blogweave'; main()")


def half(post: str) -> str:
    """``fit`` or ``held-out``, from a hash of the post's file name (deterministic, about half each)."""
    return "fit" if hashlib.sha1(PurePosixPath(post).name.encode()).digest()[0] % 2 == 0 else "held-out"


def family(rule: str) -> str:
    return ".".join(rule.split(".")[:2])


# -- reading a build ---------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Evidence:
    rule: str
    confidence: float
    post: str


@dataclass(frozen=True)
class JudgedFact:
    key: tuple  # the gold-side triple the scorer maps it to
    right: bool
    confidence: float  # as exported
    evidence: tuple  # of Evidence


def judged_facts(scorer, graph_path: Path, gold_path: Path) -> list[JudgedFact]:
    """Every relation fact of an exported graph, judged as ``score.py`` judges it."""
    from rdflib import RDF, URIRef
    from rdflib.namespace import PROV

    ns = scorer.DEFAULT_NS
    gold = scorer.Gold(yaml.safe_load(gold_path.read_text(encoding="utf-8")))
    graph = scorer.load_graph(graph_path)
    bw = lambda name: URIRef(ns + name)  # noqa: E731
    # the author of each gold document, as a node (score.py's own reading)
    author_of: dict = defaultdict(set)
    gold_docs = {PurePosixPath(d).name: d for d in gold.authors}
    source = {}
    for post, path in graph.subject_objects(bw("sourcePath")):
        source[post] = str(path)
        doc = gold_docs.get(PurePosixPath(str(path)).name)
        if doc is None:
            continue
        for schema in scorer.SCHEMA_NS:
            for author in graph.objects(post, URIRef(schema + "author")):
                author_of[author].add(f"@author:{doc}")
                named = gold.authors.get(doc)
                if named:
                    author_of[author].add(gold.alias_to_name.get(scorer.normalize(named), named))

    def candidates(node) -> set[str]:
        labels = scorer.node_labels(graph, node)
        names = {gold.alias_to_name[scorer.normalize(x)] for x in labels if scorer.normalize(x) in gold.alias_to_name}
        names |= author_of.get(node, set())
        return names or {"?" + labels[0]}

    facts = []
    for fact in graph.subjects(RDF.type, bw("Fact")):
        rel = scorer.local_name(graph.value(fact, RDF.predicate))
        if rel not in gold.relations:
            continue
        s, o = graph.value(fact, RDF.subject), graph.value(fact, RDF.object)
        options = sorted((cs, rel, co) for cs in candidates(s) for co in candidates(o))
        key = next((t for t in options if t in gold.required), None)
        key = key or next((t for t in options if t in gold.acceptable), None)
        right = key is not None
        key = key or options[0]
        evidence = tuple(sorted(
            Evidence(str(graph.value(ev, bw("rule"))), float(graph.value(ev, bw("confidence"))),
                     source.get(graph.value(ev, PROV.wasDerivedFrom), ""))
            for ev in graph.objects(fact, bw("evidence"))))
        facts.append(JudgedFact(key, right, float(graph.value(fact, bw("confidence"))), evidence))
    return sorted(facts, key=lambda f: (f.key, f.evidence, f.confidence))  # the same order every run


def precision(facts) -> float | None:
    """Precision as score.py counts it: over distinct gold-side triples."""
    keys = {f.key: f.right for f in facts}
    return sum(keys.values()) / len(keys) if keys else None


# -- fitting -----------------------------------------------------------------------------------------

def band_of(score: float, bands=BANDS) -> int:
    return max(i for i, low in enumerate(bands) if score >= low - 1e-9)


def pav(values: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the non-decreasing sequence closest to ``values`` in weighted squares."""
    blocks = []  # [value, weight, count]
    for v, w in zip(values, weights):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2) if w1 + w2 else v1, w1 + w2, c1 + c2])
    return [v for v, _, c in blocks for _ in range(c)]


def global_table(rows, bands=BANDS) -> list[float]:
    """Precision per band of (score, right, weight) rows, monotone; an empty band takes its neighbour's value."""
    n, right = [0.0] * len(bands), [0.0] * len(bands)
    for score, ok, w in rows:
        b = band_of(score, bands)
        n[b] += w
        right[b] += w * ok
    seen = [i for i in range(len(bands)) if n[i]]
    if not seen:
        raise SystemExit("calibrate: no evidence to fit")
    fitted = dict(zip(seen, pav([right[i] / n[i] for i in seen], [n[i] for i in seen])))
    table, last = [], fitted[seen[0]]
    for i in range(len(bands)):
        last = fitted.get(i, last)
        table.append(last)
    return [_clip(v) for v in table]


def _clip(p: float) -> float:
    return min(CEILING, max(FLOOR, p))


def _logit(p: float) -> float:
    p = _clip(p)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def shifted(parent: list[float], rows, weight: float, bands=BANDS) -> list[float]:
    """``parent`` moved in log-odds so that its mean over ``rows`` is the rows' precision shrunk
    towards the parent's own prediction with ``weight`` pseudo-examples. Monotone as the parent is."""
    if not rows:
        return list(parent)
    predicted = [(parent[band_of(score, bands)], w) for score, _, w in rows]
    total = sum(w for _, w in predicted)
    expected = sum(p * w for p, w in predicted) / total
    target = (sum(ok * w for _, ok, w in rows) + weight * expected) / (total + weight)
    lo, hi = -12.0, 12.0
    for _ in range(60):  # bisection: the mean of the shifted predictions grows with the shift
        mid = (lo + hi) / 2
        if sum(_sigmoid(_logit(p) + mid) * w for p, w in predicted) / total < target:
            lo = mid
        else:
            hi = mid
    shift = (lo + hi) / 2
    return [_clip(_sigmoid(_logit(p) + shift)) for p in parent]


def fit(examples, weight: float, bands=BANDS) -> tuple[dict, dict]:
    """Tables from (rule, raw score, right, weight) examples, and the number of examples behind each:
    ({"default": [...], "employment": [...], "employment.join": [...]}, {"employment": 12, ...})."""
    tables = {"default": global_table([(s, ok, w) for _, s, ok, w in examples], bands)}
    by_relation, by_family = defaultdict(list), defaultdict(list)
    for rule, score, ok, w in examples:
        by_relation[rule.split(".")[0]].append((score, ok, w))
        by_family[family(rule)].append((score, ok, w))
    for relation, rows in sorted(by_relation.items()):
        tables[relation] = shifted(tables["default"], rows, weight, bands)
    for fam, rows in sorted(by_family.items()):
        tables[fam] = shifted(tables[fam.split(".")[0]], rows, weight, bands)
    return {key: [round(v, 3) for v in table] for key, table in tables.items()}, {
        key: len(rows) for key, rows in [*by_relation.items(), *by_family.items()]}


def examples_of(facts, keep) -> list[tuple]:
    """(rule, raw score, right, weight) for each piece of evidence from a post ``keep(post)`` accepts,
    weighted 1/(pieces of its fact so kept), so that every fact counts once."""
    out = []
    for f in facts:
        kept = [e for e in f.evidence if keep(e.post)]
        out += [(e.rule, e.confidence, f.right, 1 / len(kept)) for e in kept]
    return out


def as_calibration(tables: dict, bands=BANDS):
    """The tables as a ``relations.calibration.Calibration`` (checked as the build checks the file)."""
    from blogweave.relations.calibration import parse_calibration

    table = lambda values: {"bands": list(bands), "values": values}  # noqa: E731
    return parse_calibration({
        "version": 1, "default": table(tables["default"]),
        "relation": {k: table(v) for k, v in tables.items() if k != "default" and "." not in k},
        "family": {k: table(v) for k, v in tables.items() if "." in k}})


def fold(post: str) -> int:
    """One of FOLDS folds of the fit half (another byte of the same hash as ``half``)."""
    return hashlib.sha1(PurePosixPath(post).name.encode()).digest()[1] % FOLDS


def choose_weight(sets: dict, weights=WEIGHTS) -> tuple[float, dict]:
    """The shrinkage weight with the lowest Brier score in cross-validation inside the fit half, and the
    score of every weight. The folds are the sets (each set's fit-half facts predicted by tables fitted
    on the other sets' fit halves: a new collection of posts is what a user brings), or with one set
    only, FOLDS folds of its posts."""
    fit_only = lambda p: half(p) == "fit"  # noqa: E731
    every = [f for fs in sets.values() for f in fs]
    if len(sets) > 1:
        splits = [(examples_of([f for other, fs in sets.items() if other != name for f in fs], fit_only),
                   [f for f in facts if f.evidence and all(fit_only(e.post) for e in f.evidence)])
                  for name, facts in sets.items()]
    else:
        splits = [(examples_of(every, lambda p, k=k: fit_only(p) and fold(p) != k),
                   [f for f in every if f.evidence and all(fit_only(e.post) and fold(e.post) == k for e in f.evidence)])
                  for k in range(FOLDS)]
    scores = {}
    for w in weights:
        loss = count = 0
        for train, test in splits:
            if not train or not test:
                continue
            for f in recalibrated(test, as_calibration(fit(train, w)[0])):
                loss += (f.confidence - f.right) ** 2
                count += 1
        scores[w] = loss / max(1, count)
    return min(weights, key=lambda w: (round(scores[w], 6), -w)), scores


def to_toml(tables: dict, counts: dict, header: str, bands=BANDS) -> str:
    """calibration.toml's text: a header, [default], [relation.X] and [family."X.y"] tables."""
    lines = [*("# " + line if line else "#" for line in header.splitlines()), "", "version = 1", ""]

    def table(title: str, values, n=None):
        lines.append(title + (f"  # {n} examples" if n is not None else ""))
        lines.append("bands = [" + ", ".join(f"{b:.2f}" for b in bands) + "]")
        lines.append("values = [" + ", ".join(f"{v:.3f}" for v in values) + "]")
        lines.append("")

    table("[default]", tables["default"], sum(n for k, n in counts.items() if "." not in k))
    for key in sorted(k for k in tables if k != "default" and "." not in k):
        table(f"[relation.{key}]", tables[key], counts.get(key))
    for key in sorted(k for k in tables if "." in k):
        table(f'[family."{key}"]', tables[key], counts.get(key))
    return "\n".join(lines)


# -- reporting ---------------------------------------------------------------------------------------

def held_out(facts) -> list[JudgedFact]:
    """The facts every piece of evidence of which comes from a held-out post."""
    return [f for f in facts if f.evidence and all(half(e.post) == "held-out" for e in f.evidence)]


def recalibrated(facts, calibration) -> list[JudgedFact]:
    """The facts with the confidence a build with ``calibration`` reports (from their raw evidence)."""
    from blogweave.resolve.merging import combine_confidence

    out = []
    for f in facts:
        evidence = tuple(Evidence(e.rule, calibration.apply(e.rule, e.confidence), e.post) for e in f.evidence)
        out.append(JudgedFact(f.key, f.right, combine_confidence(e.confidence for e in evidence), evidence))
    return out


def distinct(facts) -> dict:
    """gold-side triple -> (right, confidence): a triple kept at threshold t when any of its facts is."""
    best: dict = {}
    for f in facts:
        old = best.get(f.key)
        best[f.key] = (f.right, max(f.confidence, old[1] if old else 0.0))
    return best


def report(facts, title: str) -> list[str]:
    """The reliability table and the precision and coverage at each threshold, as printed lines."""
    triples = distinct(facts)
    lines = [title, f"{'confidence':12} {'facts':>6} {'mean conf':>9} {'precision':>9}"]
    for i, low in enumerate(REPORT_BANDS):
        high = REPORT_BANDS[i + 1] if i + 1 < len(REPORT_BANDS) else 1.0001
        inside = [(ok, c) for ok, c in triples.values() if low <= c < high]
        if inside:
            mean = sum(c for _, c in inside) / len(inside)
            lines.append(f"[{low:.1f}, {min(high, 1.0):.1f}){'':2} {len(inside):6} {mean:9.2f} "
                         f"{sum(ok for ok, _ in inside) / len(inside):9.2f}")
    right_all = sum(ok for ok, _ in triples.values())
    if triples:
        n = len(triples)
        brier = sum((c - ok) ** 2 for ok, c in triples.values()) / n
        ece = 0.0
        for i, low in enumerate(REPORT_BANDS):
            high = REPORT_BANDS[i + 1] if i + 1 < len(REPORT_BANDS) else 1.0001
            inside = [(ok, c) for ok, c in triples.values() if low <= c < high]
            if inside:
                ece += abs(sum(c for _, c in inside) - sum(ok for ok, _ in inside)) / n
        lines.append(f"Brier score {brier:.4f}, expected calibration error {ece:.3f} (over the bands above)")
    lines.append(f"{'min-conf':12} {'facts':>6} {'precision':>9} {'coverage':>9} {'right kept':>10}")
    for t in (0.0, *THRESHOLDS):
        kept = [ok for ok, c in triples.values() if c >= t]
        p = f"{sum(kept) / len(kept):9.2f}" if kept else f"{'-':>9}"
        lines.append(f"{t:<12.1f} {len(kept):6} {p} {len(kept) / max(1, len(triples)):9.2f} "
                     f"{sum(kept) / max(1, right_all):10.2f}")
    return lines


def readme_table(facts) -> list[str]:
    """The README's table: facts kept and precision at each threshold."""
    triples = distinct(facts)
    lines = ["| `--min-confidence` | facts kept | precision |", "| --- | --- | --- |"]
    for t in (0.0, *THRESHOLDS):
        kept = [ok for ok, c in triples.values() if c >= t]
        p = f"{sum(kept) / len(kept):.2f}" if kept else "-"
        lines.append(f"| {t:g} | {len(kept)} ({len(kept) / max(1, len(triples)):.0%}) | {p} |")
    return lines


def family_lines(examples, tables) -> list[str]:
    """Per rule family on the fit half: examples, precision, the table's value at the family's usual score."""
    rows = defaultdict(list)
    for rule, score, ok, w in examples:
        rows[family(rule)].append((score, ok, w))
    lines = [f"{'family (fit half)':40} {'n':>5} {'precision':>9} {'table':>24}"]
    for fam, items in sorted(rows.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        total = sum(w for *_, w in items)
        lines.append(f"{fam:40} {len(items):5} {sum(ok * w for _, ok, w in items) / total:9.2f} "
                     f"  {' '.join(f'{v:.2f}' for v in tables[fam])}")
    return lines


# -- the command -------------------------------------------------------------------------------------

def build_raw(name: str, out: Path) -> Path:
    """Build one set cold with the calibration off; the path of its graph.ttl."""
    command = [sys.executable, "-c", _RAW_BUILD, "build", str(quality.SHARED / quality.SETS[name][0]),
               "--out", str(out), "--formats", "turtle", "--no-cache", "-q", "-j", "1"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not (out / "graph.ttl").is_file():
        raise SystemExit(f"building {name} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return out / "graph.ttl"


def load_sets(scorer, names, base: Path, build: bool, jobs: int) -> dict[str, list[JudgedFact]]:
    from concurrent.futures import ThreadPoolExecutor

    todo = [n for n in names if build or not (base / n / "graph.ttl").is_file()]
    todo.sort(key=lambda n: -sum(1 for _ in (quality.SHARED / quality.SETS[n][0]).iterdir()))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda n: build_raw(n, base / n), todo))
    out = {}
    for name in names:
        graph, gold = base / name / "graph.ttl", quality.SHARED / quality.SETS[name][1]
        out[name] = judged_facts(scorer, graph, gold)
        # the same judgement as the scorer's, or the fit would be of something else
        expected = quality.score_set(scorer, name, graph)["precision"]
        if round(precision(out[name]) or 0.0, 3) != expected:
            print(f"warning: {name}: precision {precision(out[name]):.3f} here, {expected:.3f} by score.py",
                  file=sys.stderr)
    return out


HEADER = """\
Calibration of relation confidences: written by benchmarks/calibrate.py, do not edit by hand.
Re-fit after changing rules: .venv/bin/python benchmarks/calibrate.py
A rule's raw score (relations/confidence.py) falls in one of the bands (lower bounds); the value at the
same position is the confidence evidence from that rule reports (relations/calibration.py reads this).
Fitted on the 'fit' half of the posts (sha1 of the file name, first byte even) of {sets}:
{examples} pieces of evidence, each weighted 1/(pieces of its fact), judged by ../shared/eval/score.py's
matching. [default]: precision per band, made monotone (pool adjacent violators). [relation.X]: the
default shifted in log-odds to the relation's precision shrunk towards the default with {weight}
pseudo-examples (chosen by leave-one-set-out cross-validation inside the fit half); [family."X.y"]: the relation's table shifted likewise. Values kept within [{floor}, {ceiling}].
Held-out half ({held} facts): precision {p8} at confidence >= 0.8, {p5} at >= 0.5."""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(quality.SETS), help="comma-separated sets of quality.py")
    parser.add_argument("--jobs", type=int, default=2, help="sets built at a time")
    parser.add_argument("--raw", type=Path, help="keep the raw builds in RAW/<set>/ (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse RAW/<set>/graph.ttl already there")
    parser.add_argument("--check", type=Path, help="only report the held-out half of DIR/<set>/graph.ttl as built")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the calibration")
    parser.add_argument("--dry-run", action="store_true", help="fit and report, write nothing")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    if not (quality.SHARED / "eval" / "score.py").is_file():
        sys.exit(f"{quality.SHARED} is not beside the checkout: calibrate.py needs ../shared")
    scorer = quality.load_scorer()
    if args.check:
        sets = load_sets(scorer, names, args.check, build=False, jobs=args.jobs)
        facts = [f for name in names for f in held_out(sets[name])]
        print("\n".join(report(facts, f"held-out half of {args.check}, confidence as exported")))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        sets = load_sets(scorer, names, args.raw or Path(tmp), build=not args.reuse, jobs=args.jobs)
    every = [f for name in names for f in sets[name]]
    examples = examples_of(every, lambda p: half(p) == "fit")
    weight, losses = choose_weight(sets)
    print("shrinkage weight by cross-validation over the sets, fit half only (Brier score): "
          + ", ".join(f"{w}: {loss:.4f}" for w, loss in losses.items()) + f" -> {weight}")
    tables, counts = fit(examples, weight)
    fitted = as_calibration(tables)
    held = [f for name in names for f in held_out(sets[name])]
    print("\n".join(family_lines(examples, tables)), end="\n\n")
    print("\n".join(report(held, "held-out half, raw scores (no calibration)")), end="\n\n")
    after = recalibrated(held, fitted)
    print("\n".join(report(after, "held-out half, calibrated")))
    at = lambda t: precision([f for f in after if f.confidence >= t])  # noqa: E731
    header = HEADER.format(sets=", ".join(names), examples=len(examples), weight=weight, floor=FLOOR,
                           ceiling=CEILING, held=len(distinct(after)), p8=f"{at(0.8) or 0:.2f}", p5=f"{at(0.5) or 0:.2f}")
    print("\nfor README.md (section Confidence):\n" + "\n".join(readme_table(after)))
    text = to_toml(tables, counts, header)
    if not args.dry_run:
        args.output.write_text(text, encoding="utf-8")
        print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
