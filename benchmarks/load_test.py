"""Issue 6: load test of ``blogweave serve`` on loopback: 50 clients, 5,000 queries.

    .venv/bin/python benchmarks/load_test.py                       # synthetic graph, defaults below
    .venv/bin/python benchmarks/load_test.py --out output --clients 50 --queries 5000

Starts ``blogweave serve`` as a subprocess on a free 127.0.0.1 port (loopback
only; nothing else is contacted) over ``--out``/graph.ttl, or over a synthetic
graph of ``--posts`` posts written by blogweave's own exporter (the same one
``benchmarks/sparql.py`` uses). Each client thread keeps one HTTP/1.1
connection and sends its share of the queries, a fixed mix:

* cheap (70%): ASK, a label lookup, a count of one class;
* expensive (20%): the shipped worked-at, colleagues and entities queries and
  an aggregate over every fact's evidence;
* malformed (10%): three kinds of syntax error, which must get 400;
* runaway (``--runaway``, default 5): a five-way cross product that must be
  stopped by the server's timeout (503) without hurting anything else.

Prints throughput, latency percentiles per kind, and every unexpected status;
exits 1 if any well-formed (cheap or expensive) query failed or the server
did not answer afterwards. Bounded: ``--max-seconds`` for the whole run, 120 s
per request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BW = "https://w3id.org/blogweave/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
HOST = "127.0.0.1"


def shipped(name: str) -> str:
    return (ROOT / "src" / "blogweave" / "queries" / f"{name}.rq").read_text(encoding="utf-8")


CHEAP = [
    f"ASK {{ ?p <{BW}workedAt> ?o }}",
    f"SELECT ?e WHERE {{ ?e <{RDFS}label> \"Nobody In Particular\" }}",
    f"SELECT (COUNT(?e) AS ?n) WHERE {{ ?e a <{BW}Person> }}",
    f"SELECT ?p ?o WHERE {{ ?p <{BW}founded> ?o }} LIMIT 20",
]
EXPENSIVE_NAMES = ["worked-at", "colleagues", "entities"]
EXPENSIVE_EXTRA = (
    "PREFIX bw: <https://w3id.org/blogweave/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    "SELECT ?p (COUNT(*) AS ?n) (MAX(STRLEN(?t)) AS ?longest) "
    "WHERE { ?f rdf:predicate ?p ; bw:evidence ?e . ?e bw:evidenceText ?t } GROUP BY ?p ORDER BY DESC(?n)"
)
MALFORMED = ["SELECT ?s WHERE { ?s ?p }", "SELEC * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o "]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
EXPECTED = {"cheap": 200, "expensive": 200, "malformed": 400, "runaway": 503}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(out_dir: Path, port: int, timeout: float, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "blogweave"), "serve", "--out", str(out_dir), "--host", HOST,
        "--port", str(port), "--timeout", str(timeout), "--workers", str(workers),
    ]
    if not Path(command[0]).exists():
        command[:1] = [sys.executable, "-m", "blogweave"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stdout.read()}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 120 s")


def plan(total: int, runaway: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    expensive = [shipped(name) for name in EXPENSIVE_NAMES] + [EXPENSIVE_EXTRA]
    jobs = []
    for i in range(total - runaway):
        roll = rng.random()
        if roll < 0.7:
            jobs.append(("cheap", rng.choice(CHEAP)))
        elif roll < 0.9:
            jobs.append(("expensive", rng.choice(expensive)))
        else:
            jobs.append(("malformed", rng.choice(MALFORMED)))
    for _ in range(runaway):
        jobs.insert(rng.randrange(len(jobs) + 1), ("runaway", RUNAWAY))
    return jobs


def client(port: int, jobs: list, results: list, stop_at: float) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    for kind, text in jobs:
        if time.monotonic() > stop_at:
            results.append((kind, "not sent (time limit)", 0.0))
            continue
        body = urllib.parse.urlencode({"query": text})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
        started = time.perf_counter()
        try:
            conn.request("POST", "/sparql", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as err:
            status = f"{type(err).__name__}: {err}"
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=120)
        results.append((kind, status, time.perf_counter() - started))
    conn.close()


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="an output folder with graph.ttl (default: a synthetic graph)")
    parser.add_argument("--posts", type=int, default=255, help="posts in the synthetic graph")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--runaway", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's --timeout")
    parser.add_argument("--workers", type=int, default=0, help="the server's --workers")
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out
        if out_dir is None:
            sys.path.insert(0, str(Path(__file__).parent))
            from sparql import synthesize

            out_dir = Path(tmp)
            triples, source = synthesize(args.posts, out_dir / "graph.ttl")
            print(f"graph: {source}; {triples:,} triples")
        else:
            print(f"graph: {out_dir / 'graph.ttl'}")
        port = free_port()
        server = start_server(out_dir, port, args.timeout, args.workers)
        try:
            jobs = plan(args.queries, args.runaway, args.seed)
            shares = [jobs[i :: args.clients] for i in range(args.clients)]
            results: list = []
            stop_at = time.monotonic() + args.max_seconds
            threads = [threading.Thread(target=client, args=(port, share, results, stop_at)) for share in shares]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            after = http.client.HTTPConnection(HOST, port, timeout=30)
            after.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CHEAP[0]}))
            response = after.getresponse()
            alive = response.status == 200 and json.loads(response.read())["boolean"] in (True, False)
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()

    by_kind = defaultdict(list)
    statuses = defaultdict(Counter)
    for kind, status, latency in results:
        by_kind[kind].append(latency)
        statuses[kind][status] += 1
    cpus = os.cpu_count()
    print(f"{len(results)} requests from {args.clients} clients in {elapsed:.1f} s: "
          f"{len(results) / elapsed:.0f} requests/s ({cpus} cores, server --timeout {args.timeout:g})")
    header = f"{'kind':<10} {'count':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses"
    print(header + "\n" + "-" * len(header))
    all_latencies = []
    for kind in ("cheap", "expensive", "malformed", "runaway"):
        values = by_kind.get(kind, [])
        all_latencies += values
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(statuses[kind].items(), key=str))
        print(f"{kind:<10} {len(values):>6} {percentile(values, 50) * 1000:>8.1f} {percentile(values, 90) * 1000:>8.1f} "
              f"{percentile(values, 99) * 1000:>8.1f} {max(values, default=0) * 1000:>8.1f}  {shown}")
    print(f"{'all':<10} {len(all_latencies):>6} {percentile(all_latencies, 50) * 1000:>8.1f} "
          f"{percentile(all_latencies, 90) * 1000:>8.1f} {percentile(all_latencies, 99) * 1000:>8.1f} "
          f"{max(all_latencies, default=0) * 1000:>8.1f}")
    failed_good = sum(n for kind in ("cheap", "expensive") for s, n in statuses[kind].items() if s != 200)
    unexpected = {k: {s: n for s, n in c.items() if s != EXPECTED[k]} for k, c in statuses.items()}
    unexpected = {k: v for k, v in unexpected.items() if v}
    print(f"failed well-formed queries: {failed_good}; unexpected statuses: {unexpected or 'none'}; "
          f"server answers afterwards: {'yes' if alive else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps({
            "requests": len(results), "clients": args.clients, "seconds": round(elapsed, 2),
            "throughput": round(len(results) / elapsed, 1),
            "p50_ms": round(percentile(all_latencies, 50) * 1000, 1), "p99_ms": round(percentile(all_latencies, 99) * 1000, 1),
            "statuses": {k: {str(s): n for s, n in c.items()} for k, c in statuses.items()},
            "failed_well_formed": failed_good, "alive": alive,
        }, indent=2))
    return 0 if failed_good == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
