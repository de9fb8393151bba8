"""The lexicon engine: every trigger word of a sentence, with its two roles filled from the parse.

``lexicon_facts(ctx)`` walks the tokens of one sentence; for each token whose
lemma the lexicon lists (``lexicon.toml``, as a verb, a noun or a participle
adjective), it resolves the trigger's subject and object positions to tokens,
follows coordination ("A, B and C founded X": three founders), apposition
("my employer, Acme"), lists ("tools such as A and B"), relative pronouns
("Acme, which funded Zork") and generic heads ("the Zork project" is Zork)
from there, and yields one ``Found`` per typed pair. Whether the clause is
asserted (negation, questions, modals) is judged afterwards by
``relations.sentence_facts`` from the trigger token.

The rule id says which trigger and which two positions gave the fact:
``funding.fund.patient+agent.v1`` is "Zork was funded by Acme".
"""

from __future__ import annotations

from collections.abc import Iterator

from blogweave.models import DEVELOPED, FOUNDED, FUNDED_BY, SIGNATURES, WORKED_AT, Arg
from blogweave.relations import confidence as conf
from blogweave.relations import senses
from blogweave.relations.common import (
    FIRST_PLURAL,
    GENERIC_HEADS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    Context,
    Found,
    agent_objects,
    children,
    is_passive,
    participle_targets,
    passive_subjects,
    prep_objects,
    subject_tokens,
    verb_lemma,
)
from blogweave.nlp.lexicon import known_names, programming_languages
from blogweave.relations.lexicon import Lexicon, Trigger, load_lexicon

#: The entity types each relation admits (subject types, object types), from the RDF contract.

#: Relations whose subject may be "we" (the author, as one of a group): making and founding.
WE_RELATIONS = frozenset({FOUNDED, DEVELOPED})
#: Prepositions that introduce a list of examples: "tools such as A and B", "projects including A".
LIST_PREPS = frozenset({"like", "including", "as"})


#: Where a money noun's payer sits: "a grant from X", "X's grant", "the X grant", "X gave a grant".
MONEY_PAYER = ("prep:from", "prep:by", "possessor", "compound", "giver", "verb>prep:from")


def trigger_kinds(token) -> tuple[str, ...]:
    """How a token may trigger: as a verb, as a participle adjective ("Acme-funded"), as a noun."""
    if token.tag_ == "VBN" and token.dep_ in ("amod", "compound"):
        return ("participle",)
    if token.pos_ == "VERB":
        return ("verb",)
    if token.pos_ in ("NOUN", "PROPN"):
        return ("noun",)
    return ()


def lexicon_facts(ctx: Context, lexicon: Lexicon | None = None) -> Iterator[Found]:
    """Every fact a trigger of the lexicon states in the sentence."""
    lex = lexicon or load_lexicon()
    for token in ctx.sent:
        if ctx.ent(token) is not None and token.pos_ != "VERB":
            continue  # a noun inside a name ("the Acme Fund") is part of the name, not a trigger
        for kind in trigger_kinds(token):
            for trig in lex.triggers(kind, verb_lemma(token)):
                yield from _fill(ctx, token, trig, lex)


def _fill(ctx: Context, token, trig: Trigger, lex: Lexicon) -> Iterator[Found]:
    if trig.voice == "passive" and not is_passive(token):
        return
    if trig.particle and not any(c.dep_ == "prt" and c.lower_ == trig.particle for c in token.children):
        return
    if not senses.direct_object_ok(token, trig.direct_object):
        return  # "I write an interpreter for X": the "for" of another object is a purpose (lexicon.toml)
    subj_types, obj_types = SIGNATURES[trig.relation]
    obj_types = trig.object_types or obj_types
    subj_types = trig.subject_types or subj_types
    subjects = [(pos, arg, f) for pos in trig.subject for arg, f in _side(ctx, token, pos, subj_types, lex,
                                                                           trig.relation in WE_RELATIONS)]
    if not subjects:
        return
    objects = [(pos, arg, f) for pos in trig.object for arg, f in _side(ctx, token, pos, obj_types, lex, False)]
    if trig.relation == DEVELOPED and verb_lemma(token) not in lex.words("language_makers"):
        # "I am writing C++", "we build in Rust": using a programming language is not making it
        languages = programming_languages()
        objects = [o for o in objects if o[1].name.lower() not in languages]
    if trig.relation == FUNDED_BY and trig.strength == "weak":  # "supported by our data team": help from a unit
        objects = [o for o in objects if o[1].name.split()[-1].lower() not in lex.words("units")]
        if any(c.dep_ in ("amod", "compound") and c.lower_ in lex.words("help") for c in token.children):
            return  # "technical support from Acme": work done, not money
    if trig.relation == DEVELOPED:
        objects = [o for o in objects if not addon_for(ctx, o[1], lex)]
        if verb_lemma(token) in lex.words("compile_senses"):  # "building Zork" for a listed Zork: compiling it
            objects = [o for o in objects if known_names().get(o[1].name.lower()) != "TECH"]
    if trig.relation == FOUNDED:  # "she launched the Acme Anniversary Series": an event, not an organization
        events = lex.words("not_workplaces") | lex.words("events")
        objects = [o for o in objects if o[1].name.split()[-1].lower() not in events]
    if trig.relation in (FOUNDED, DEVELOPED):
        # "we create a Quillpad", "launched the guild's Twitter": a kind or another's thing (senses.py)
        kinds = senses.instance_names(ctx, trig.relation)
        objects = [o for o in objects if o[1] not in kinds]
    seen = set()
    for spos, subj, sf in subjects:
        for opos, obj, of in objects:
            if subj == obj or (subj, obj) in seen:
                continue
            seen.add((subj, obj))
            score = _strength(trig, subj, obj) * sf * of
            yield Found(subj, trig.relation, obj, trig.rule_id(lex.version, spos, opos), score, token,
                        role=_role(token, trig), amount=_amount(ctx, token, trig), dates=trig.dates)


