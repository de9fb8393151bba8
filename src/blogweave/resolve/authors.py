"""A post's authors named by first name or surname in its own text: "Tobin" in a post by "Tobin Marsh".

``resolve.entities`` links a one-word person name to the one full name of its
post written in the text; the authors, listed only in the front matter, are
not in the text. ``link_short_to_authors`` adds them (``names.CalledBy``), under the same guards as
``nlp/short_names.py`` (which does the same for the facts): the word is the
first or last word of exactly one person of the post (authors and full names
in the text together), it is no well-known organization or technology name,
no word of an organization or technology named in the post, and no name the
entity stage took from the lists or a suffix pattern. Only within the post:
nothing here links two posts.
"""

from __future__ import annotations

from blogweave.models import ORGANIZATION, PERSON, TECHNOLOGY, Post
from blogweave.names import CalledBy, person_key, surface

_LISTED_SOURCES = ("ruler", "pattern")


def link_short_to_authors(uf, nodes, mention_ids: list[int], author_ids: list[int], post: Post) -> None:
    """Union each one-word mention of the post with the author it is the first or last name of."""
    from blogweave.nlp.lexicon import known_names
    from blogweave.nlp.short_names import person_authors

    people_named = set(person_authors(post))
    authors = {person_key(nodes[i].text): i for i in author_ids if nodes[i].text in people_named}
    if not authors:
        return
    people = CalledBy()
    blocked: set[str] = set()
    for i in author_ids:
        if nodes[i].text in people_named:
            people.add(nodes[i].text)
    for i in mention_ids:
        words = surface(nodes[i].text).split()
        if len(words) > 1 and nodes[i].type == PERSON:
            people.add(nodes[i].text)
        elif len(words) > 1 and nodes[i].type in (ORGANIZATION, TECHNOLOGY):
            blocked.update(w.lower() for w in words)
        elif nodes[i].source in _LISTED_SOURCES:
            blocked.add(words[0].lower() if words else "")
    known = known_names()
    for i in mention_ids:
        node = nodes[i]
        words = surface(node.text).split()
        if len(words) != 1 or node.source in _LISTED_SOURCES or not words[0][:1].isupper():
            continue
        word = words[0].lower()
        name = people.one(word)
        if name is None or word in blocked or known.get(word):
            continue
        key = person_key(name)
        if key in authors:
            uf.union(i, authors[key])
