"""What the whole post says about a sentence: its section's topic, who "I" and "we" are there.

``document_context(doc, post)`` reads the post's regions (headings and block
quotes from the loader, ``Post.regions``), its title, authors and
``site_owner``, and the entities of the parsed doc, once per post. The
relation rules then ask it, for a character offset of a sentence:

* ``topic(offset)``: the entity the section's heading names ("## The Vantor
  project" over "this project will ..."), or the title's for the text before
  the first heading; None when the heading names no entity or several;
* ``speaker(offset)``: who "I"/"me"/"my" is: the post's author
  (``Arg(AUTHOR, PERSON)``), except inside a block quote, quotation marks or
  an interview answer, where it is the interviewee when the title names
  exactly one person, else nobody (None); in a section headed by a person's
  name alone ("## Ada Vell") it is that person, and so in a paragraph opened
  by a speaker label ("Ada Vell: I ..."); in a post signed by several people,
  "I" anywhere else is nobody (which of them would be a guess);
* ``we(offset)``: the organization "we"/"our" stands for: the ``site_owner``
  setting, or the author when the author is an organization (a team or
  company signs the post), or the organization the post names itself as ("We,
  at the Kestrel Center, ...", "we here at Acme"); None otherwise, and always
  None in quoted text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from blogweave.models import AUTHOR, LABEL_TO_TYPE, ORGANIZATION, PERSON, Arg, Post

AUTHOR_ARG = Arg(AUTHOR, PERSON)

#: Words that make a byline an organization's: "the Release Team", "Acme Labs", "Widget Foundation".
GROUP_WORDS = frozenset({"team", "teams", "group", "committee", "council", "board", "staff", "editors",
                         "maintainers", "developers", "community", "project", "wg"})

#: A quotation in the prose: straight or curly double quotes around at least three words.
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{12,}?)[\"\u201d]")
#: A question put to someone: a short paragraph ending in "?" that says "you" or "your".
_ASKS_YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.I)
#: Interviews have several questions; one or two rhetorical questions do not make an interview.
MIN_QUESTIONS = 3


@dataclass(frozen=True)
class DocumentContext:
    """The answers for one post, precomputed; offsets are in ``Post.text`` (= ``doc.text``)."""

    #: (start, topic or None) for each section, in text order; the first starts at 0
    sections: tuple[tuple[int, Arg | None], ...] = ((0, None),)
    #: (start, end, speaker) of quoted text: block quotes, quotation marks, interview answers
    quoted: tuple[tuple[int, int, Arg | None], ...] = ()
    #: the organization "we" stands for outside quotes, or None
    organization: Arg | None = None
    #: (start, end, speaker) of text someone other than the byline speaks: a section headed by a
    #: person's name alone, a paragraph opened by a speaker label ("Ada Vell: I ...")
    voices: tuple[tuple[int, int, Arg | None], ...] = ()
    #: who "I" is elsewhere: the author, or None when several people signed the post
    default_speaker: Arg | None = AUTHOR_ARG
    #: (start, end) of link text pointing at a person's profile page: a handle or a name, no organization
    profiles: tuple[tuple[int, int], ...] = ()

    def profile_link(self, start: int, end: int) -> bool:
        """The text from ``start`` to ``end`` lies inside a link to a person's profile ("[jdoe](github.com/jdoe)")."""
        return any(a <= start and end <= b for a, b in self.profiles)

    def topic(self, offset: int) -> Arg | None:
        starts = [start for start, _ in self.sections]
        return self.sections[max(0, bisect_right(starts, offset) - 1)][1]

    def _quote_at(self, offset: int):
        for start, end, who in self.quoted:
            if start <= offset < end:
                return (who,)
        return None

    def speaker(self, offset: int) -> Arg | None:
        quote = self._quote_at(offset)
        if quote is not None:
            return quote[0]
        for start, end, who in self.voices:
            if start <= offset < end:
                return who
        return self.default_speaker

    def we(self, offset: int) -> Arg | None:
        return None if self._quote_at(offset) is not None else self.organization


def document_context(doc, post: Post) -> DocumentContext:
    """The document context of a parsed post (see the module docstring)."""
    ents = [ent for ent in doc.ents if ent.label_ in LABEL_TO_TYPE]
    title_end = len(post.title) if post.title and doc.text.startswith(post.title) else 0
    headings = [(start, end) for kind, start, end in post.regions if kind.startswith("h")]
    sections = [(0, _named(ents, 0, title_end) if title_end else None)]
    sections += [(start, _named(ents, start, end)) for start, end in headings if start > 0]
    interviewee = _named(ents, 0, title_end, PERSON) if title_end else None
    quoted = [(start, end, None) for kind, start, end in post.regions if kind == "quote"]
    quoted += [(m.start(), m.end(), None) for m in _QUOTED.finditer(doc.text) if len(m.group(1).split()) >= 3]
    quoted += [(start, end, interviewee) for start, end in _answers(doc.text)]
    organization = _organization(post, ents) or _we_at(doc, ents)
    people = [a for a in post.authors if organization is None or a != organization.name]
    voices = _person_sections(doc.text, ents, headings) + _speaker_labels(doc.text, ents, post.authors)
    profiles = tuple((start, end) for kind, start, end in post.regions if kind == "profile")
    return DocumentContext(tuple(sections), tuple(sorted(quoted, key=lambda q: q[:2])), organization,
                           tuple(sorted(voices, key=lambda v: v[:2])), None if len(people) > 1 else AUTHOR_ARG,
                           profiles)