def _after_companion(pobj) -> bool:
    """The preposition comes right after a "with" companion of the same verb: in "I worked with Jo Barr at
    Acme" (and "... and Ann Poe at Initech") the place is the companion's as likely as the writer's."""
    prep = pobj.head
    verb = prep.head
    if prep.i == 0:
        return False
    before = prep.doc[prep.i - 1]
    companions = [c for p in children(verb, "prep") if p.lower_ == "with" and p.i < prep.i
                  for c in children(p, "pobj")]
    for companion in companions:
        if before.i in {t.i for t in companion.subtree}:
            return True
    return False


def addon_for(ctx: Context, arg: Arg, lex: Lexicon) -> bool:
    """The name is followed by an add-on noun (sets.addons) in the sentence: "a new Zork plugin" is
    a plugin for Zork, "the Zork stub app" a stub for it; whoever makes those does not make Zork."""
    addons = lex.words("addons")
    doc = ctx.sent.doc
    for span in ctx.spans:
        after = doc[span.end] if span.end < ctx.sent.end else None
        if after is not None and (after.lemma_.lower() in addons or after.lower_ in addons) and ctx.arg(span.root) == arg:
            return True
    return False


def _strength(trig: Trigger, subj: Arg, obj: Arg) -> float:
    if trig.strength == "explicit":
        return conf.base(True, subj, obj)
    if trig.strength == "title":
        return conf.TITLE
    return conf.CONTEXT


def _role(token, trig: Trigger) -> str | None:
    if trig.relation != WORKED_AT or trig.kind != "verb":
        return None
    from blogweave.relations.employment import role_of

    return role_of(token)


def _amount(ctx: Context, token, trig: Trigger) -> str | None:
    if trig.relation != FUNDED_BY:
        return None
    from blogweave.relations.qualifiers import find_amount

    return find_amount(ctx.sent.text)


# ------------------------------------------------------------------ positions

def _side(ctx: Context, token, position: str, types, lex: Lexicon, we_ok: bool) -> list[tuple[Arg, float]]:
    """The arguments one position of a trigger names, each with a confidence factor."""
    out: list[tuple[Arg, float]] = []
    for tok in position_tokens(token, position, lex):
        if tok.lower_ in FIRST_PLURAL and ctx.we_at(tok.idx) is None:
            # "we" with no organization behind the post: the speaker as one of a group, for making and founding
            speaker = ctx.speaker_at(tok.idx)
            if we_ok and speaker is not None:
                out.append((speaker, conf.WE_FACTOR))
            continue
        found = names(ctx, tok, types, lex)
        if not found and position == "possible-patient" and ctx.topic is not None and ctx.topic.type in types \
                and tok.lemma_.lower() in lex.words("efforts") | {"project"} \
                and any(c.dep_ == "det" and c.lower_ == "this" for c in tok.children):
            found = [ctx.topic]  # "this work was made possible by X" under a heading naming the project
        out += [(a, 1.0) for a in found]
    return out


