"""The entity ruler, context typing and mention extraction, on invented sentences.

Most tests build a ``Doc`` by hand (words, tags, heads, deps, ents) or use
``spacy.blank("en")`` with blogweave's components, so no model is needed; the
``model`` tests run the real English pipeline end to end.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from blogweave.nlp.lexicon import known_names, not_entities, org_suffixes, read_list, ruler_patterns
from blogweave.models import ORGANIZATION, PERSON, TECHNOLOGY
from blogweave.names import normalize_name
from blogweave.nlp.pipeline import add_entity_components, extract_mentions
from blogweave.nlp.context import type_entities


@pytest.fixture(scope="module")
def blank_nlp():
    """spacy.blank("en") with blogweave's tokenizer rule, ruler and context component."""
    return add_entity_components(spacy.blank("en"))


def make_doc(vocab, words, spaces=None, pos=None, heads=None, deps=None, lemmas=None, ents=()):
    """A parsed Doc by hand; ``heads`` are absolute indexes, ``ents`` are (start, end, label, id)."""
    doc = Doc(vocab, words=words, spaces=spaces, pos=pos, heads=heads, deps=deps,
              lemmas=lemmas or [w.lower() for w in words], sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, s, e, label=label, span_id=source) for s, e, label, source in ents]
    return doc


def ents(doc):
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


# --- data files

def test_data_lists_load_and_are_documented():
    for name in ("technologies.txt", "organizations.txt", "org_suffixes.txt", "not_entities.txt"):
        assert len(read_list(name)) > 20
    assert "inc." in org_suffixes()["legal"] and "labs" in org_suffixes()["name"]
    assert {"cto", "ipo", "api", "platinum"} <= not_entities()
    assert known_names()["pytorch"] == "TECH" and known_names()["darpa"] == "ORG"


@pytest.mark.parametrize("a, b", [("The Widget's", "widget"), ("Widget\u2019s", "widget"), ("ACME  Ltd.", "acme ltd")])
def test_normalize_name(a, b):
    assert normalize_name(a) == b


# --- the ruler (blank pipeline: no tagger, so only list names and capital-letter patterns)

@pytest.mark.parametrize("text, expected", [
    ("We rewrote it in pytorch last year.", [("pytorch", "TECH", "ruler")]),
    ("Our GPUs and the TPU were idle.", [("GPUs", "TECH", "ruler"), ("TPU", "TECH", "ruler")]),
    ("Write it in Go and Rust.", [("Go", "TECH", "ruler"), ("Rust", "TECH", "ruler")]),
    ("We had to go, the metal would rust.", []),  # exact-case entries ignore ordinary words
    ("Is SR-IOV or scikit-learn faster?", [("SR-IOV", "TECH", "ruler"), ("scikit-learn", "TECH", "ruler")]),
    ("A grant from DARPA helped.", [("DARPA", "ORG", "ruler")]),
])
def test_ruler_finds_listed_names(blank_nlp, text, expected):
    assert ents(blank_nlp(text)) == expected


def test_slash_and_plus_split_into_separate_names(blank_nlp):
    assert ents(blank_nlp("We tried Keras/PyTorch and OVN+OVS.")) == [
        ("Keras", "TECH", "ruler"), ("PyTorch", "TECH", "ruler"), ("OVN", "TECH", "ruler"), ("OVS", "TECH", "ruler")]
    assert [t.text for t in blank_nlp("C++ rocks")][:1] == ["C++"]


