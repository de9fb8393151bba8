"""Regression floors on every shared set with gold facts (issue 10): guards a little below what the
build reaches today, not targets. Each set is built once with the real model and scored by
../shared/eval/score.py, as benchmarks/quality.py does; raise a floor when the numbers settle higher.
"""

from __future__ import annotations

import importlib.util

import pytest
import yaml

from blogweave.config import Settings
from blogweave.pipeline.build import build

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

#: set -> (content folder, gold file, floors); measured 2026-12 on branch typing, blogs raised on branch affil: see benchmarks/README.md
SETS = {
    "blogs": ("devsets/blogs/posts", "devsets/blogs/gold.yaml",
              {"f1": 0.50, "precision": 0.85, "entity_type_accuracy": 0.86}),
    "conll04-train": ("devsets/conll04-train/posts", "devsets/conll04-train/gold.yaml",
                      {"f1": 0.60, "precision": 0.74, "entity_type_accuracy": 0.95}),
    "redocred-dev": ("devsets/redocred-dev/posts", "devsets/redocred-dev/gold.yaml",
                     {"f1": 0.37, "precision": 0.62, "entity_type_accuracy": 0.90}),  # precision floors raised with the real-blog reading of issue 10
}


@pytest.fixture(scope="module")
def scorer():
    from conftest import SHARED

    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("../shared is not beside the checkout")
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", list(SETS))
def test_shared_set_stays_above_its_floor(name, scorer, tmp_path):
    from conftest import SHARED

    content, gold_file, floors = SETS[name]
    if not (SHARED / content).is_dir():
        pytest.skip(f"../shared/{content} is not there")
    build(Settings(content_dir=SHARED / content, out_dir=tmp_path, formats=("turtle",), cache=False))
    gold = scorer.Gold(yaml.safe_load((SHARED / gold_file).read_text(encoding="utf-8")))
    report = scorer.score(scorer.load_graph(tmp_path / "graph.ttl"), gold, scorer.DEFAULT_NS)
    below = {key: (report[key], floor) for key, floor in floors.items() if report[key] < floor}
    assert not below, (below, report["false_positives"][:20])
