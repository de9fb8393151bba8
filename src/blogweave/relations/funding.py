"""fundedBy rules beyond the lexicon: sponsor titles ("Acme, the main sponsor of Zork").

Funding verbs, passives, participles ("Acme-funded"), money nouns given and
received ("a grant from Acme", "Zork received support from Acme") are entries
of ``lexicon.toml`` and run in ``engine.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import FUNDED_BY
from blogweave.relations import confidence as conf
from blogweave.relations.common import Context, Found
from blogweave.relations.roles import titled_agents


def funder_title(ctx: Context) -> Iterator[Found]:
    """Sponsor titles: "Acme, the main sponsor of Zork", "Acme is an investor in Zork"."""
    for link, funder in titled_agents(ctx, "funder"):
        for thing in ctx.args(link.target, via=("generic",)):
            if thing != funder:
                yield Found(thing, FUNDED_BY, funder, f"funding.funder_{link.construction}.v2", conf.TITLE, link.title)


RULES = (funder_title,)