#: Where a person's name ends in a heading that names a person and says more: "Ada Vell (@avell)",
#: "Ada Vell, Data Scientist", "Ada Vell | Quellport University", "Ada Vell - maintainer".
_HEADING_NAME_END = re.compile(r"[(\[,|:\u2013\u2014]|\s-\s")


def _person_sections(text: str, ents, headings) -> list[tuple[int, int, Arg]]:
    """Sections whose heading is a person's name, alone or followed by a bracket or a separator and more
    ("## Ada Vell", "## Ada Vell (@avell)", "## Ada Vell, Data Scientist"): that person writes them.
    The name is a PERSON mention, or two or three capitalized words starting with a common given name
    (NER often misses a name that is a whole line)."""
    from blogweave.nlp.lexicon import given_names

    out = []
    for k, (start, end) in enumerate(headings):
        bare = _bare(text[start:end].strip())
        cut = _HEADING_NAME_END.search(bare)
        name = bare[: cut.start()].strip() if cut else bare
        named = [e for e in ents if start <= e.start_char and e.end_char <= end and e.label_ == "PERSON"]
        words = name.split()
        if (len(named) == 1 and name == named[0].text) or (not named and 2 <= len(words) <= 3
                and words[0].lower() in given_names() and all(w[:1].isupper() and w.isalpha() for w in words)):
            stop = headings[k + 1][0] if k + 1 < len(headings) else len(text)
            out.append((start, stop, Arg(name, PERSON)))
    return out


def _bare(heading: str) -> str:
    """A heading without list numbers, punctuation and symbols around the words."""
    return re.sub(r"^[\W\d_]+|[\W_]+$", "", heading)


#: "Ada Vell: I started ..." or "Ada: ...": a speaker label opening a paragraph.
_LABEL = re.compile(r"(?m)^[ \t]*([^\n:]{2,40}):[ \t]+\S")


def _speaker_labels(text: str, ents, authors=()) -> list[tuple[int, int, Arg]]:
    """Paragraphs opened by a person's name and a colon (interviews, panels): that person speaks them.
    The name is a person mention, an author, a person the post names elsewhere written in capitals
    ("ADA VELL:"), or two or three capitalized words starting with a common given name (NER often
    misses a name that opens a line)."""
    from blogweave.nlp.lexicon import given_names

    starts = {e.start_char: e for e in ents if e.label_ == "PERSON"}
    # the post's people as it writes them: an interview transcript may put labels in capitals ("ADA VELL:")
    written = {e.text.lower(): e.text for e in ents if e.label_ == "PERSON"} | {a.lower(): a for a in authors}
    out = []
    for m in _LABEL.finditer(text):
        label = m.group(1).strip("*_ \t")
        ent = starts.get(m.start(1))
        words = label.split()
        name = written.get(label.lower()) or (label.title() if label.isupper() else label)
        if ent is not None and ent.end_char == m.end(1) or label.lower() in written or 2 <= len(words) <= 3 \
                and words[0].lower() in given_names() and all(w[:1].isupper() and w.isalpha() for w in words):
            stop = text.find("\n\n", m.end())
            out.append((m.start(), len(text) if stop < 0 else stop, Arg(name, PERSON)))
    return out


def _named(ents, start: int, end: int, wanted: str | None = None) -> Arg | None:
    """The one entity named between two offsets (of type ``wanted`` if given), or None."""
    inside = {(e.text, LABEL_TO_TYPE[e.label_]) for e in ents if start <= e.start_char and e.end_char <= end}
    if wanted:
        inside = {item for item in inside if item[1] == wanted}
    return Arg(*inside.pop()) if len(inside) == 1 else None


def _answers(text: str) -> list[tuple[int, int]]:
    """Spans of interview answers: the paragraphs after each question put to "you", up to the next one."""
    blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)]
    asks = [i for i, (start, end) in enumerate(blocks)
            if text[start:end].rstrip().endswith("?") and len(text[start:end].split()) <= 60
            and _ASKS_YOU.search(text[start:end])]
    if len(asks) < MIN_QUESTIONS:
        return []
    spans = []
    for k, i in enumerate(asks):
        stop = asks[k + 1] if k + 1 < len(asks) else len(blocks)
        if i + 1 < stop:
            spans.append((blocks[i + 1][0], blocks[stop - 1][1]))
    return spans


def _we_at(doc, ents) -> Arg | None:
    """The organization a post names itself as: "We, at the Kestrel Center, build ...", "we here at Acme"."""
    starts = {ent.start: ent for ent in ents if ent.label_ == "ORG"}
    for token in doc:
        if token.lower_ != "we":
            continue
        i = token.i + 1
        while i < len(doc) and (doc[i].text == "," or doc[i].lower_ == "here"):
            i += 1
        if i + 1 < len(doc) and doc[i].lower_ == "at":
            i += 2 if doc[i + 1].lower_ == "the" else 1
            if i in starts:
                return Arg(starts[i].text, ORGANIZATION)
    return None


def _organization(post: Post, ents) -> Arg | None:
    """The organization the post speaks for: the site owner, or an author that is an organization."""
    if post.site_owner:
        return Arg(post.site_owner, ORGANIZATION)
    from blogweave.nlp.lexicon import known_names, org_suffixes

    suffixes = set(org_suffixes()["name"]) | set(org_suffixes()["legal"])
    for author in post.authors:
        words = {w.lower() for w in re.findall(r"[\w.]+", author)}
        if known_names().get(author.lower()) == "ORG" or words & (GROUP_WORDS | suffixes):
            return Arg(author, ORGANIZATION)
    return None
