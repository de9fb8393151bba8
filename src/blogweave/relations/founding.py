"""founded rules beyond the lexicon: founder titles.

Founding verbs ("co-founded", "set up", "was founded by") are entries of
``lexicon.toml`` and run in ``engine.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FOUNDED, ORGANIZATION, TECHNOLOGY
from blogweave.relations import confidence as conf
from blogweave.relations.common import Context, Found
from blogweave.relations.roles import titled_agents


def founder_title(ctx: Context) -> Iterator[Found]:
    """Founder titles: "Jane Doe, co-founder of Acme", "Acme founder Jane Doe", "I am the founder of Acme"."""
    for link, founder in titled_agents(ctx, "founder"):
        score = conf.base(True, founder) if link.construction == "copula" else conf.TITLE
        # "founder of Acme and Zork", "founder of the Kestrel Guild (KG)": coordinated and apposed names too
        for thing in ctx.args(link.target, (ORGANIZATION, TECHNOLOGY)):
            yield Found(founder, FOUNDED, thing, f"founding.founder_{link.construction}.v2", score, link.title)


RULES = (founder_title,)
