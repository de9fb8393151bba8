"""Entity-typing rules, each alone, on invented sentences (hand-built parses: no model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from blogweave.nlp import name_shapes as shapes
from blogweave.nlp import typing_rules as rules
from blogweave.nlp.pipeline import add_entity_components

VOCAB = spacy.blank("en").vocab


def parse(words, heads, deps, lemmas=None, pos=None, name=(0, 1), label="ORG"):
    """A hand-parsed sentence and the span ``name`` (start, end) in it, labelled ``label``."""
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=lemmas or [w.lower() for w in words],
              pos=pos or ["PROPN" if w[:1].isupper() else "NOUN" for w in words],
              sent_starts=[True] + [False] * (len(words) - 1))
    return Span(doc, *name, label=label)


# (rule, span, expected answer); each sentence is the construction the rule's docstring names.
CASES = [
    (rules.honorific_before, parse(["Dr.", "Vell", "said"], [1, 2, 2], ["compound", "nsubj", "ROOT"],
                                   name=(1, 2)), ("PERSON", "context")),
    (rules.occupation_before, parse(["singer", "Mira", "Dahl", "sang"], [2, 2, 3, 3], ["compound", "compound", "nsubj", "ROOT"],
                                    name=(1, 3)), ("PERSON", "context")),
    (rules.join_object, parse(["I", "joined", "Quuxcorp"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                              ["i", "join", "quuxcorp"], name=(2, 3)), ("ORG", "context")),
    (rules.founded_object, parse(["She", "founded", "Drumlane"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                                 ["she", "found", "drumlane"], name=(2, 3)), ("ORG", "context")),
    (rules.employer_subject, parse(["Ostry", "hired", "me"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                                   ["ostry", "hire", "i"]), ("ORG", "context")),
    (rules.made_thing, parse(["Vantor", "was", "developed", "by", "them"], [2, 2, 2, 2, 3],
                             ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
                             ["vantor", "be", "develop", "by", "they"], label="PRODUCT"), ("TECH", "context")),
    (rules.company_maker, parse(["published", "by", "Halvane"], [0, 0, 1], ["ROOT", "agent", "pobj"],
                                ["publish", "by", "halvane"], name=(2, 3)), ("ORG", "context")),
    (rules.employer_agent, parse(["hired", "by", "Halvane"], [0, 0, 1], ["ROOT", "agent", "pobj"],
                                 ["hire", "by", "halvane"], name=(2, 3)), ("ORG", "context")),
    (rules.at_workplace, parse(["my", "time", "at", "Ostry"], [1, 1, 1, 2], ["poss", "ROOT", "prep", "pobj"],
                               name=(3, 4)), ("ORG", "context")),
    (rules.work_for, parse(["I", "work", "for", "Ostry"], [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"],
                           name=(3, 4)), ("ORG", "context")),
    (rules.describing_noun, parse(["Drumlane", ",", "a", "startup"], [0, 0, 3, 0], ["ROOT", "punct", "det", "appos"]),
     ("ORG", "context")),
    (rules.noun_after, parse(["the", "Vantor", "library"], [2, 2, 2], ["det", "compound", "ROOT"], name=(1, 2)),
     ("TECH", "context")),
    (rules.called, parse(["we", "call", "it", "Vantor"], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "oprd"],
                         name=(3, 4)), ("TECH", "weak")),
    (rules.made_object, parse(["I", "maintain", "Vantor"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                              name=(2, 3)), ("TECH", "context")),
    (rules.maker_of, parse(["a", "core", "developer", "of", "Vantor"], [2, 2, 2, 2, 3],
                           ["det", "compound", "ROOT", "prep", "pobj"], ["a", "core", "developer", "of", "vantor"],
                           pos=["DET", "NOUN", "NOUN", "ADP", "PROPN"], name=(4, 5)), ("TECH", "context")),
    (rules.built_on, parse(["built", "on", "top", "of", "Vantor"], [0, 0, 1, 2, 3], ["ROOT", "prep", "pobj", "prep", "pobj"],
                           name=(4, 5)), ("TECH", "weak")),
]


@pytest.mark.parametrize("rule, span, expected", CASES, ids=[case[0].__name__ for case in CASES])
def test_each_context_rule_types_its_construction(rule, span, expected):
    assert rule(span) == expected


@pytest.mark.parametrize("rule, span, expected", CASES, ids=[case[0].__name__ for case in CASES])
def test_context_label_gives_the_first_answer_and_names_the_rule(rule, span, expected):
    label, strength, rule_id = rules.context_rule(span)
    assert (label, strength) == expected
    assert rule_id == next(r.id for r in rules.RULES if r.find is rule)


def test_registry_ids_are_unique_and_versioned():
    ids = [r.id for r in rules.RULES] + [r.id for r in shapes.SHAPE_RULES]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("typing.") and i.rsplit(".", 1)[-1].startswith("v") for i in ids)


def test_a_plain_sentence_gives_no_answer():
    span = parse(["Vantor", "sleeps"], [1, 1], ["nsubj", "ROOT"], ["vantor", "sleep"])
    assert rules.context_rule(span) == (None, "", None)


def words(text: str, label: str = "ORG"):
    doc = spacy.blank("en")(text)
    return Span(doc, 0, len(doc), label=label)


@pytest.mark.parametrize("text, label, rule_id, result", [
    ("Team", "ORG", "typing.lone_common_noun.v1", None),
    ("Senior Widget Engineer", "ORG", "typing.title_fragment.v1", None),
    ("Visiting Research Fellow", "ORG", "typing.title_fragment.v1", None),
    ("vantor.Frame", "ORG", "typing.code_identifier.v1", "TECH"),
    ("vantor_sync", "PERSON", "typing.code_identifier.v1", "TECH"),
    ("Ostry Query Protocol", "ORG", "typing.tech_head.v1", "TECH"),
    ("Vantor Stewards", "PERSON", "typing.not_a_person.v1", "ORG"),
    ("QuuxAcademy", "PERSON", "typing.not_a_person.v1", "ORG"),
    ("Widget3", "PERSON", "typing.not_a_person.v1", "ORG"),
])
def test_name_shape_rules(text, label, rule_id, result):
    rule = shapes.shape_rule(words(text, label), label)
    assert rule is not None and rule.id == rule_id and rule.label == result


@pytest.mark.parametrize("text, label", [
    ("Mira McKee", "PERSON"), ("Jo DeVos", "PERSON"),  # name prefixes are no inner capital
    ("Halvane.ai", "ORG"),  # a domain name is a company's
    ("Ostry Labs Engineer", "ORG"),  # an organization word keeps it an organization
    ("Drumlane Robotics", "ORG"),
])
def test_name_shape_rules_leave_names_alone(text, label):
    assert shapes.shape_rule(words(text, label), label) is None


@pytest.fixture(scope="module")
def blank_nlp():
    return add_entity_components(spacy.blank("en"))


def test_a_comma_list_is_split_but_not_a_legal_form(blank_nlp):
    from blogweave.nlp.spans import split_pairs

    doc = blank_nlp.make_doc("Vortec, Halvane and Acme, Inc. met")
    parts = [p.text for p in split_pairs(Span(doc, 0, 3, label="ORG"))]
    assert parts == ["Vortec", "Halvane"]
    assert [p.text for p in split_pairs(Span(doc, 4, 7, label="ORG"))] == ["Acme, Inc."]


def test_two_people_joined_by_an_ampersand_are_split(blank_nlp):
    from blogweave.nlp.spans import split_pairs

    doc = blank_nlp.make_doc("a talk by Jo Barr & Ada Vell today, and by Barr & Vell Labs")
    assert [p.text for p in split_pairs(Span(doc, 3, 8, label="PERSON"))] == ["Jo Barr", "Ada Vell"]
    assert [p.text for p in split_pairs(Span(doc, 12, 16, label="ORG"))] == ["Barr & Vell Labs"]  # a firm's name


def _two_sentences(first_verb: str, lemma: str):
    """'I <first_verb> Vexa9q . Vexa9q grew .' hand-parsed, no entities marked (NER saw none)."""
    words = ["I", first_verb, "Vexa9q", ".", "Vexa9q", "grew", "."]
    doc = Doc(VOCAB, words=words, heads=[1, 1, 1, 1, 5, 5, 5],
              deps=["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "punct"],
              lemmas=["I", lemma, "Vexa9q", ".",
                      "Vexa9q", "grow", "."],
              pos=["PRON", "VERB", "PROPN", "PUNCT", "PROPN", "VERB", "PUNCT"],
              sent_starts=[True, False, False, False, True, False, False])
    return doc


def test_a_letter_digit_name_typed_once_is_typed_at_every_mention():
    from blogweave.nlp.context import type_entities

    doc = type_entities(_two_sentences("joined", "join"))  # "joined X" types X; the second mention has no context
    assert [(e.text, e.start, e.label_) for e in doc.ents] == [("Vexa9q", 2, "ORG"), ("Vexa9q", 4, "ORG")]


def test_a_letter_digit_name_without_any_context_stays_untyped():
    from blogweave.nlp.context import type_entities

    doc = type_entities(_two_sentences("saw", "see"))
    assert list(doc.ents) == []


@pytest.mark.parametrize("word,name_like", [
    ("q7z3", True), ("Vexa9q", True), ("k2m", True),
    ("4x4", False), ("1e10", False), ("10x", False), ("1990s", False), ("2nd", False), ("H100", False),
])
def test_letter_digit_words_that_are_names_not_numbers(word, name_like):
    from blogweave.nlp.context import _ALNUM_NAME

    assert bool(_ALNUM_NAME.match(word)) is name_like


def test_a_maker_title_types_every_coordinated_name_after_it():
    span = parse(["the", "maintainer", "of", "Vantor", "and", "Quillet"], [1, 1, 1, 2, 3, 3],
                 ["det", "ROOT", "prep", "pobj", "cc", "conj"], pos=["DET", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
                 name=(5, 6))
    assert rules.maker_of(span) == ("TECH", "context")


def test_a_maker_title_before_a_person_shaped_name_says_nothing():
    span = parse(["the", "maintainer", "of", "Maria", "Vell"], [1, 1, 1, 4, 2],
                 ["det", "ROOT", "prep", "compound", "pobj"], pos=["DET", "NOUN", "ADP", "PROPN", "PROPN"], name=(3, 5))
    assert rules.maker_of(span) is None


def _named_then_short(short: str):
    words = ["Oskar", "Vellmar", "spoke", ".", short, "left", "."]
    doc = Doc(VOCAB, words=words, heads=[1, 2, 2, 2, 5, 5, 5], deps=["compound", "nsubj", "ROOT", "punct", "nsubj",
              "ROOT", "punct"], lemmas=[w.lower() for w in words],
              pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"],
              sent_starts=[True, False, False, False, True, False, False])
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    return doc


@pytest.mark.parametrize("short", ["Oskar", "Vellmar"])
def test_a_lone_given_name_or_surname_of_a_person_named_in_full_is_that_person(short):
    from blogweave.nlp.context import type_entities

    doc = type_entities(_named_then_short(short))
    assert [(e.text, e.label_) for e in doc.ents] == [("Oskar Vellmar", "PERSON"), (short, "PERSON")]


def test_an_unrelated_lone_name_is_not_made_a_person():
    from blogweave.nlp.context import type_entities

    doc = type_entities(_named_then_short("Brindle"))
    assert [(e.text, e.label_) for e in doc.ents] == [("Oskar Vellmar", "PERSON")]


def test_an_author_of_is_no_strong_technology_context():
    span = parse(["author", "of", "Vantor"], [0, 0, 1], ["ROOT", "prep", "pobj"], ["author", "of", "vantor"],
                 pos=["NOUN", "ADP", "PROPN"], name=(2, 3))
    assert rules.maker_of(span) is None


@pytest.fixture(scope="module")
def model_nlp():
    from blogweave.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.mark.parametrize("text, name, label", [
    ("We use the vexlib library every day.", "vexlib", "TECH"),  # no English word, strong context
    ("I wrote a dataframe library.", None, None),  # glued English words with a kind noun: no name
    ("The toolkit is designed for data.", None, None),
    ("I maintain Vex-Python and Quillpad.", "Vex-Python", "TECH"),  # a listed technology ends the name
])
def test_model_lower_case_and_hyphenated_technology_names(model_nlp, text, name, label):
    ents = [(e.text, e.label_) for e in model_nlp(text).ents if e.label_ == "TECH" and e.text[:1] != "Q"]
    assert ents == ([(name, label)] if name else [])
# --- places, party tags and organization heads (issue 10) ---

@pytest.mark.parametrize("text, label, rule_id, result", [
    ("D-Vexl.", "PERSON", "typing.party_tag.v1", None),
    ("R-Q.Z.", "ORG", "typing.party_tag.v1", None),
    ("Quellmark Court Orchestra", "PERSON", "typing.organization_head.v1", "ORG"),
    ("Ostry & Co.", "PERSON", "typing.organization_head.v1", "ORG"),
])
def test_party_tags_and_organization_heads(text, label, rule_id, result):
    rule = shapes.shape_rule(words(text, label), label)
    assert rule is not None and rule.id == rule_id and rule.label == result


def test_a_given_name_before_an_organization_word_stays_a_person():
    assert shapes.shape_rule(words("Anna Church", "PERSON"), "PERSON") is None


@pytest.mark.parametrize("text, ner_label, rule_id, strength, blocked", [
    ("Vexland", "GPE", "typing.noun_after.v1", "context", True),  # "the Vexland president"
    ("Far Quellmark", "LOC", None, "", True),
    ("Vexlandish", "NORP", "typing.describing_noun.v1", "context", True),
    ("Vexland University", "GPE", "typing.noun_after.v1", "context", False),  # an organization head
    ("Vexland", "GPE", "typing.join_object.v1", "context", False),  # "I joined Vexland": a workplace verb
    ("Vexland", "GPE", "typing.at_workplace.v1", "weak", True),  # "at Vexland" alone is a place
    ("Vexlandish", "NORP", "typing.at_workplace.v1", "weak", False),
    ("Vexland", "ORG", "typing.noun_after.v1", "context", False),  # NER's own organization
])
def test_a_place_is_no_employer_without_an_organization_head_or_workplace_verb(text, ner_label, rule_id,
                                                                                  strength, blocked):
    assert shapes.place_not_employer(words(text, "ORG"), ner_label, rule_id, strength) is blocked


def _with_ents(words_, ents_):
    """A doc of ``words_`` (spaced as text is) with NER spans ``ents_`` ((start, end, label))."""
    spaces = [i + 1 < len(words_) and words_[i + 1] not in (",", ".") for i in range(len(words_))]
    doc = Doc(VOCAB, words=words_, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents_]
    return doc


def test_a_name_cut_at_of_is_joined_to_the_name_after_it():
    from blogweave.nlp.boundaries import repair_boundaries

    doc = _with_ents(["the", "Province", "of", "Quell", "Council", "met"], [(0, 3, "GPE"), (3, 5, "ORG")])
    out = [(e.text, e.label_) for e in repair_boundaries(list(doc.ents)) if e is not None]
    assert out == [("the Province of Quell Council", "ORG")]


def test_a_name_cut_before_a_list_of_words_takes_the_list():
    from blogweave.nlp.boundaries import repair_boundaries

    words_ = ["Guild", "of", "Tanners", ",", "Dyers", "and", "Weavers", "said"]
    doc = _with_ents(words_, [(0, 3, "ORG")])
    out = [(e.text, e.label_) for e in repair_boundaries(list(doc.ents)) if e is not None]
    assert out == [("Guild of Tanners, Dyers and Weavers", "ORG")]


def test_a_list_of_names_is_not_taken_into_a_name_without_of():
    from blogweave.nlp.boundaries import repair_boundaries

    doc = _with_ents(["Vantor", ",", "Ostry", "and", "Halvane", "met"], [(0, 1, "ORG")])
    assert [e.text for e in repair_boundaries(list(doc.ents))] == ["Vantor"]


def test_a_territorial_noun_takes_its_of_name():
    from blogweave.nlp.boundaries import repair_boundaries

    words_ = ["Court", "for", "the", "District", "of", "Vexland", "ruled"]
    doc = _with_ents(words_, [(0, 4, "ORG")])
    assert [e.text for e in repair_boundaries(list(doc.ents))] == ["Court for the District of Vexland"]
    other = _with_ents(["Ostry", "Labs", "of", "Vexland", "ruled"], [(0, 2, "ORG")])
    assert [e.text for e in repair_boundaries(list(other.ents))] == ["Ostry Labs"]  # no territorial noun


def test_a_listed_org_name_is_not_split_at_its_commas():
    from blogweave.nlp.spans import split_pairs

    doc = _with_ents(["Guild", "of", "Tanners", ",", "Dyers", "and", "Weavers"], [])
    assert [p.text for p in split_pairs(Span(doc, 0, 7, label="ORG"))] == ["Guild of Tanners, Dyers and Weavers"]
    plain = _with_ents(["Vantor", ",", "Ostry", "and", "Halvane"], [])
    assert [p.text for p in split_pairs(Span(plain, 0, 3, label="ORG"))] == ["Vantor", "Ostry"]


def test_a_campus_after_a_university_comma_is_part_of_its_name():
    from blogweave.nlp.boundaries import repair_boundaries
    from blogweave.nlp.spans import split_pairs

    doc = _with_ents(["University", "of", "Vexland", ",", "Quellport", "builds", "tools"],
                     [(0, 3, "ORG"), (4, 5, "GPE")])
    out = [e for e in repair_boundaries(list(doc.ents)) if e is not None]
    assert [e.text for e in out] == ["University of Vexland, Quellport"]
    assert [p.text for p in split_pairs(out[0])] == ["University of Vexland, Quellport"]


@pytest.mark.parametrize("words, ents, expected", [
    # a country or a state after the comma says where the university is: no campus
    (["University", "of", "Vexland", ",", "Canada", "builds", "tools"], [(0, 3, "ORG"), (4, 5, "GPE")],
     "University of Vexland"),
    (["Vexland", "State", "University", ",", "Ohio", "builds", "tools"], [(0, 3, "ORG"), (4, 5, "GPE")],
     "Vexland State University"),
    # a university named without "of" has campuses too
    (["Vexland", "State", "University", ",", "Quellport", "builds", "tools"], [(0, 3, "ORG"), (4, 5, "GPE")],
     "Vexland State University, Quellport"),
])
def test_a_campus_is_no_country_and_needs_no_of(words, ents, expected):
    from blogweave.nlp.boundaries import repair_boundaries

    doc = _with_ents(words, ents)
    assert [e.text for e in repair_boundaries(list(doc.ents)) if e is not None][0] == expected


def test_a_place_list_after_a_university_is_not_its_campus():
    from blogweave.nlp.boundaries import repair_boundaries

    doc = _with_ents(["University", "of", "Vexland", ",", "Quellport", "and", "Ostry"],
                     [(0, 3, "ORG"), (4, 5, "GPE"), (6, 7, "GPE")])
    assert [e.text for e in repair_boundaries(list(doc.ents)) if e is not None][0] == "University of Vexland"


@pytest.mark.parametrize("text, name, rule_id", [
    ("Calder and Quell parishes met", (0, 1), "typing.place_noun_after.v1"),  # the first of two coordinated
    ("Calder and Quell parishes met", (2, 3), "typing.place_noun_after.v1"),
    ("Ostry county voted", (0, 1), "typing.place_noun_after.v1"),
    ("Ostry Council voted", (0, 2), None),  # an organization word: no place
    ("Ostry hired staff", (0, 1), None),
])
def test_a_name_before_a_place_noun_is_a_place(text, name, rule_id):
    doc = spacy.blank("en")(text)
    rule = shapes.shape_rule(Span(doc, *name, label="ORG"), "ORG")
    assert (rule.id if rule else None) == rule_id


def test_a_name_ner_calls_a_place_elsewhere_in_the_doc_is_no_organization():
    from blogweave.nlp.context import _not_places

    doc = _with_ents(["Quellport", "mayor", "spoke", "in", "Quellport", "today"], [(4, 5, "GPE")])
    kept = [(doc[0:1], "ORG", "ner"), (doc[0:1], "ORG", "context")]
    assert _not_places(doc, kept) == [(doc[0:1], "ORG", "context")]  # a context rule still decides


def test_a_leader_is_no_evidence_of_a_person():
    # "Quellport is a leader": companies and places lead too
    span = parse(["Quellport", "is", "a", "leader"], [1, 1, 3, 1], ["nsubj", "ROOT", "det", "attr"],
                 ["quellport", "be", "a", "leader"], pos=["PROPN", "AUX", "DET", "NOUN"], label="GPE")
    assert rules.describing_noun(span) is None


def test_a_leader_of_a_named_organization_is_a_person():
    span = parse(["Tarn", "Ouvrard", ",", "leader", "of", "Vexa"], [1, 1, 1, 1, 3, 4],
                 ["compound", "ROOT", "punct", "appos", "prep", "pobj"], ["tarn", "ouvrard", ",", "leader", "of", "vexa"],
                 pos=["PROPN", "PROPN", "PUNCT", "NOUN", "ADP", "PROPN"], name=(0, 2), label="ORG")
    assert rules.describing_noun(span) == ("PERSON", "context")
