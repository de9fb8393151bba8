"""Name-boundary repairs: an organization's name that NER cut short, put back together from the parse.

NER often stops an "X of Y" name at a comma or an "of": "the Guild of Tanners, Dyers and Weavers" comes
out as "Guild of Tanners"; "the Court for the District of Vexland" as "Court for the District";
"the Province of Quell Council" as "Province of" + "Quell Council". Each repair has an id, like the
typing rules, and works on the spans NER and the ruler produced, before they are cleaned and typed.
"""

from __future__ import annotations

from spacy.tokens import Span

#: Words a name never ends with: a span ending in one was cut short.
_OPEN_ENDS = {"of", "for", "and", "&", "the", "on"}
#: Territorial nouns that take an "of" complement in a name ("the District of ...", "the State of ...").
TERRITORY_NOUNS = {"district", "city", "state", "republic", "province", "county", "region", "commonwealth",
                   "kingdom", "territory", "borough", "town", "principality", "duchy", "canton"}

#: Institutions with campuses named after a comma ("University of Vexland, Quellport").
CAMPUS_HEADS = {"university", "college", "institute"}

REPAIR_IDS = ("boundary.open_end_join.v1", "boundary.listed_tail.v1", "boundary.territory_of.v1",
              "boundary.campus.v1", "boundary.lead_in.v1", "boundary.profile_bracket.v1", "boundary.title_tail.v1",
              "boundary.acronym_extent.v1", "boundary.written_in_full.v1", "boundary.named_after_tech.v1",
              "boundary.body_of.v1")

#: Words a heading or a greeting puts before a person's name: "Meet Ada Vell", "Welcome Jo Barr!".
LEAD_IN_WORDS = frozenset({"meet", "welcome", "welcoming", "introducing", "presenting", "featuring", "congratulations",
                           "congrats", "thanks", "thank", "hello", "hi", "dear", "spotlight", "interview"})


