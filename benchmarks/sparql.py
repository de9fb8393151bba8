"""Issue 5 (e): every shipped named query, on a big graph, with Oxigraph and with rdflib's engine.

    .venv/bin/python benchmarks/sparql.py                                   # synthetic graph (default)
    .venv/bin/python benchmarks/sparql.py --graph output/graph.ttl --copies 10

Where the big graph comes from (the output says which was used):

* ``--graph PATH --copies N``: a real export (e.g. ``blogweave build ../shared/corpus``)
  replicated N times. Every IRI under the graph's own base (entities, posts,
  facts, evidence) gets a copy prefix, ``.../id/r3/person/x``; vocabulary IRIs
  and literals are kept, so labels repeat across copies and a by-name query
  matches N entities, as it would if N bloggers wrote the same posts.
* default: a synthetic graph written by blogweave's own graph builder and RDF
  exporter (so it has exactly the export's shape): ``--posts 1000`` posts, 4
  entities and 4 facts per post, about 100,000 triples, which is the size of
  the ../shared/corpus export (10,724 triples) replicated 10 times.

For each query: rows returned (the two engines must agree, or the line says
MISMATCH), Oxigraph's best of ``--repeat`` runs, rdflib's time for one run,
and the ratio. Parameters get the label of the entity with most facts.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from blogweave.sparql import store as q

ROOT = Path(__file__).resolve().parents[1]


def replicate(path: Path, copies: int, out: Path) -> tuple[int, str]:
    """Write ``copies`` renamed copies of the graph at ``path`` to ``out`` as N-Triples."""
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip("."))))
    base = _base_iri(triples)

    def rename(term, k):
        if isinstance(term, ox.NamedNode) and term.value.startswith(base):
            return ox.NamedNode(f"{base}r{k}/{term.value[len(base):]}")
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"r{k}_{term.value}")
        return term

    with open(out, "wb") as handle:
        for k in range(copies):
            chunk = [ox.Triple(rename(t.subject, k), t.predicate, rename(t.object, k)) for t in triples]
            ox.serialize(chunk, handle, ox.RdfFormat.N_TRIPLES)
    return len(triples) * copies, f"{path} x {copies} copies (IRIs under {base} renamed per copy)"


def _base_iri(triples) -> str:
    """The IRI prefix the export put its nodes under: what posts' IRIs start with, up to 'post/'."""
    for t in triples:
        if t.predicate.value == q.PREFIXES["bw"] + "sourcePath":
            iri = t.subject.value
            return iri[: iri.index("post/")] if "post/" in iri else iri.rsplit("/", 1)[0] + "/"
    raise SystemExit("the graph has no bw:Post with bw:sourcePath; is it a blogweave export?")


def synthesize(posts: int, out: Path, seed: int = 7) -> tuple[int, str]:
    """A graph with the export's exact shape, from invented names, written with the real exporter."""
    from blogweave.exporters.rdf import write_turtle
    from blogweave.graph.network import build_graph
    from blogweave.models import Entity, PostInfo, Provenance, ResolvedFact

    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "sa", "tor", "vel", "qu", "zan", "bri", "dor", "fen"]

    def name(parts):
        return "".join(rng.choice(syllables) for _ in range(parts)).title()

    n_people, n_orgs, n_tech = posts * 2, posts, posts
    people = [Entity(f"person/p{i}", f"{name(2)} {name(3)}", "Person", (f"P{i}",), (), rng.randint(1, 30)) for i in range(n_people)]
    orgs = [Entity(f"organization/o{i}", f"{name(3)} Labs", "Organization", (), (), rng.randint(1, 30)) for i in range(n_orgs)]
    tech = [Entity(f"technology/t{i}", name(2).lower() + ".js", "Technology", (), (), rng.randint(1, 30)) for i in range(n_tech)]
    post_infos = [PostInfo(f"{2000 + i % 25}/post-{i}.md", f"Post {i}", f"{2000 + i % 25}-01-01", (people[i].id,)) for i in range(posts)]
    facts: dict[tuple, list] = {}
    relations = [("workedAt", people, orgs), ("founded", people, orgs), ("developed", people + orgs, tech), ("fundedBy", tech, orgs)]
    for i in range(posts * 4):
        predicate, subjects, objects = rng.choices(relations, weights=[4, 1, 2, 1])[0]
        subject, obj = rng.choice(subjects), rng.choice(objects)
        post = rng.choice(post_infos).rel_path
        facts.setdefault((subject.id, predicate, obj.id), []).append(
            Provenance(post, rng.randint(1, 80), f"{subject.label} and {obj.label}: sentence {i}.", f"{predicate}.rule.v1",
                       0.5 + rng.random() / 2, start=0, end=40,
                       start_date=f"{2000 + rng.randint(0, 20)}" if rng.random() < 0.5 else None,
                       role="engineer" if predicate == "workedAt" and rng.random() < 0.5 else None)
        )
    resolved = [ResolvedFact(s, p, o, max(e.confidence for e in ev), tuple(ev)) for (s, p, o), ev in facts.items()]
    graph = build_graph(people + orgs + tech, resolved, post_infos, "https://example.org/bench/")
    write_turtle(graph, out)
    return len(list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))), f"synthetic: {posts} posts, {len(resolved)} facts"


