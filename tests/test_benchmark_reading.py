"""benchmarks/reading.py: a build's facts take the verdicts already written for them (no model)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _reading():
    spec = importlib.util.spec_from_file_location("reading_bench", ROOT / "benchmarks" / "reading.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _edge(source, target, predicate, post, line):
    evidence = {"post": post, "line": line, "rule": "r.v1", "evidence": "A sentence\twith a tab."}
    return {"source": source, "target": target, "predicate": predicate, "confidence": 0.9, "evidence": [evidence]}


def test_verdicts_carry_over_and_unread_facts_are_listed(tmp_path, capsys):
    out = tmp_path / "out-blog"
    out.mkdir()
    nodes = [{"id": "p", "label": "Ada Vell", "type": "Person"}, {"id": "o", "label": "Quorra", "type": "Organization"},
             {"id": "t", "label": "Tarn", "type": "Technology"}]
    edges = [_edge("p", "o", "workedAt", "a.md", 3), _edge("p", "t", "developed", "a.md", 5),
             _edge("o", "t", "developed", "b.md", 1), {"source": "p", "target": "o", "predicate": "mentions"}]
    (out / "graph.json").write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")
    verdicts = tmp_path / "verdicts.tsv"
    verdicts.write_text("Ada Vell\tworkedAt\tQuorra\ta.md\t3\tRIGHT\t\n"
                        "Ada Vell\tdeveloped\tTarn\ta.md\t5\tWRONG\twrong-verb-sense: uses it\n", encoding="utf-8")
    unread = tmp_path / "unread.tsv"
    assert _reading().main([str(out), "--verdicts", str(verdicts), "--unread", str(unread)]) == 0
    report = capsys.readouterr().out
    assert "| out-blog | 3 | 2 | 1 | 1 | 0.50 |" in report
    assert "wrong, wrong-verb-sense: 1" in report
    rows = [line.split("\t") for line in unread.read_text(encoding="utf-8").splitlines()]
    assert [row[:5] for row in rows] == [["Quorra", "developed", "Tarn", "b.md", "1"]]
    assert rows[0][-1] == "A sentence with a tab."