def position_tokens(token, position: str, lex: Lexicon) -> list:
    """The tokens a position names, before coordination and apposition are followed."""
    if position == "subject":
        return subject_tokens(token) if token.pos_ in ("VERB", "AUX") else []
    if position == "object":
        objs = children(token, "dobj") or _object_gap(token)
        if not objs:  # a shared object: "co-founded, built up and leads Acme" (the object hangs on the last verb)
            for verb in children(token, "conj"):
                if verb.pos_ == "VERB":
                    objs = position_tokens(verb, "object", lex)
                    if objs:
                        break
        return objs
    if position == "agent":
        return agent_objects(token)
    if position == "patient":
        if not is_passive(token):
            return []
        return passive_subjects(token) or (participle_targets(token) if token.dep_ in ("acl", "amod") else [])
    if position.startswith("prep:"):
        return [o for o in prep_objects(token, (position[5:],)) if not _after_companion(o)]
    if position.startswith("object>prep:"):  # "covers the city council for X"
        return [p for o in children(token, "dobj") for p in prep_objects(o, (position[12:],))]
    if position == "money-subject":
        # "X grants that funded A and B", "funding from X made Zork possible": the money's payer
        out = []
        for subj in subject_tokens(token):
            if subj.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                subj = token.head
            if subj.lemma_.lower() in lex.words("money"):
                for pos in MONEY_PAYER:
                    out += position_tokens(subj, pos, lex)
        return out
    if position == "means":  # "Y is funded through a grant from X", "Y was funded by a grant from X"
        out = []
        for money in prep_objects(token, ("through", "via", "with", "from")) + agent_objects(token):
            if money.lemma_.lower() in lex.words("money"):
                for pos in MONEY_PAYER:
                    out += position_tokens(money, pos, lex)
        return out
    if position == "described":  # "Zork, a library by X" / "Zork is a library by X": the name described
        if token.dep_ == "appos":
            return [token.head]
        if token.dep_ == "attr" and token.head.lemma_ == "be":
            return children(token.head, *SUBJECT_DEPS)
        return []
    if position.startswith("verb>prep:"):  # "Y received a grant from X": the "from" hangs on the verb
        if token.dep_ not in ("dobj", "nsubjpass"):
            return []
        return prep_objects(token.head, (position[10:],))
    units = [o for o in children(token, "dobj") if o.lemma_.lower() in lex.words("units")]
    if position == "unit":
        return units
    if position.startswith("unit>prep:"):
        return [p for u in units for p in prep_objects(u, (position[10:],))]
    if position == "unit>name":
        return [c for u in units for c in children(u, "compound", "poss", "nmod")]
    if position == "possessor":
        return children(token, "poss")
    if position == "compound":
        out = children(token, "compound", "nmod", "npadvmod")
        doc = token.doc
        if token.i >= 2 and doc[token.i - 1].text == "-":  # "Acme-funded": the name before the hyphen
            out.append(doc[token.i - 2])
        return out
    if position == "modified":
        return participle_targets(token) if token.dep_ in ("amod", "compound") else []
    head = token.head
    if position == "recipient":
        if token.dep_ not in ("dobj", "nsubjpass", "pobj"):
            return []
        verb = head.head if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" else head
        lem = verb.lemma_.lower()
        if lem in lex.words("receive"):
            return subject_tokens(verb)
        if lem in lex.words("give"):
            if is_passive(verb):  # "Y was awarded a grant"
                return children(verb, "nsubjpass")
            datives = children(verb, "dative")
            return ([d for d in datives if d.pos_ != "ADP"] + [p for d in datives for p in children(d, "pobj")]
                    + prep_objects(verb, ("to",)))
        return []
    if position == "giver":
        if token.dep_ != "dobj" or head.lemma_.lower() not in lex.words("give"):
            return []
        return agent_objects(head) if is_passive(head) else subject_tokens(head)
    if position == "subject-noun":
        if token.dep_ == "dobj":
            return subject_tokens(head)
        return []
    if position == "effort":  # "X supports work on Y", "X funds the development of Y": the effort's object
        return [p for o in children(token, "dobj", "nsubjpass") if o.lemma_.lower() in lex.words("efforts")
                for p in prep_objects(o, ("on", "of", "for"))]
    if position == "possible-patient":  # "Y was made possible by X"
        if not is_passive(token) or not any(c.dep_ in ("oprd", "acomp") and c.lower_ == "possible"
                                            for c in token.children):
            return []
        return children(token, "nsubjpass")
    if position == "clause-subject":  # "after three years at X, I moved": the subject of the clause around it
        verb = _governing_verb(token, ("after", "during", "for", "in", "over", "within"))
        return subject_tokens(verb) if verb is not None else []
    if position == "means-subject":  # "thanks to the X funding, Y hired": the clause's subject got the money
        verb = _governing_verb(token, ("through", "via", "to"))
        if verb is None or (head.lower_ == "to" and head.head.lower_ not in ("thanks", "due", "owing")):
            return []
        return subject_tokens(verb)
    raise ValueError(f"unknown position {position!r}")


