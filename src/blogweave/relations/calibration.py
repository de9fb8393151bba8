"""The calibration table (``calibration.toml``): from a rule's raw score to the confidence a fact reports.

A rule scores a sentence on the fixed scale of ``confidence.py`` (0.9 first person, 0.8 explicit,
0.75 title, 0.6 context, times the mood and back-reference factors). That raw score orders
statements within a rule, but how often a rule is right depends on the rule: a title in apposition
is wrong more often than "X joined Y". ``calibration.toml`` maps each raw score to the precision
measured for it on the dev sets, per rule family, so that ``--min-confidence 0.8`` keeps facts
that are right about 8 times in 10.

The file is written by ``benchmarks/calibrate.py`` (never by hand; its header says how it was
fitted). ``[default]``, ``[relation.employment]`` and ``[family."employment.join"]`` are tables; each is a step function over the raw score: ``bands`` lists the lower bound of each
band, ``values`` the confidence of a score in that band. A rule id ``funding.money.giver+agent.v1``
looks up its family ``funding.money``, then its relation family ``funding``, then ``default``.
``parse_calibration`` checks that every table is ordered, within [0, 1] and monotone (a higher
raw score never gets a lower confidence), so a bad file fails the tests, not a build.
"""

from __future__ import annotations

import bisect
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from blogweave.errors import CalibrationError

FILE = "calibration.toml"


@dataclass(frozen=True)
class Table:
    """A non-decreasing step function: ``values[i]`` for a raw score in [bands[i], bands[i + 1])."""

    bands: tuple[float, ...]
    values: tuple[float, ...]

    def __call__(self, score: float) -> float:
        index = bisect.bisect_right(self.bands, score) - 1
        return self.values[max(0, index)]


@dataclass(frozen=True)
class Calibration:
    version: int
    tables: dict  # "default", a relation ("employment") or a rule family ("employment.join") -> Table

    def table_for(self, rule: str) -> Table | None:
        parts = rule.split(".")
        for key in (".".join(parts[:2]), parts[0], "default"):
            if key in self.tables:
                return self.tables[key]
        return None

    def apply(self, rule: str, score: float) -> float:
        """The calibrated confidence of a raw ``score`` from ``rule`` (the raw score when no table applies)."""
        score = max(0.0, min(1.0, score))
        table = self.table_for(rule)
        return round(table(score) if table is not None else score, 4)


#: No calibration: every score as the rule gave it (what ``benchmarks/calibrate.py`` fits from).
IDENTITY = Calibration(0, {})


def _table(key: str, body) -> Table:
    where = f"calibration table {key!r}"
    if not isinstance(body, dict):
        raise CalibrationError(f"{where}: must be a table with 'bands' and 'values'")
    bands, values = body.get("bands"), body.get("values")
    if not isinstance(bands, list) or not isinstance(values, list) or not bands or len(bands) != len(values):
        raise CalibrationError(f"{where}: 'bands' and 'values' must be lists of the same, non-zero length")
    if not all(isinstance(x, (int, float)) and 0.0 <= x <= 1.0 for x in bands + values):
        raise CalibrationError(f"{where}: bands and values must be numbers within [0, 1]")
    if bands[0] != 0 or any(a >= b for a, b in zip(bands, bands[1:])):
        raise CalibrationError(f"{where}: bands must start at 0 and increase")
    if any(a > b for a, b in zip(values, values[1:])):
        raise CalibrationError(f"{where}: values must not decrease (a higher raw score never means less confidence)")
    return Table(tuple(float(b) for b in bands), tuple(float(v) for v in values))


def parse_calibration(data: dict) -> Calibration:
    """A checked ``Calibration`` from the parsed TOML ``data``."""
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise CalibrationError("calibration: 'version' must be a positive integer")
    tables = {}
    if "default" in data:
        tables["default"] = _table("default", data["default"])
    for section, dots in (("relation", 0), ("family", 1)):
        for key, body in (data.get(section) or {}).items():
            if key.count(".") != dots:
                raise CalibrationError(f"calibration: [{section}.{key!r}] must be named like "
                                       f"{'employment' if dots == 0 else 'employment.join'}")
            tables[key] = _table(key, body)
    if "default" not in tables:
        raise CalibrationError("calibration: a [default] table is needed for rules no family table covers")
    return Calibration(version, tables)


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    """The packaged calibration.toml, parsed and checked once."""
    text = resources.files("blogweave.relations").joinpath(FILE).read_text(encoding="utf-8")
    return parse_calibration(tomllib.loads(text))


_active: list[Calibration] = []


def active() -> Calibration:
    """The calibration rules are scored with: the packaged file, unless ``use`` set another."""
    return _active[-1] if _active else load_calibration()


def use(calibration: Calibration | None) -> None:
    """Score with ``calibration`` from now on in this process (None: the packaged file again).

    For ``benchmarks/calibrate.py`` (which builds with ``IDENTITY`` to see the raw scores) and tests.
    """
    _active.clear()
    if calibration is not None:
        _active.append(calibration)