@pytest.fixture(scope="module")
def tagged_ruler():
    """The entity ruler with its part-of-speech patterns, to run on hand-tagged Docs."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns(nlp, pos=True))
    return ruler


def test_org_suffix_pattern_needs_a_proper_noun_before_the_suffix(blank_nlp, tagged_ruler):
    ruler = tagged_ruler
    words = ["She", "left", "Brightwater", "Labs", "and", "Quorra", ",", "Inc.", "for", "the", "Labs", "."]
    pos = ["PRON", "VERB", "PROPN", "PROPN", "CCONJ", "PROPN", "PUNCT", "PROPN", "ADP", "DET", "PROPN", "PUNCT"]
    spaces = [True, True, True, True, True, False, True, True, True, True, False, False]
    doc = ruler(Doc(blank_nlp.vocab, words=words, spaces=spaces, pos=pos))
    assert [(e.text, e.label_) for e in doc.ents] == [("Brightwater Labs", "ORG"), ("Quorra, Inc.", "ORG")]


def test_org_head_of_pattern(blank_nlp, tagged_ruler):
    ruler = tagged_ruler
    words = ["at", "the", "Center", "for", "Applied", "Widgets", "today"]
    doc = ruler(Doc(blank_nlp.vocab, words=words, pos=["ADP", "DET", "PROPN", "ADP", "PROPN", "PROPN", "NOUN"]))
    assert [(e.text, e.label_) for e in doc.ents] == [("Center for Applied Widgets", "ORG")]


@pytest.mark.parametrize("words, pos, expected", [
    (["the", "Westvale", "Academy", "of", "Fine", "Arts", "said"],
     ["DET", "PROPN", "PROPN", "ADP", "PROPN", "PROPN", "VERB"],
     "Westvale Academy of Fine Arts"),
    (["Ostry", "Savings", "Bank", "of", "Dunmere", "failed"], ["PROPN", "PROPN", "PROPN", "ADP", "PROPN", "VERB"],
     "Ostry Savings Bank of Dunmere"),
    (["the", "Senate", "Committee", "on", "Rural", "Roads", "met"], ["DET", "PROPN", "PROPN", "ADP", "PROPN", "PROPN",
                                                                     "VERB"], "Senate Committee on Rural Roads"),
])
def test_org_head_of_pattern_takes_the_name_before_the_head(blank_nlp, tagged_ruler, words, pos, expected):
    doc = tagged_ruler(Doc(blank_nlp.vocab, words=words, pos=pos))
    assert [(e.text, e.label_) for e in doc.ents] == [(expected, "ORG")]


@pytest.mark.parametrize("text, expected", [
    ("the Academy of Sciences and Humanities in Orlen", "Academy of Sciences and Humanities"),
    ("the Center for Rural Health and Family Medicine opened", "Center for Rural Health and Family Medicine"),
    ("the University of Eastmoor and Westvale College", "University of Eastmoor"),  # a second name
    ("the University of Eastmoor and the city", "University of Eastmoor"),
])
def test_of_name_extends_over_a_coordinated_last_part(blank_nlp, text, expected):
    from blogweave.nlp.spans import extend_coordinated_name

    doc = blank_nlp.make_doc(text)
    start = 1
    end = next(t.i for t in doc if t.lower_ == "and")
    assert extend_coordinated_name(Span(doc, start, end, label="ORG", span_id="pattern")).text == expected


def test_a_common_word_name_after_a_person_is_the_end_of_the_name(blank_nlp):
    # "owner Tom Swift spoke": NER's "Tom" + the listed "Swift" is one person; "Swift" alone stays a language.
    words = ["owner", "Tom", "Swift", "spoke", "of", "Swift"]
    doc = make_doc(blank_nlp.vocab, words, pos=["NOUN", "PROPN", "PROPN", "VERB", "ADP", "PROPN"],
                   heads=[2, 2, 3, 3, 3, 4], deps=["compound", "compound", "nsubj", "ROOT", "prep", "pobj"],
                   ents=[(1, 2, "PERSON", ""), (2, 3, "TECH", "ruler"), (5, 6, "TECH", "ruler")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [("Tom Swift", "PERSON"), ("Swift", "TECH")]


def test_a_common_word_name_used_as_a_verb_is_no_name(blank_nlp):
    doc = make_doc(blank_nlp.vocab, ["You", "cannot", "Go", "home"], pos=["PRON", "AUX", "VERB", "ADV"],
                   heads=[2, 2, 2, 2], deps=["nsubj", "aux", "ROOT", "advmod"], ents=[(2, 3, "TECH", "ruler")])
    assert ents(type_entities(doc)) == []


@pytest.mark.parametrize("words, pos, ents_in, expected", [
    # "Google Orbit Notes": a listed company and capitalized words after it (NER's guess over them gives way).
    (["the", "Google", "Orbit", "Notes", "app"], ["DET", "PROPN", "PROPN", "PROPN", "NOUN"],
     [(1, 2, "ORG", "ruler"), (2, 4, "ORG", "")], [("Google Orbit Notes", "TECH")]),
    (["a", "Microsoft", "Zune", "II", "player"], ["DET", "PROPN", "PROPN", "PROPN", "NOUN"],
     [(1, 2, "ORG", "ruler")], [("Microsoft Zune II", "TECH")]),
    # An organization word keeps the company; "I" after a name is the pronoun.
    (["Google", "Foundation", "grants"], ["PROPN", "PROPN", "NOUN"], [(0, 1, "ORG", "ruler")], [("Google", "ORG")]),
    (["at", "Google", "I", "met"], ["ADP", "PROPN", "PRON", "VERB"], [(1, 2, "ORG", "ruler")], [("Google", "ORG")]),
    (["Google", "Television", "aired"], ["PROPN", "PROPN", "VERB"], [(0, 1, "ORG", "ruler")], [("Google", "ORG")]),
])
def test_a_listed_company_followed_by_a_name_is_its_product(blank_nlp, words, pos, ents_in, expected):
    doc = make_doc(blank_nlp.vocab, words, pos=pos, ents=ents_in)
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == expected


def test_of_name_stops_at_a_title_and_takes_a_second_of_part(blank_nlp, tagged_ruler):
    words = ["Department", "of", "Public", "Roads", "Chairman", "Tessa", "Mallory", "said"]
    doc = tagged_ruler(Doc(blank_nlp.vocab, words=words, pos=["PROPN", "ADP"] + ["PROPN"] * 5 + ["VERB"]))
    assert [e.text for e in doc.ents] == ["Department of Public Roads"]
    words = ["the", "Foundation", "for", "the", "Advancement", "of", "Teaching", "paid"]
    doc = tagged_ruler(Doc(blank_nlp.vocab, words=words, pos=["DET", "PROPN", "ADP", "DET", "PROPN", "ADP", "PROPN",
                                                                 "VERB"]))
    assert [e.text for e in doc.ents] == ["Foundation for the Advancement of Teaching"]


@pytest.mark.parametrize("words, ent, expected", [
    (["Soprano", "Ida", "Lenz", "sang"], (0, 3), "Ida Lenz"),
    (["President", "Oman", "Dari", "spoke"], (0, 3), "Oman Dari"),
    (["Nell", "Vargo", "of", "Eastmoor", "left"], (0, 4), "Nell Vargo"),
])
def test_person_span_loses_a_leading_title_and_an_of_place(blank_nlp, words, ent, expected):
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN"] * (len(words) - 1) + ["VERB"], ents=[(*ent, "PERSON", "")])
    assert [t for t, _, _ in ents(type_entities(doc))] == [expected]


def test_suffix_pattern_takes_a_hyphenated_first_part(blank_nlp):
    doc = blank_nlp.make_doc("She left Knight-Rowe Inc. in May")
    doc.ents = [Span(doc, 2, 3, "ORG"), Span(doc, 4, 6, "ORG", span_id="pattern")]
    assert ents(type_entities(doc)) == [("Knight-Rowe Inc.", "ORG", "pattern")]


# --- context typing (hand-parsed docs)

def test_joined_x_makes_a_person_guess_an_organization(blank_nlp):
    # "I joined Quillfeather ." with NER's wrong PERSON label.
    doc = make_doc(blank_nlp.vocab, ["I", "joined", "Quillfeather", "."], pos=["PRON", "VERB", "PROPN", "PUNCT"],
                   heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
                   lemmas=["I", "join", "Quillfeather", "."], ents=[(2, 3, "PERSON", "")])
    assert ents(type_entities(doc)) == [("Quillfeather", "ORG", "context")]


def test_my_last_day_at_x_admits_a_gpe_guess_as_organization(blank_nlp):
    words = ["my", "last", "day", "at", "Tollbridge", "One"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PRON", "ADJ", "NOUN", "ADP", "PROPN", "PROPN"],
                   heads=[2, 2, 2, 2, 5, 3], deps=["poss", "amod", "ROOT", "prep", "compound", "pobj"],
                   ents=[(4, 6, "GPE", "")])
    assert ents(type_entities(doc)) == [("Tollbridge One", "ORG", "context")]


def test_gpe_without_context_is_dropped(blank_nlp):
    doc = make_doc(blank_nlp.vocab, ["We", "love", "Velmora", "."], pos=["PRON", "VERB", "PROPN", "PUNCT"],
                   heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"], ents=[(2, 3, "GPE", "")])
    assert ents(type_entities(doc)) == []


def test_the_x_library_makes_a_technology(blank_nlp):
    words = ["I", "use", "the", "Larkspur", "library"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PRON", "VERB", "DET", "PROPN", "NOUN"],
                   heads=[1, 1, 4, 4, 1], deps=["nsubj", "ROOT", "det", "compound", "dobj"],
                   lemmas=["I", "use", "the", "Larkspur", "library"], ents=[(3, 4, "ORG", "")])
    assert ents(type_entities(doc)) == [("Larkspur", "TECH", "context")]


def test_apposition_with_startup_makes_an_organization(blank_nlp):
    # "Ferrowind , a startup , hired me"
    words = ["Ferrowind", ",", "a", "startup", ",", "hired", "me"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "PRON"],
                   heads=[5, 0, 3, 0, 0, 5, 5], deps=["nsubj", "punct", "det", "appos", "punct", "ROOT", "dobj"],
                   lemmas=["Ferrowind", ",", "a", "startup", ",", "hire", "I"], ents=[(0, 1, "PRODUCT", "")])
    assert ents(type_entities(doc)) == [("Ferrowind", "ORG", "context")]


def test_missed_name_after_join_is_found(blank_nlp):
    doc = make_doc(blank_nlp.vocab, ["I", "joined", "Zentrivo", "."], pos=["PRON", "VERB", "PROPN", "PUNCT"],
                   heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"], lemmas=["I", "join", "Zentrivo", "."])
    assert ents(type_entities(doc)) == [("Zentrivo", "ORG", "context")]


@pytest.mark.parametrize("words, label", [
    (["the", "CTO"], "ORG"),
    (["an", "IPO"], "ORG"),
    (["Widget](https://example.org"], "ORG"),
    (["2024"], "PERSON"),
    (["Calif."], "ORG"),  # an abbreviation on its own
])
def test_noise_is_dropped(blank_nlp, words, label):
    doc = make_doc(blank_nlp.vocab, words, pos=["NOUN"] * len(words), heads=list(range(len(words))),
                   deps=["ROOT"] * len(words), ents=[(0, len(words), label, "")])
    assert ents(type_entities(doc)) == []


def test_leading_determiner_and_possessive_are_trimmed(blank_nlp):
    words = ["the", "Halden", "Group", "'s", "plan"]
    doc = make_doc(blank_nlp.vocab, words, spaces=[True, True, False, True, False],
                   pos=["DET", "PROPN", "PROPN", "PART", "NOUN"], heads=[2, 2, 4, 2, 4],
                   deps=["det", "compound", "poss", "case", "ROOT"], ents=[(0, 4, "ORG", "")])
    assert ents(type_entities(doc)) == [("Halden Group", "ORG", "ner")]


def test_mentions_of_one_name_agree_on_the_strongest_label(blank_nlp):
    # "Brightwater" once by the ruler-like pattern (ORG) and once by NER as PERSON.
    words = ["Brightwater", "hired", "me", ".", "Brightwater", "is", "fun"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "VERB", "PRON", "PUNCT", "PROPN", "AUX", "ADJ"],
                   heads=[1, 1, 1, 1, 5, 5, 5], deps=["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "acomp"],
                   lemmas=["Brightwater", "hire", "I", ".", "Brightwater", "be", "fun"],
                   ents=[(0, 1, "PERSON", ""), (4, 5, "PERSON", "")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [("Brightwater", "ORG"), ("Brightwater", "ORG")]


def test_honorific_makes_a_person_and_is_trimmed(blank_nlp):
    # "Mrs. Quellbrook said so" with NER's ORG label over "Mrs. Quellbrook".
    words = ["Mrs.", "Quellbrook", "said", "so"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PROPN", "VERB", "ADV"], heads=[1, 2, 2, 2],
                   deps=["compound", "nsubj", "ROOT", "advmod"], lemmas=["Mrs.", "Quellbrook", "say", "so"],
                   ents=[(0, 2, "ORG", "")])
    assert ents(type_entities(doc)) == [("Quellbrook", "PERSON", "context")]


def test_lone_surname_of_a_full_name_is_a_person(blank_nlp):
    # "Oda Varnel spoke . Varnel left" with NER's ORG label on the lone surname.
    words = ["Oda", "Varnel", "spoke", ".", "Varnel", "left"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB"],
                   heads=[1, 2, 2, 2, 5, 5], deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT"],
                   lemmas=["Oda", "Varnel", "speak", ".", "Varnel", "leave"],
                   ents=[(0, 2, "PERSON", ""), (4, 5, "ORG", "")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [("Oda Varnel", "PERSON"), ("Varnel", "PERSON")]


def test_a_full_name_typed_organization_is_the_person_its_lone_surname_names(blank_nlp):
    # "Toma Okafor spoke . Okafor left" with NER's ORG label on the full name and PERSON on the surname.
    words = ["Toma", "Okafor", "spoke", ".", "Okafor", "left"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB"],
                   heads=[1, 2, 2, 2, 5, 5], deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT"],
                   ents=[(0, 2, "ORG", ""), (4, 5, "PERSON", "")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [("Toma Okafor", "PERSON"), ("Okafor", "PERSON")]
    # An organization word at the end keeps it an organization: "Okafor Holdings ... Okafor".
    doc = make_doc(blank_nlp.vocab, ["Okafor", "Holdings", "spoke", ".", "Okafor", "left"],
                   pos=["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB"],
                   heads=[1, 2, 2, 2, 5, 5], deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT"],
                   ents=[(0, 2, "ORG", ""), (4, 5, "PERSON", "")])
    assert ("Okafor Holdings", "ORG") in [(t, lab) for t, lab, _ in ents(type_entities(doc))]


def test_a_given_name_and_surname_is_a_person_whatever_ner_said(blank_nlp):
    # "Peter Kostrava spoke" with NER's ORG label; "Peter Kostrava Holdings" keeps its organization word.
    for words, label, expected in ((["Peter", "Kostrava", "spoke"], "ORG", "PERSON"),
                                   (["Peter", "Kostrava", "spoke"], "GPE", "PERSON"),
                                   (["Peter", "Kostrava", "Holdings", "spoke"], "ORG", "ORG")):
        n = len(words) - 1
        doc = make_doc(blank_nlp.vocab, words, pos=["PROPN"] * n + ["VERB"], heads=[n - 1] * (n - 1) + [n, n],
                       deps=["compound"] * (n - 1) + ["nsubj", "ROOT"], ents=[(0, n, label, "")])
        assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [(" ".join(words[:n]), expected)]


@pytest.mark.parametrize("given", ["Linus", "Saqib", "Marcelo", "Oksana", "Chidi", "Haruka"])
def test_a_widely_used_given_name_types_a_two_word_name_as_a_person(blank_nlp, given):
    # "<given> Kestrova spoke" with NER's ORG label: the given names added from many languages count too.
    words = [given, "Kestrova", "spoke"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PROPN", "VERB"], heads=[1, 2, 2],
                   deps=["compound", "nsubj", "ROOT"], ents=[(0, 2, "ORG", "")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [(f"{given} Kestrova", "PERSON")]


@pytest.mark.parametrize("words, pos, heads, deps, name", [
    # "plastic surgeon Oskar Vellinger spoke": an occupation right before the name.
    (["plastic", "surgeon", "Oskar", "Vellinger", "spoke"], ["ADJ", "NOUN", "PROPN", "PROPN", "VERB"],
     [1, 3, 3, 4, 4], ["amod", "compound", "compound", "nsubj", "ROOT"], (2, 4)),
    # "Peter Vellinger , a truck driver , spoke": an occupation in apposition ("driver" needs a given name).
    (["Peter", "Vellinger", ",", "a", "truck", "driver", ",", "spoke"],
     ["PROPN", "PROPN", "PUNCT", "DET", "NOUN", "NOUN", "PUNCT", "VERB"],
     [1, 7, 1, 5, 5, 1, 1, 7], ["compound", "nsubj", "punct", "det", "compound", "appos", "punct", "ROOT"], (0, 2)),
])
def test_an_occupation_makes_a_person(blank_nlp, words, pos, heads, deps, name):
    doc = make_doc(blank_nlp.vocab, words, pos=pos, heads=heads, deps=deps, ents=[(*name, "ORG", "")])
    assert ents(type_entities(doc)) == [(" ".join(words[name[0]:name[1]]), "PERSON", "context")]


def test_a_missed_given_name_and_surname_is_a_person(blank_nlp):
    # "Leroy Vance of Eastmoor was indicted" where NER found nothing.
    words = ["Georg", "Vellmann", "of", "Eastmoor", "was", "indicted"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PROPN", "ADP", "PROPN", "AUX", "VERB"],
                   heads=[1, 5, 1, 2, 5, 5], deps=["compound", "nsubjpass", "prep", "pobj", "auxpass", "ROOT"])
    assert ents(type_entities(doc)) == [("Georg Vellmann", "PERSON", "context")]


def test_a_made_thing_and_its_publisher(blank_nlp):
    # "Gravelstorm was developed by Kestrova and published by Maxtrel ." with NER's PERSON on the game.
    words = ["Gravelstorm", "was", "developed", "by", "Kestrova", "and", "published", "by", "Maxtrel", "."]
    doc = make_doc(blank_nlp.vocab, words,
                   pos=["NOUN", "AUX", "VERB", "ADP", "PROPN", "CCONJ", "VERB", "ADP", "PROPN", "PUNCT"],
                   heads=[2, 2, 2, 2, 3, 2, 2, 6, 7, 2],
                   deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "conj", "agent", "pobj", "punct"],
                   lemmas=["gravelstorm", "be", "develop", "by", "Kestrova", "and", "publish", "by", "Maxtrel", "."],
                   ents=[(0, 1, "PERSON", ""), (8, 9, "PERSON", "")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [("Gravelstorm", "TECH"), ("Maxtrel", "ORG")]


def test_a_role_after_a_name_makes_it_the_organization(blank_nlp):
    # "Quorra president Tessa Mallory said" with NER's PERSON on "Quorra"; "a Rust programmer" is no employer.
    words = ["Quorra", "president", "Tessa", "Mallory", "said"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "NOUN", "PROPN", "PROPN", "VERB"], heads=[1, 3, 3, 4, 4],
                   deps=["compound", "compound", "compound", "nsubj", "ROOT"],
                   ents=[(0, 1, "PERSON", ""), (2, 4, "PERSON", "")])
    assert [(t, lab) for t, lab, _ in ents(type_entities(doc))] == [("Quorra", "ORG"), ("Tessa Mallory", "PERSON")]
    doc = make_doc(blank_nlp.vocab, ["a", "Kestrel", "programmer", "left"], pos=["DET", "PROPN", "NOUN", "VERB"],
                   heads=[2, 2, 3, 3], deps=["det", "compound", "nsubj", "ROOT"], ents=[(1, 2, "PERSON", "")])
    assert [lab for _, lab, _ in ents(type_entities(doc))] == ["PERSON"]


def test_coordination_in_an_of_name_stops_at_a_name_ner_found(blank_nlp):
    from blogweave.nlp.spans import extend_coordinated_name

    doc = blank_nlp.make_doc("the Institute of Optics and Wang Lei at home")
    doc.ents = [Span(doc, 5, 7, "PERSON")]
    assert extend_coordinated_name(Span(doc, 1, 4, label="ORG", span_id="pattern")).text == "Institute of Optics"


def test_a_title_over_a_name_does_not_make_an_organization(blank_nlp):
    # "Varnel , publisher of the Morning Lantern , spoke": a person's title, not "Varnel is a publisher (firm)".
    words = ["Varnel", ",", "publisher", "of", "the", "Morning", "Lantern", ",", "spoke"]
    doc = make_doc(blank_nlp.vocab, words, pos=["PROPN", "PUNCT", "NOUN", "ADP", "DET", "PROPN", "PROPN", "PUNCT",
                                                "VERB"],
                   heads=[8, 0, 0, 2, 6, 6, 3, 0, 8],
                   deps=["nsubj", "punct", "appos", "prep", "det", "compound", "pobj", "punct", "ROOT"],
                   lemmas=["Varnel", ",", "publisher", "of", "the", "Morning", "Lantern", ",", "speak"],
                   ents=[(0, 1, "PERSON", ""), (5, 7, "ORG", "")])
    assert ("Varnel", "PERSON", "ner") in ents(type_entities(doc))


def test_extract_mentions_types_and_rename_links(blank_nlp):
    doc = blank_nlp.make_doc("Tarn Widgets Inc (then Ossel Labs) hired Mara Ellison.")
    doc.ents = [Span(doc, 0, 3, "ORG", span_id="pattern"), Span(doc, 5, 7, "ORG", span_id="pattern"),
                Span(doc, 9, 11, "PERSON")]
    mentions = extract_mentions(doc)
    assert [(m.text, m.type, m.source) for m in mentions] == [
        ("Tarn Widgets Inc", ORGANIZATION, "pattern"),
        ("Tarn Widgets Inc (then Ossel Labs)", ORGANIZATION, "rename"),
        ("Ossel Labs", ORGANIZATION, "pattern"),
        ("Mara Ellison", PERSON, "ner"),
    ]
    assert all(doc.text[m.start:m.end] == m.text for m in mentions)


def test_extract_mentions_marks_names_that_are_arguments_of_a_verb(blank_nlp):
    # "The Harrowgate Water Board fined Oskel Farms ." vs a verbless heading "Harrowgate Water Board".
    words = ["The", "Harrowgate", "Water", "Board", "fined", "Oskel", "Farms", "."]
    doc = make_doc(blank_nlp.vocab, words, pos=["DET", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"],
                   heads=[3, 3, 3, 4, 4, 6, 4, 4],
                   deps=["det", "compound", "compound", "nsubj", "ROOT", "compound", "dobj", "punct"],
                   ents=[(1, 4, "ORG", ""), (5, 7, "ORG", "")])
    assert [(m.text, m.source) for m in extract_mentions(doc)] == [
        ("Harrowgate Water Board", "ner-clause"), ("Oskel Farms", "ner-clause")]
    heading = make_doc(blank_nlp.vocab, ["Harrowgate", "Water", "Board"], pos=["PROPN", "PROPN", "PROPN"],
                       heads=[2, 2, 2], deps=["compound", "compound", "ROOT"], ents=[(0, 3, "ORG", "")])
    assert [(m.text, m.source) for m in extract_mentions(heading)] == [("Harrowgate Water Board", "ner")]


def test_a_bracketed_acronym_is_a_linked_mention_and_brackets_split_spans(blank_nlp):
    from blogweave.names import is_acronym_of

    assert is_acronym_of("ERA", "Eastmoor Rail Authority") and is_acronym_of("CSW", "Council of State Widgets")
    assert not is_acronym_of("Acme", "Acme") and not is_acronym_of("ERA", "Westmoor Rail Authority")
    doc = blank_nlp.make_doc("She joined the Eastmoor Rail Authority (ERA) in May")
    doc.ents = [Span(doc, 3, 8, "ORG")]  # NER's span runs into the bracket: "Eastmoor Rail Authority (ERA"
    doc = type_entities(doc)
    assert [e.text for e in doc.ents] == ["Eastmoor Rail Authority", "ERA"]
    mentions = extract_mentions(doc)
    assert ("Eastmoor Rail Authority (ERA)", "rename") in [(m.text, m.source) for m in mentions]


def test_extract_mentions_keeps_the_titled_form_of_a_person(blank_nlp):
    doc = blank_nlp.make_doc("Mrs. Vellmar met Sen. Jo Barr and the Quorra Board.")
    doc.ents = [Span(doc, 1, 2, "PERSON", span_id="context"), Span(doc, 4, 6, "PERSON"),
                Span(doc, 8, 10, "ORG", span_id="pattern")]
    titled = [(m.text, m.type) for m in extract_mentions(doc) if m.source == "titled"]
    assert titled == [("Mrs. Vellmar", PERSON), ("Sen. Jo Barr", PERSON)]


# --- the real model

@pytest.fixture(scope="module")
def nlp():
    from blogweave.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Last year I joined Brightwater Labs as a staff engineer.", {("Brightwater Labs", "ORG")}),
    ("My last day at Pellacott Trading was on Friday.", {("Pellacott Trading", "ORG")}),
    ("I spent two years developing Larkspur, a Python library for plotting.",
     {("Larkspur", "TECH"), ("Python", "TECH")}),
    ("We moved from TensorFlow to PyTorch on our GPUs.", {("TensorFlow", "TECH"), ("PyTorch", "TECH"), ("GPUs", "TECH")}),
    ("The CTO announced an IPO and a new API.", set()),
    ("Gravelstorm is a racing video game released in 2009.", {("Gravelstorm", "TECH")}),
])
def test_model_end_to_end(nlp, text, expected):
    doc = nlp(text)
    assert {(e.text, e.label_) for e in doc.ents} == expected
    assert all(e.label_ in ("PERSON", "ORG", "TECH") for e in doc.ents)


@pytest.mark.model
def test_model_pipeline_is_cached_and_pipes_in_two_processes(nlp):
    from blogweave.nlp.pipeline import load_nlp

    assert load_nlp() is nlp
    texts = ["I joined Brightwater Labs in 2019.", "We use PyTorch and Dask.", "Mara Ellison left Quorra, Inc."] * 2
    single = [ents(doc) for doc in nlp.pipe(texts)]
    parallel = [ents(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert parallel == single
    assert ("PyTorch", "TECH", "ruler") in single[1]


@pytest.mark.model
def test_model_mentions_merge_in_resolve(nlp):
    from blogweave.models import Extraction, Post
    from blogweave.resolve.entities import resolve_entities

    text = ("I joined Ossel Analytics (then Tarn Labs) in 2015. At Ossel Analytics I worked on Larkspur, "
            "a plotting library. Later Ossel hired me again.")
    post = Post("a.md", "A", text)
    entities, _, _ = resolve_entities([Extraction(post, mentions=tuple(extract_mentions(nlp(text))))])
    orgs = [e for e in entities if e.type == ORGANIZATION]
    assert len(orgs) == 1 and orgs[0].label == "Ossel Analytics"
    assert {"Tarn Labs", "Ossel"} <= set(orgs[0].aliases)
    assert any(e.label == "Larkspur" and e.type == TECHNOLOGY for e in entities)


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Brindle Works was co-founded by Laura Bennett in 2011.", ("Laura Bennett", "founded", "Brindle Works")),
    ("Laura Bennett, who co-founded Brindle Labs, spoke first.", ("Laura Bennett", "founded", "Brindle Labs")),
    ("I co-founded Brindle Works in 2019.", ("@author", "founded", "Brindle Works")),
])
def test_co_prefixed_verbs_stay_one_word_with_their_lemma(nlp, text, expected):
    from blogweave.models import Post
    from blogweave.relations import extract_facts

    doc = nlp(text)
    [co] = [t for t in doc if t.lower_.startswith("co")]
    assert (co.text, co.lemma_) == ("co-founded", "co-found")
    facts = {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, Post("p.md", "t", text))}
    assert expected in facts


@pytest.mark.parametrize("text, found, other, expected", [
    # a trust named after two people: NER found the second person's part, or a stray piece before the "and"
    ("funded by the Mara K. and Tobias R. Vellin Charitable Trust .", "Tobias", None, "Mara K. and Tobias R. Vellin Charitable Trust"),
    ("a grant from the Orla J. and Bennet T. Harrow Family Foundation", "Bennet", ("Orla", "FAC"), "Orla J. and Bennet T. Harrow Family Foundation"),
    ("money from the Kessel and Anna Brandt Foundation", "Anna", None, "Kessel and Anna Brandt Foundation"),
    # a second name before the "and": an organization, or a list longer than one person's name
    ("money from Quill Corp and Ada Brandt Foundation", "Ada", ("Quill", "ORG"), "Ada Brandt Foundation"),
    ("thanks to Vell Oster Quan Reed and Ada Brandt Foundation", "Ada", None, "Ada Brandt Foundation"),
    # no organization word at the end: two people
    ("a talk by Mara Vellin and Tobias R. Vellin today", "Tobias", None, "Tobias R. Vellin"),
])
def test_an_organization_named_after_two_people_is_one_name(blank_nlp, text, found, other, expected):
    from blogweave.nlp.spans import extend_coordinated_donors

    doc = blank_nlp.make_doc(text)
    words = [t.text for t in doc]
    start = words.index(found)
    end = next((i for i in range(start, len(words)) if not words[i][:1].isupper()), len(words))  # NER's part
    ents = [Span(doc, start, end, "PERSON")]
    if other is not None:
        first = words.index(other[0])
        ents.insert(0, Span(doc, first, first + 2, other[1]))
    doc.ents = ents
    span = extend_coordinated_donors(doc.ents[-1])
    assert span.text == expected
    if span.text != doc.ents[-1].text:
        assert span.label_ == "ORG"