def busiest_label(store: ox.Store, predicate: str | None = None) -> str:
    """The label of the entity that is the subject of most facts (of ``predicate``, if given)."""
    restrict = f"?f rdf:predicate <{q.PREFIXES['bw']}{predicate}> ." if predicate else ""
    rows = list(store.query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?label (COUNT(?f) AS ?n) WHERE {{ ?f rdf:subject ?e . {restrict} ?e rdfs:label ?label }} "
        "GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1"
    ))
    return rows[0]["label"].value if rows else "nobody"


#: the relation whose busiest subject a named query's parameter gets (default: any relation)
PARAM_RELATION = {"name": "developed"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, help="a blogweave export to replicate (default: synthesize one)")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--posts", type=int, default=1000, help="posts in the synthetic graph")
    parser.add_argument("--repeat", type=int, default=5, help="Oxigraph runs per query (best is kept)")
    parser.add_argument("--rdflib-repeat", type=int, default=1)
    parser.add_argument("--only", help="comma-separated query names")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    import rdflib

    with tempfile.TemporaryDirectory() as tmp:
        if args.graph:
            path = Path(tmp) / "big.nt"
            triples, source = replicate(args.graph, args.copies, path)
        else:
            path = Path(tmp) / "big.ttl"
            triples, source = synthesize(args.posts, path)
        print(f"graph: {source}; {triples:,} triples")

        start = time.perf_counter()
        loaded = q.load_graph(path)
        ox_load = time.perf_counter() - start
        start = time.perf_counter()
        rdf = rdflib.Graph()
        rdf.parse(str(path))
        rdflib_load = time.perf_counter() - start
        print(f"load: Oxigraph {ox_load:.2f} s, rdflib {rdflib_load:.2f} s ({len(rdf):,} triples)")

    values = {name: busiest_label(loaded.store, PARAM_RELATION.get(name)) for name in ("name", "entity")}
    print("parameters: " + ", ".join(f"{k}={v!r}" for k, v in values.items()) + "\n")
    names = set(args.only.split(",")) if args.only else None
    header = f"{'query':<18} {'rows':>7} {'oxigraph ms':>12} {'rdflib ms':>11} {'ratio':>8}"
    print(header + "\n" + "-" * len(header))
    figures = []
    for named in q.list_queries():
        if names and named.name not in names:
            continue
        params = {p: values.get(p) or busiest_label(loaded.store) for p in named.params}
        ox_times, ox_rows = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            ox_rows = len(q.collect(q.execute(loaded, named, params)).rows)
            ox_times.append(time.perf_counter() - start)
        bindings = {rdflib.Variable(k): rdflib.Literal(v) for k, v in params.items()}
        rdflib_times, rdflib_rows = [], 0
        for _ in range(args.rdflib_repeat):
            start = time.perf_counter()
            rdflib_rows = len(list(rdf.query(named.text, initBindings=bindings)))
            rdflib_times.append(time.perf_counter() - start)
        best_ox, best_rdflib = min(ox_times), min(rdflib_times)
        ratio = best_rdflib / best_ox if best_ox else float("inf")
        flag = "" if ox_rows == rdflib_rows else f"  MISMATCH (rdflib {rdflib_rows} rows)"
        print(f"{named.name:<18} {ox_rows:>7} {best_ox * 1000:>12.1f} {best_rdflib * 1000:>11.1f} {ratio:>7.1f}x{flag}")
        figures.append({"query": named.name, "rows": ox_rows, "rdflib_rows": rdflib_rows,
                        "oxigraph_ms": round(best_ox * 1000, 2), "oxigraph_median_ms": round(statistics.median(ox_times) * 1000, 2),
                        "rdflib_ms": round(best_rdflib * 1000, 2), "ratio": round(ratio, 1)})
    slowest = min(f["ratio"] for f in figures) if figures else 0
    print(f"\nsmallest ratio: {slowest:.1f}x (target: at least 10x)")
    if args.json:
        args.json.write_text(json.dumps({"graph": source, "triples": triples, "oxigraph_load_s": round(ox_load, 2),
                                         "rdflib_load_s": round(rdflib_load, 2), "queries": figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