def _name_word(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_stop


def join_open_ends(ents: list) -> list:
    """boundary.open_end_join.v1: "Province of" + "Quell Council" -> "Province of Quell Council": a span
    that ends in "of", "for", "and" or "the" and touches the next span is the start of that span's name."""
    out = list(ents)
    for n in range(len(out) - 1):
        left, right = out[n], out[n + 1]
        if left is None or right is None or left.end != right.start or left[-1].lower_ not in _OPEN_ENDS \
                or len(left) < 2 or not _name_word(left[1] if left[0].lower_ == "the" else left[0]) or right.label_ != "ORG" \
                or right.id_ == "ruler" or left.id_ == "ruler":
            continue
        out[n] = None
        out[n + 1] = Span(left.doc, left.start, right.end, label=right.label_, span_id=right.id_ or "ner")
    return out


def extend_listed_tail(span):
    """boundary.listed_tail.v1: "Guild of Tanners, Dyers and Weavers": an "X of Y" organization name
    whose last part is a list of capitalized words (a comma, then words, then "and" and a last word)."""
    doc = span.doc
    end = span.end
    if span.label_ != "ORG" or end >= len(doc) or doc[end].text != "," \
            or not any(t.lower_ in ("of", "for") for t in span[1:]):
        return span
    i, seen_and, stop = end, False, end
    while i < len(doc) and i - end <= 8:
        token = doc[i]
        if token.text == ",":
            if doc[i - 1].text == "," or seen_and:
                break
        elif token.lower_ in ("and", "&"):
            if seen_and or doc[i - 1].lower_ in ("and", "&"):
                break
            seen_and = True
        elif _name_word(token) and token.ent_type_ not in ("PERSON", "GPE", "DATE"):
            if seen_and:
                stop = i + 1
        else:
            break
        i += 1
    if not seen_and or stop == end:
        return span
    # every part between the commas is a capitalized word run
    return Span(doc, span.start, stop, label=span.label, span_id=span.id)


def extend_territory_of(span):
    """boundary.territory_of.v1: "the Court for the District" + "of Vexland": a name ending in a
    territorial noun takes the "of <Name>" after it."""
    doc = span.doc
    end = span.end
    if span.label_ != "ORG" or len(span) < 2 or span[-1].lower_ not in TERRITORY_NOUNS \
            or end + 1 >= len(doc) or doc[end].lower_ != "of" or not _name_word(doc[end + 1]):
        return span
    stop = end + 1
    while stop < len(doc) and stop - end <= 3 and _name_word(doc[stop]) and doc[stop].ent_type_ != "PERSON":
        stop += 1
    return Span(doc, span.start, stop, label=span.label, span_id=span.id)


def campus_of(span) -> int:
    """The end of "University of Vexland, Quellport" when ``span`` is "University of Vexland" and a place
    of one or two words follows its comma, not itself followed by more names ("..., Quellport and Ostry")
    and not a country or a state ("..., Canada"); else ``span.end``."""
    doc = span.doc
    end = span.end
    if span.label_ != "ORG" or not any(t.lower_ in CAMPUS_HEADS for t in span) \
            or not (any(t.lower_ == "of" for t in span) or span[-1].lower_ in CAMPUS_HEADS) \
            or end + 1 >= len(doc) or doc[end].text != ",":
        return end
    stop = end + 1
    while stop < len(doc) and stop - end <= 2 and _name_word(doc[stop]) and doc[stop].ent_type_ == "GPE":
        stop += 1
    if stop == end + 1 or stop < len(doc) and (doc[stop].lower_ in ("and", "or") or doc[stop].text == ","
                                               and stop + 1 < len(doc) and _name_word(doc[stop + 1])):
        return end
    from blogweave.nlp.lexicon import countries

    if doc[end + 1 : stop].text.lower() in countries():
        return end  # "University of Vexland, Canada": where it is, not a campus of it (data/countries.txt)
    return stop


def extend_campus(span):
    """boundary.campus.v1: "University of Vexland" + ", Quellport" -> "University of Vexland, Quellport"."""
    stop = campus_of(span)
    return span if stop == span.end else Span(span.doc, span.start, stop, label=span.label, span_id=span.id)


#: Words of a title or a group before a person's name besides the job titles: "Committee Chair", "Senior Fellow".
_TITLE_LEAD_WORDS = frozenset({"committee", "council", "board", "team", "group", "community", "senior", "junior",
                               "vice", "executive", "managing", "general", "program", "project", "core", "new"})


def trim_lead_in(span):
    """boundary.lead_in.v1: "Meet Ada Vell", "Committee Chair Jo Barr", "Community Lead Tam Reyes": a person's
    span loses the capitalized greeting, job-title and group words before the name (``LEAD_IN_WORDS``,
    ``data/job_titles.txt``, the group nouns, a heading's verb: "Renaming Zork") while a full name of two words or more is left ("Dean Ostry"
    stays: a given name alone may be the title word). Any other span NER found loses a greeting only."""
    from blogweave.nlp.lexicon import given_names, job_titles, person_nouns

    doc = span.doc
    words = LEAD_IN_WORDS | job_titles() | person_nouns() | _TITLE_LEAD_WORDS if span.label_ == "PERSON" \
        else LEAD_IN_WORDS  # NER often calls "Meet Ada Vell" an organization
    start = span.start
    while span.end - start > 1 and doc[start].text[:1].isupper() and (doc[start].lower_ in words or _gerund(doc[start])) \
            and doc[start].lower_ not in given_names() \
            and (doc[start].lower_ in LEAD_IN_WORDS or span.end - start > 2):  # "Dean Marlow" keeps "Dean"
        start += 1
    if start == span.start or not doc[start].text[:1].isupper():
        return span
    return Span(doc, start, span.end, label=span.label, span_id=span.id)


def _gerund(token) -> bool:
    """A heading's verb before a name: "Renaming Zork", "Porting Quillpad"."""
    return token.tag_ == "VBG" and token.lower_.endswith("ing") and token.is_sent_start


def trim_title_tail(span):
    """boundary.title_tail.v1: "Quorvex Community" + "Manager", "Vexa Board" + "Chair": the words of a title
    that NER took into the organization before a capitalized job title go back to the title ("Quorvex")."""
    from blogweave.nlp.lexicon import job_titles

    doc = span.doc
    if span.label_ != "ORG" or span.end >= len(doc) or not doc[span.end].text[:1].isupper() \
            or doc[span.end].lower_ not in job_titles() and doc[span.end].lower_.rstrip("s") not in job_titles():
        return span
    end = span.end
    while end - span.start > 1 and doc[end - 1].lower_ in _TITLE_LEAD_WORDS:
        end -= 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label, span_id=span.id)


#: Lower-case words inside a name that its acronym may leave out: "University of Vexland at Quellport (UVQ)",
#: "Women in Compilers and Tools (WiCT)" (relations/affiliation.py reads them too).
ACRONYM_SMALL_WORDS = frozenset({"of", "at", "the", "and", "for", "in", "on", "to", "de", "du", "des", "la", "le",
                                 "y", "&"})


def extend_to_acronym(span):
    """boundary.acronym_extent.v1: "Maria Summer" + "of Code (MSoC)", "Vexa Review" + "Board (VRB)": the name
    runs on to the bracketed acronym after it when the acronym spells the initials of the longer run of words
    (each initial in its own case) and not of the span alone. A person's span so extended is a programme or
    an organization: no person's name has words and an acronym like that."""
    doc = span.doc
    stop = next((i for i in range(span.end, min(len(doc), span.end + 4)) if not doc[i].is_alpha), None)
    if stop is None or stop == span.end or doc[stop].text != "(" or stop + 2 >= len(doc) or doc[stop + 2].text != ")":
        return span
    acronym = doc[stop + 1].text.replace(".", "")
    if sum(c.isupper() for c in acronym) < 2 or not acronym.isalpha():
        return span
    initials = lambda tokens: "".join(t.text[0] for t in tokens if t.is_alpha)  # noqa: E731
    # or of the capitalized words, between small lower-case ones: "University of Vexland at Quellport (UVQ)"
    capitals = lambda tokens: "".join(t.text[0] for t in tokens if t.text[:1].isupper()) \
        if all(t.text[:1].isupper() or t.lower_ in ACRONYM_SMALL_WORDS for t in tokens if t.is_alpha) else ""  # noqa: E731
    run = doc[span.start : stop]
    if acronym not in (initials(run), capitals(run)) or acronym in (initials(span), capitals(span)):
        return span
    return Span(doc, span.start, stop, label="ORG" if span.label_ == "PERSON" else span.label, span_id=span.id)


