"""The seed posts scored against their gold annotation: the floors issue 3 sets.

Uses ../shared/eval/score.py, the scorer every build is judged by, on a real
build with the real model.
"""

from __future__ import annotations

import importlib.util

import pytest

from blogweave.config import Settings
from blogweave.pipeline.build import build

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def seed_score(tmp_path_factory):
    from conftest import SHARED

    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the checkout")
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    out = tmp_path_factory.mktemp("seeds-out")
    build(Settings(content_dir=SHARED / "seeds", out_dir=out, formats=("turtle",), cache=False))
    gold = scorer.Gold(__import__("yaml").safe_load((SHARED / "seeds" / "gold.yaml").read_text(encoding="utf-8")))
    return scorer.score(scorer.load_graph(out / "graph.ttl"), gold, scorer.DEFAULT_NS)


def test_seed_facts_are_right_and_complete(seed_score):
    assert seed_score["f1"] >= 0.9, seed_score["missed"] + seed_score["false_positives"]
    assert seed_score["precision"] >= 0.9, seed_score["false_positives"]


def test_seed_entities_are_typed_and_merged(seed_score):
    assert seed_score["entity_type_accuracy"] >= 0.95, seed_score["mistyped"]
    assert seed_score["duplicated"] == []
    assert len(seed_score["extra_entities"]) <= 10, seed_score["extra_entities"]
    assert seed_score["entity_recall"] >= 0.85
