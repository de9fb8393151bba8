"""The confidence scale every rule uses (documented in full in ``relations/__init__``)."""

from __future__ import annotations

from blogweave.models import AUTHOR
from blogweave.relations import calibration

#: An explicit first-person statement: "I joined Acme", "my last day at Acme".
FIRST_PERSON = 0.9
#: An explicit third-person statement: "Jane Doe joined Acme", "Zork was developed by Acme".
EXPLICIT = 0.8
#: A title phrase: "Jane Doe, CEO of Acme"; "Acme spokesman John Smith".
TITLE = 0.75
#: Inferred from context: "my time at Acme", "Jane Doe of Acme", bylines, "as a director at Acme".
CONTEXT = 0.6

#: Multipliers for how a clause is asserted. Negated clauses, yes/no questions,
#: conditionals and hypotheticals ("would invest", "if Acme funds Zork") give no fact.
MOOD_FACTOR = {"fact": 1.0, "intent": 0.8}
#: A wh-question presupposes its content ("Why does Acme want to invest in Zork?"
#: presupposes Acme wants to invest): kept, at a lower confidence.
WH_QUESTION_FACTOR = 0.7
#: "we" stands for a group that includes the author; accepted by some rules at a lower confidence.
WE_FACTOR = 0.7


def calibrated(rule: str, score: float) -> float:
    """The confidence a fact reports for a raw ``score`` of ``rule``: its rule family's table in
    ``calibration.toml`` (fitted on the dev sets by ``benchmarks/calibrate.py``), within [0, 1]."""
    return calibration.active().apply(rule, score)


def base(explicit: bool, *args) -> float:
    """FIRST_PERSON when the author is one of ``args`` and the statement explicit, else EXPLICIT/CONTEXT."""
    if not explicit:
        return CONTEXT
    if any(getattr(a, "name", None) == AUTHOR for a in args):
        return FIRST_PERSON
    return EXPLICIT
