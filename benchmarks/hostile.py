"""Time and peak memory of a build on each hostile post, and of the server under hostile loads (issue 12).

    .venv/bin/python benchmarks/hostile.py [--fuzz N]

Each post is built alone, in a fresh process (``blogweave build -j1 --no-cache``), and
its wall time and peak resident memory (the child's ru_maxrss) are printed; the target is
under 30 s and 1 GB each. Then a server on a small graph is measured (its own process
plus its workers' peak resident memory) while six clients run byte-heavy queries and
six slow clients hold connections open. ``--fuzz N`` runs the hypothesis fuzz test of
tests/test_hostile_fuzz.py with N examples.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOGWEAVE = [sys.executable, "-m", "blogweave"]
MIB = 2**20


def hostile_posts() -> dict[str, bytes]:
    big = "x" * 200_000
    return {
        "stars.md": b"a*" * int(9.9 * MIB / 2),
        "stars-1mib.md": b"a*" * (MIB // 2 - 8),  # just under the size limit: converted, then parsed
        "sentence.md": (b"word " * 200_000)[:1_000_000],
        "aliases.md": ("---\nbase: &a \"" + big + "\"\nauthor: [" + ", ".join(["*a"] * 1000) + "]\n---\nHello.\n").encode(),
        "posted-on.md": ("Posted on" + " " * 217 + "!" * 70).encode(),
        "nested-lists.md": "".join("  " * (i % 500) + "- item\n" for i in range(int(9.9 * MIB / 507))).encode(),
        "nested-lists-1mib.md": "".join("  " * (i % 200) + "- item\n" for i in range(MIB // 210)).encode(),
    }


def build_one(name: str, data: bytes, work: Path) -> tuple[float, float, str]:
    content = work / name.replace(".", "_")
    content.mkdir()
    (content / name).write_bytes(data)
    args = ["build", str(content), "--out", str(work / (name + ".out")), "-j1", "--no-cache", "-f", "json", "-q"]
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PEAK_OF_ONE_RUN, *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    lines = result.stderr.strip().splitlines()
    peak = float(lines.pop()) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return wall, peak, (lines or ["ok"])[-1][:110]


#: Runs the blogweave command line in this process and prints its own peak RSS (KiB) last on stderr.
_PEAK_OF_ONE_RUN = (
    "import resource, sys\n"
    "from blogweave.cli import app\n"
    "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def _rss_tree_mb(pid: int) -> float:
    import psutil

    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / MIB


def server_loads(work: Path) -> None:
    import psutil  # noqa: F401 - a test dependency

    content = work / "srv_content"
    content.mkdir()
    for i in range(20):
        (content / f"p{i}.md").write_text(f"Post {i}\n\nWren Aldous joined Quillet Labs in 2019. Ilka Brandt founded Brindle.\n")
    out = work / "srv_out"
    subprocess.run(BLOGWEAVE + ["build", str(content), "--out", str(out), "-q", "--no-cache"], check=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(BLOGWEAVE + ["serve", "--out", str(out), "--port", str(port), "--workers", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        server.stdout.readline()
        idle = _rss_tree_mb(server.pid)
        # byte-heavy: few rows, each a long string (the 243 MB body of finding 8): each row 100 KB, ten copies of
        # ten copies of ten copies of 100 characters; 1,000 rows = 100 MB (over the 64 MB limit), 400 = 40 MB
        def heavy(rows: int) -> str:
            return ('SELECT ?d WHERE { VALUES ?n { ' + " ".join(str(i) for i in range(rows)) + ' } '
                    'BIND("' + "y" * 100 + '" AS ?a) BIND(CONCAT(' + ",".join(["?a"] * 10) + ') AS ?b) '
                    'BIND(CONCAT(' + ",".join(["?b"] * 10) + ') AS ?c) BIND(CONCAT(' + ",".join(["?c"] * 10) + ') AS ?d) }')

        def heavy_client(query: str, statuses: list) -> None:
            with socket.create_connection(("127.0.0.1", port), timeout=120) as conn:
                body = urllib.parse.urlencode({"query": query}).encode()
                conn.sendall(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded"
                             b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                statuses.append(conn.makefile("rb").readline().decode().strip())
                time.sleep(5)  # a slow reader: holds the response

        def slow_client(hold: list) -> None:
            conn = socket.create_connection(("127.0.0.1", port), timeout=120)
            conn.sendall(b"GET / HTTP/1.1\r\n")
            hold.append(conn)

        held: list = []
        for rows, what in ((1000, "100 MB results (over the limit)"), (400, "40 MB results (under the limit)")):
            peak = [idle]
            statuses: list[str] = []
            threads = [threading.Thread(target=heavy_client, args=(heavy(rows), statuses)) for _ in range(6)]
            for thread in threads:
                thread.start()
            if not held:
                for _ in range(6):
                    slow_client(held)
            deadline = time.time() + 60
            while any(t.is_alive() for t in threads) and time.time() < deadline:
                peak.append(_rss_tree_mb(server.pid))
                time.sleep(0.2)
            print(f"server peak, 6 slow readers of {what:<32} {max(peak):6.0f} MB   answers: {sorted(set(statuses))}",
                  flush=True)
        dropped = 0
        time.sleep(31)  # the whole-request deadline is 30 s by default
        for conn in held:
            conn.setblocking(False)
            try:
                dropped += conn.recv(1) == b""
            except BlockingIOError:
                pass
            except OSError:
                dropped += 1
            conn.close()
        print(f"server idle (server + 2 workers)       {idle:8.0f} MB")
        print(f"slow clients dropped after the deadline {dropped} of {len(held)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=0, help="also run the fuzz test with this many examples")
    parser.add_argument("--only", choices=("posts", "server"), help="run only the hostile posts or the server loads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.only != "server":
            posts = hostile_posts()
            print(f"{'post':<22} {'size':>9} {'wall s':>7} {'peak MB':>8}  outcome")
            for name, data in sorted(posts.items(), key=lambda item: len(item[1])):
                wall, peak, note = build_one(name, data, work)
                flag = "" if wall < 30 and peak < 1024 else "  OVER TARGET"
                print(f"{name:<22} {len(data) / MIB:7.2f}Mi {wall:7.1f} {peak:8.0f}  {note}{flag}", flush=True)
        if args.only != "posts":
            server_loads(work)
    if args.fuzz:
        env = {**os.environ, "BLOGWEAVE_FUZZ_EXAMPLES": str(args.fuzz)}
        subprocess.run([sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "test_hostile_fuzz.py")], env=env,
                       check=False)


if __name__ == "__main__":
    main()