def profile_brackets(ents: list) -> list:
    """boundary.profile_bracket.v1: "Ada Vell (@avell)", "Jo Barr (jobarr on GitHub and Twitter)": a bracket
    right after a name that opens with an account handle names the person's profiles; the sites in it (and
    the handle) are no entities here, so they never become employers. Spans inside it become None."""
    if not ents:
        return ents
    doc = next((ent for ent in ents if ent is not None), None)
    if doc is None:
        return ents
    doc = doc.doc
    ends = {ent.end for ent in ents if ent is not None}
    inside: set[int] = set()
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or token.i not in ends:
            continue
        first, second = doc[token.i + 1], doc[token.i + 2]
        if not (first.text.startswith("@") or first.is_lower and not first.is_stop and second.lower_ == "on"):
            continue
        for i in range(token.i + 1, min(len(doc), token.i + 16)):
            if doc[i].text == ")":
                inside.update(range(token.i + 1, i))
                break
    if not inside:
        return ents
    return [None if ent is not None and ent.start in inside else ent for ent in ents]


def named_after_tech(ents: list) -> list:
    """boundary.named_after_tech.v1: "the Zork Center", "the Zork Software Foundation": an organization named
    after a listed technology. The ruler marks "Zork" before NER runs, so NER sees only the rest
    ("Center", "Software Foundation") and mostly leaves it untagged; when up to three capitalized words
    follow the technology directly and the last is an organization word (``data/org_suffixes.txt``), the
    technology and those words are one organization's name."""
    from blogweave.nlp.lexicon import org_suffixes

    org_words = {word for words in org_suffixes().values() for word in words}
    out = list(ents)
    taken = {i for ent in out if ent is not None for i in range(ent.start, ent.end)}
    for n, tech in enumerate(out):
        if tech is None or tech.id_ != "ruler" or tech.label_ != "TECH" or not tech[-1].whitespace_:
            continue
        doc, stop = tech.doc, tech.end
        while stop < len(doc) and stop - tech.end < 3 and stop not in taken and _name_word(doc[stop]) \
                and (stop == tech.end or doc[stop - 1].whitespace_):
            stop += 1
            if doc[stop - 1].lower_ in org_words:
                out[n] = Span(doc, tech.start, stop, label="ORG", span_id="ner")
                break
    return out


def repair_boundaries(ents: list) -> list:
    """Every boundary repair, on the NER and ruler spans of one doc (None for a span merged away)."""
    out = join_open_ends(profile_brackets(named_after_tech(list(ents))))
    for n, ent in enumerate(out):
        if ent is not None and ent.id_ != "ruler":
            out[n] = extend_campus(extend_territory_of(extend_listed_tail(ent)))
        if out[n] is not None and out[n].id_ not in ("ruler", "pattern"):
            out[n] = extend_to_acronym(trim_title_tail(trim_lead_in(out[n])))
        elif out[n] is not None and out[n].id_ == "pattern" and out[n].label_ == "ORG":
            out[n] = extend_to_acronym(out[n])  # "University of Vexland" + "at Quellport (UVQ)"
    # an extension may now cover the next span: drop what it swallowed
    last_end = -1
    for n, ent in enumerate(out):
        if ent is None:
            continue
        if ent.start < last_end:
            out[n] = None
            continue
        last_end = ent.end
    return out


def written_in_full(kept: list) -> list:
    """boundary.written_in_full.v1: "Maria Summer" where the post writes "Maria Summer of Code" in full
    elsewhere (an organization or programme, from ``extend_to_acronym`` or a pattern): a span followed by the
    rest of that longer name ("Rock" + "the Zork" where the post names "Rock the Zork") is the longer name,
    and a span inside it goes. ``kept`` holds (span, label, source)."""
    longer = {}
    for span, label, _ in kept:
        if label == "ORG" and len(span) > 2:
            longer.setdefault(span[0].lower_, []).append([t.lower_ for t in span])
    if not longer:
        return kept
    out, grown = [], []
    extents = {(span.start, span.end) for span, _, _ in kept}
    for span, label, source in kept:
        doc = span.doc
        end = next((span.start + len(words) for words in longer.get(span[0].lower_, ())
                    if len(words) > len(span) and [t.lower_ for t in doc[span.start : span.start + len(words)]] == words),
                   None)
        if end is not None:
            if (span.start, end) in extents:
                continue  # the longer name is a span of its own already
            span, label, source = Span(doc, span.start, end, label="ORG"), "ORG", "context"
            grown.append(span)
        out.append((span, label, source))
    # a span inside a name that grew goes ("JVM" of "Rock the JVM")
    return [(span, label, source) for span, label, source in out
            if not any(g is not span and g.start <= span.start and span.end <= g.end for g in grown)]
