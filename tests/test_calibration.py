"""The confidence calibration: relations/calibration.toml, the build reading it, and the fit in
benchmarks/calibrate.py (on small inputs made up here; the dev sets are never read)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from blogweave.errors import CalibrationError
from blogweave.relations import calibration
from blogweave.relations import confidence as conf
from relations_helpers import facts, hand_doc

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def calibrate():
    path = list(sys.path)
    spec = importlib.util.spec_from_file_location("calibrate_bench", ROOT / "benchmarks" / "calibrate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["calibrate_bench"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)  # it puts benchmarks/ on the path, for quality.py
        yield module
    finally:
        sys.path[:] = path
        sys.modules.pop("calibrate_bench", None)


@pytest.fixture
def restore():
    yield
    calibration.use(None)


def _table(bands, values):
    return {"bands": bands, "values": values}


# -- the packaged file -------------------------------------------------------------------------------

def test_packaged_calibration_loads_and_every_table_is_monotone_within_0_1():
    cal = calibration.load_calibration()
    assert cal.version >= 1 and "default" in cal.tables
    for key, table in cal.tables.items():
        assert table.bands[0] == 0.0 and list(table.bands) == sorted(set(table.bands)), key
        assert list(table.values) == sorted(table.values), key
        assert all(0.0 <= v <= 1.0 for v in table.values), key
        scores = [i / 100 for i in range(101)]
        mapped = [table(s) for s in scores]
        assert mapped == sorted(mapped), key


def test_packaged_calibration_is_what_calibrate_py_writes(calibrate):
    # the header names the command that wrote it, and the tables parse as the fit writes them
    text = (ROOT / "src" / "blogweave" / "relations" / "calibration.toml").read_text(encoding="utf-8")
    assert "benchmarks/calibrate.py" in text.splitlines()[0]
    assert list(calibration.load_calibration().tables["default"].bands) == list(calibrate.BANDS)


# -- parsing and lookup ------------------------------------------------------------------------------

def test_lookup_goes_family_then_relation_then_default():
    cal = calibration.parse_calibration({
        "version": 1,
        "default": _table([0.0], [0.3]),
        "relation": {"employment": _table([0.0, 0.7], [0.4, 0.6])},
        "family": {"employment.join": _table([0.0, 0.7], [0.5, 0.9])},
    })
    assert cal.apply("employment.join.v2", 0.8) == 0.9
    assert cal.apply("employment.join.v2", 0.6) == 0.5
    assert cal.apply("employment.title_appos.v1", 0.8) == 0.6  # no family table: its relation's
    assert cal.apply("funding.money.giver+agent.v1", 0.8) == 0.3  # no relation table: the default
    assert cal.apply("employment.join.v2", 0.7) == 0.9  # a band includes its lower bound


@pytest.mark.parametrize("data, words", [
    ({"default": _table([0.0], [0.5])}, "version"),
    ({"version": 1}, "[default]"),
    ({"version": 1, "default": _table([0.0, 0.5], [0.7, 0.6])}, "must not decrease"),
    ({"version": 1, "default": _table([0.1, 0.5], [0.5, 0.6])}, "start at 0"),
    ({"version": 1, "default": _table([0.0, 0.5, 0.5], [0.5, 0.6, 0.7])}, "increase"),
    ({"version": 1, "default": _table([0.0], [1.5])}, "within [0, 1]"),
    ({"version": 1, "default": _table([0.0, 0.5], [0.5])}, "same, non-zero length"),
    ({"version": 1, "default": _table([0.0], [0.5]), "family": {"employment": _table([0.0], [0.5])}},
     "employment.join"),
])
def test_a_malformed_calibration_is_refused_with_what_is_wrong(data, words):
    with pytest.raises(CalibrationError) as err:
        calibration.parse_calibration(data)
    assert words in str(err.value)


# -- the build reports the mapped value --------------------------------------------------------------

JOIN = """
    Mara     Mara     PROPN NNP  compound  1
    Quint    Quint    PROPN NNP  nsubj     2
    joined   join     VERB  VBD  ROOT      2
    Velloria Velloria PROPN NNP  dobj      2
    .        .        PUNCT .    punct     2