def _governing_verb(token, preps):
    """The verb a noun hangs on through one of ``preps`` ("after three years", "thanks to the grant"), or None."""
    if token.dep_ == "dobj":
        return token.head if token.head.pos_ in ("VERB", "AUX") else None
    if token.dep_ != "pobj" or token.head.lower_ not in preps:
        return None
    node = token.head.head
    if node.pos_ in ("NOUN", "ADV", "ADJ") and node.dep_ in ("npadvmod", "advmod", "amod"):
        node = node.head  # "thanks to ...", "due to ...": the phrase's own head hangs on the verb
    return node if node.pos_ in ("VERB", "AUX") else None


def _object_gap(verb) -> list:
    """Object relative with the object left out: "the firm she founded, Acme" (the head noun is the object)."""
    if verb.dep_ == "relcl" and not any(c.lower_ in RELATIVE_PRONOUNS and c.dep_ in ("nsubj", "nsubjpass")
                                        for c in verb.children) and any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        noun = verb.head
        # "I use Zork, a library I maintain": the gap's head renames the name it is in apposition to
        return [noun, noun.head] if noun.dep_ == "appos" and noun.pos_ == "NOUN" else [noun]
    return []


def names(ctx: Context, token, types, lex: Lexicon) -> list[Arg]:
    """The typed names a noun phrase stands for.

    Followed from the head: coordination ("A, B and C"); apposition when it
    renames the same kind of thing ("my employer, Acme"; not "Jo Barr (Acme)",
    where the brackets name a workplace); a relative pronoun's antecedent; a
    definite generic head's name ("the Zork project"); a unit's name ("the Acme
    team"); the items of a "such as"/"including"/"like" list.
    """
    wanted = set(types)
    found: list[Arg] = []
    seen_spans: set[int] = set()
    stack, visited = [token], set()
    while stack:
        tok = stack.pop(0)
        if tok.i in visited or not (ctx.sent.start <= tok.i < ctx.sent.end):
            continue
        visited.add(tok.i)
        arg = ctx.arg(tok)
        if arg is not None:
            span = ctx.ent(tok)
            key = span.start if span is not None else tok.i
            if key not in seen_spans and (not wanted or arg.type in wanted):
                seen_spans.add(key)
                found.append(arg)
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            noun = tok.head.head
            stack.append(noun)
            if noun.dep_ == "attr":  # "Jo Barr is an engineer who works for X": the copula's subject
                stack.extend(children(noun.head, *SUBJECT_DEPS))
        for child in tok.children:
            if child.dep_ == "conj":
                stack.append(child)
            elif child.dep_ == "prep" and child.lower_ == "with" and any(
                    c.lower_ in ("along", "together") for c in child.children):
                stack.extend(children(child, "pobj"))  # "A, along with B and C, founded X"
            elif child.dep_ == "appos":
                other = ctx.arg(child)
                if (arg is None or (other is not None and other.type == arg.type)) and _set_off(tok, child):
                    stack.append(child)
            elif arg is None and child.dep_ in ("compound", "nmod", "poss") and _names_through(tok, lex) \
                    and not _classifier(tok, child):
                stack.append(child)
            elif arg is None and child.dep_ == "prep" and child.lower_ in LIST_PREPS \
                    and tok.lemma_.lower() not in lex.words("customers"):  # "clients such as X": customers
                stack.extend(children(child, "pobj"))
            elif arg is None and child.dep_ == "prep" and child.lower_ == "of" and (
                    _names_through(tok, lex) or tok.pos_ in ("PRON", "NUM", "DET", "ADJ")):
                # "the board of Acme", "the Zork team of Acme"; partitives: "some of our tools, A and B"
                stack.extend(children(child, "pobj"))
    return found


def _set_off(head, appos) -> bool:
    """An apposition renames ``head`` when it comes right after it or is set off by punctuation ("my
    employer, Acme"); one that follows other words with no comma belongs to the word before it: in
    "the daughter of the politician Jo Barr, she ..." Jo Barr is the politician, not the daughter."""
    start = appos.left_edge.i
    if start <= head.i + 1 or start == 0:
        return True
    before = head.doc[start - 1]
    return before.is_punct or before.is_space


def _classifier(head, child) -> bool:
    """The modifier next to the head after another name modifier classifies it: "the Zork R package" is
    Zork's package for R, so R is not the name."""
    if child.dep_ != "compound" or child.i != head.i - 1:
        return False
    return any(c.dep_ in ("compound", "nmod", "poss") and c.i < child.i for c in head.children)


def _names_through(tok, lex: Lexicon) -> bool:
    """A common noun whose modifier names what it stands for: "the Zork project", "the Acme team"."""
    lem = tok.lemma_.lower()
    if lem in lex.words("units"):
        return True
    # definite only: "the Zork project" is Zork, "a GPU dataframe library" is no GPU
    return lem in GENERIC_HEADS and tok.tag_ == "NN" and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