"""
JOIN_ENTS = {"Mara Quint": "PERSON", "Velloria": "ORG"}


def test_reported_confidence_is_the_calibrated_value_of_the_raw_score(restore):
    calibration.use(calibration.IDENTITY)
    (raw,) = facts(hand_doc(JOIN, JOIN_ENTS))
    assert raw.confidence == conf.EXPLICIT  # the rule's own score, uncalibrated
    table = calibration.parse_calibration({
        "version": 1, "default": _table([0.0], [0.11]),
        "family": {".".join(raw.rule.split(".")[:2]): _table([0.0, 0.7, 0.85], [0.2, 0.42, 0.6])}})
    calibration.use(table)
    (fact,) = facts(hand_doc(JOIN, JOIN_ENTS))
    assert fact.rule == raw.rule
    assert fact.confidence == table.apply(raw.rule, raw.confidence) == 0.42
    calibration.use(None)
    (packaged,) = facts(hand_doc(JOIN, JOIN_ENTS))
    assert packaged.confidence == calibration.load_calibration().apply(raw.rule, raw.confidence)


# -- the fit -----------------------------------------------------------------------------------------

def _examples(rule, score, right, wrong):
    return [(rule, score, True, 1.0)] * right + [(rule, score, False, 1.0)] * wrong


def test_pool_adjacent_violators_gives_the_closest_non_decreasing_sequence(calibrate):
    assert calibrate.pav([0.2, 0.6, 0.4, 0.9], [1, 1, 1, 1]) == pytest.approx([0.2, 0.5, 0.5, 0.9])
    assert calibrate.pav([0.8, 0.2], [3, 1]) == pytest.approx([0.65, 0.65])
    assert calibrate.pav([0.1, 0.2, 0.3], [1, 1, 1]) == pytest.approx([0.1, 0.2, 0.3])


def test_global_table_is_the_precision_per_band_made_monotone(calibrate):
    bands = (0.0, 0.5, 0.8)
    rows = [(0.6, True, 1.0)] * 6 + [(0.6, False, 1.0)] * 4 + [(0.9, True, 1.0)] * 9 + [(0.9, False, 1.0)]
    # the lowest band is empty: it takes the value of the band above
    assert calibrate.global_table(rows, bands) == pytest.approx([0.6, 0.6, 0.9])
    inverted = [(0.3, True, 1.0)] * 8 + [(0.3, False, 1.0)] * 2 + [(0.6, True, 1.0)] * 4 + [(0.6, False, 1.0)] * 6
    assert calibrate.global_table(inverted, bands) == pytest.approx([0.6, 0.6, 0.6])


def test_fit_gives_the_expected_bands_and_shrinks_small_families(calibrate):
    bands = (0.0, 0.7)
    examples = (_examples("alpha.big.v1", 0.6, 30, 30) + _examples("alpha.big.v1", 0.8, 45, 15)
                + _examples("alpha.tiny.v1", 0.8, 0, 1) + _examples("beta.good.v1", 0.8, 20, 0))
    tables, counts = calibrate.fit(examples, weight=5, bands=bands)
    assert counts["alpha.big"] == 120 and counts["alpha.tiny"] == 1 and counts["alpha"] == 121
    assert tables["default"] == pytest.approx([0.5, 65 / 81], abs=1e-3)  # 65 of 81 right above 0.7
    for key, table in tables.items():
        assert table == sorted(table), key
    # a family seen 60 times keeps about its own precision; one seen once stays near its relation
    assert tables["alpha.big"] == pytest.approx([0.5, 0.75], abs=0.06)
    assert tables["alpha"][1] - 0.15 < tables["alpha.tiny"][1] < tables["alpha"][1]
    assert tables["beta.good"][1] > tables["default"][1]
    # without shrinkage the always-right family goes to the ceiling; with a large weight it stays at its parent
    assert calibrate.fit(examples, weight=1, bands=bands)[0]["beta.good"][1] == calibrate.CEILING
    assert calibrate.fit(examples, weight=1e6, bands=bands)[0]["beta.good"] == pytest.approx(
        calibrate.fit(examples, weight=1e6, bands=bands)[0]["default"], abs=1e-3)


def test_fitted_tables_round_trip_through_the_file(calibrate, tmp_path):
    import tomllib

    examples = _examples("alpha.big.v1", 0.6, 3, 2) + _examples("beta.good.v1", 0.9, 4, 1)
    tables, counts = calibrate.fit(examples, weight=5)
    text = calibrate.to_toml(tables, counts, "made up for a test")
    cal = calibration.parse_calibration(tomllib.loads(text))
    assert cal.apply("beta.good.v3", 0.9) == tables["beta.good"][-1]
    assert cal.apply("alpha.other.v1", 0.6) == tables["alpha"][calibrate.band_of(0.6)]


def test_posts_split_by_file_name_only(calibrate):
    assert calibrate.half("a/b/post-one.md") == calibrate.half("other/post-one.md")
    halves = {calibrate.half(f"post-{i}.md") for i in range(40)}
    assert halves == {"fit", "held-out"}


def test_report_counts_distinct_facts_at_each_threshold(calibrate):
    ev = lambda c: (calibrate.Evidence("alpha.big.v1", c, "p.md"),)  # noqa: E731
    judged = [calibrate.JudgedFact(("A", "workedAt", "B"), True, 0.95, ev(0.95)),
              calibrate.JudgedFact(("A", "workedAt", "B"), True, 0.55, ev(0.55)),  # the same triple
              calibrate.JudgedFact(("C", "workedAt", "D"), False, 0.85, ev(0.85)),
              calibrate.JudgedFact(("E", "workedAt", "F"), True, 0.6, ev(0.6))]
    assert calibrate.precision(judged) == pytest.approx(2 / 3)
    lines = calibrate.report(judged, "t")
    row = next(line for line in lines if line.startswith("0.8 "))
    assert row.split()[:3] == ["0.8", "2", "0.50"]
