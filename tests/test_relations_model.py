"""End-to-end rule checks with the real parser (entities set by hand, so only the parse is the model's)."""

import pytest

from blogweave.models import Post
from relations_helpers import parsed_triples

pytestmark = pytest.mark.model

CASES = [
    ("I joined Brightwater Labs last spring.", {"Brightwater Labs": "ORG"}, {("@author", "workedAt", "Brightwater Labs")}),
    ("Olaf Brandt was hired by Kestrel Works in 2017.", {"Olaf Brandt": "PERSON", "Kestrel Works": "ORG"},
     {("Olaf Brandt", "workedAt", "Kestrel Works")}),
    ("Tallow Systems was founded by Mara Quint in 2011.", {"Mara Quint": "PERSON", "Tallow Systems": "ORG"},
     {("Mara Quint", "founded", "Tallow Systems")}),
    ("Quillpad is developed by Tallow Systems.", {"Quillpad": "TECH", "Tallow Systems": "ORG"},
     {("Tallow Systems", "developed", "Quillpad")}),
    ("I never worked at Kestrel Works.", {"Kestrel Works": "ORG"}, set()),
    # unrelated co-occurrence, software senses of funding and founding verbs, indefinite generic heads
    ("Mara Quint visited Kestrel Works last year.", {"Mara Quint": "PERSON", "Kestrel Works": "ORG"}, set()),
    ("Quillpad supports Inkwell files.", {"Quillpad": "TECH", "Inkwell": "TECH"}, set()),
    ("Then I launch Quillpad from a terminal.", {"Quillpad": "TECH"}, set()),
    ("We spin up a Tallow cluster first.", {"Tallow": "ORG"}, set()),
    ("I wrote a new Quillpad plugin.", {"Quillpad": "TECH"}, set()),
    ("Here is how Mara Quint creates the Tarnos stub app.", {"Mara Quint": "PERSON", "Tarnos": "TECH"}, set()),
    # "build" with a well-known (listed) technology is compiling it; an unlisted one is made
    ("Mara Quint learned how to build PostgreSQL from source.", {"Mara Quint": "PERSON", "PostgreSQL": "TECH"}, set()),
    ("Mara Quint built Tarnos in 2019.", {"Mara Quint": "PERSON", "Tarnos": "TECH"}, {("Mara Quint", "developed", "Tarnos")}),
    # passive "supported by": money from an organization; help from a person or one's own team is not
    ("Tom Vell was supported by the Quorra Foundation.", {"Tom Vell": "PERSON", "Quorra Foundation": "ORG"},
     {("Tom Vell", "fundedBy", "Quorra Foundation")}),
    ("Tom Vell was supported by Ines Brask.", {"Tom Vell": "PERSON", "Ines Brask": "PERSON"}, set()),
    ("Quillpad is supported by the Quorra Data Team.", {"Quillpad": "TECH", "Quorra Data Team": "ORG"}, set()),
    # "worked with A at X and B at Y": each place is its companion's, not the writer's
    ("I worked with Tim Vell at Quorra University and Zac Brill at Tarn College.",
     {"Tim Vell": "PERSON", "Quorra University": "ORG", "Zac Brill": "PERSON", "Tarn College": "ORG"},
     {("Tim Vell", "workedAt", "Quorra University"), ("Zac Brill", "workedAt", "Tarn College")}),
    ("I worked at Quorra University with Tim Vell.", {"Quorra University": "ORG", "Tim Vell": "PERSON"},
     {("@author", "workedAt", "Quorra University")}),
    # a plural title beside one name is the next list item; beside coordinated names it is theirs
    ("I thank my mentors, Mara Quint, the Kestrel Works engineers, and Tom Brill.",
     {"Mara Quint": "PERSON", "Kestrel Works": "ORG", "Tom Brill": "PERSON"}, set()),
    ("Mara Quint and Tom Brill, engineers at Kestrel Works, wrote it.",
     {"Mara Quint": "PERSON", "Kestrel Works": "ORG", "Tom Brill": "PERSON"},
     {("Mara Quint", "workedAt", "Kestrel Works"), ("Tom Brill", "workedAt", "Kestrel Works")}),
    # a maker title of something the name only modifies ("Tarnos macros"); "the Tarnos library" is Tarnos
    ("Mara Quint, the author of Tarnos macros, joined us.", {"Mara Quint": "PERSON", "Tarnos": "TECH"}, set()),
    ("Mara Quint is the maintainer of the Tarnos test suites.", {"Mara Quint": "PERSON", "Tarnos": "TECH"}, set()),
    ("Mara Quint is the original author of the Tarnos library.", {"Mara Quint": "PERSON", "Tarnos": "TECH"},
     {("Mara Quint", "developed", "Tarnos")}),
    ("Richard Lowe (RL) wrote it.", {"Richard Lowe": "PERSON", "RL": "ORG"}, set()),
    ("Quill IR (QIR) is fast.", {"Quill IR": "PERSON", "QIR": "ORG"}, set()),  # its capitals: a short form
    # the initials of the words before, small words kept or left out: "Friends in Tides and Quills (FiTQ)"
    ("We hear from the Friends in Tides and Quills (FiTQ) group.", {"Quills": "PERSON", "FiTQ": "ORG"}, set()),
    ("We hear from Ada Quills (Kestrel Labs) today.", {"Ada Quills": "PERSON", "Kestrel Labs": "ORG"},
     {("Ada Quills", "workedAt", "Kestrel Labs")}),
    ("The Open Tarn Index (OTI) went live.", {"Tarn Index": "PERSON", "OTI": "ORG"}, set()),  # words before the span
    ("Thanks to Mara Quint (Kestrel Works).", {"Mara Quint": "PERSON", "Kestrel Works": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Works")}),
    # coordinated participles share the agent; relative clause on a copula's attribute; leading and reporting
    ("Quillmaze is a puzzle game developed and published by Tallow Systems.",
     {"Quillmaze": "TECH", "Tallow Systems": "ORG"}, {("Tallow Systems", "developed", "Quillmaze")}),
    # lexicon engine on a real parse: passive with coordinated agents; funding told by the recipient
    ("The Quillpad project was founded by Mara Quint, Tom Brill and Ada Vey.",
     {"Quillpad": "TECH", "Mara Quint": "PERSON", "Tom Brill": "PERSON", "Ada Vey": "PERSON"},
     {("Mara Quint", "founded", "Quillpad"), ("Tom Brill", "founded", "Quillpad"), ("Ada Vey", "founded", "Quillpad")}),
    ("Quillpad has received a grant from the Norvane Foundation.",
     {"Quillpad": "TECH", "Norvane Foundation": "ORG"}, {("Quillpad", "fundedBy", "Norvane Foundation")}),
    ("Mara Quint is an engineer who works for Kestrel Works.", {"Mara Quint": "PERSON", "Kestrel Works": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Works")}),
    ("Mara Quint, who heads Kestrel Works, declined to comment.", {"Mara Quint": "PERSON", "Kestrel Works": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Works")}),
    ("Olaf Brandt writes for the Evening Lantern.", {"Olaf Brandt": "PERSON", "Evening Lantern": "ORG"},
     {("Olaf Brandt", "workedAt", "Evening Lantern")}),
    ("Olaf Brandt wrote about Kestrel Works.", {"Olaf Brandt": "PERSON", "Kestrel Works": "ORG"}, set()),
    # back-references (reference.py): "she", "the company", "it"
    ("Mara Quint is a Welsh chemist. She joined Kestrel Works in 1998.",
     {"Mara Quint": "PERSON", "Kestrel Works": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Works")}),
    ("Tallow Systems is a small toy company. The company was founded by Mara Quint.",
     {"Tallow Systems": "ORG", "Mara Quint": "PERSON"}, {("Mara Quint", "founded", "Tallow Systems")}),
    ("Quillpad is a note-taking app. It was developed by Tallow Systems.",
     {"Quillpad": "TECH", "Tallow Systems": "ORG"}, {("Tallow Systems", "developed", "Quillpad")}),
    ("Kestrel Works is a bakery. The company was founded by Mara Quint.",
     {"Kestrel Works": "ORG", "Mara Quint": "PERSON"}, set()),
    # a description reaches back a few sentences only (reference.DESCRIBED_REACH)
    ("Tallow Systems is a small toy company. " + "We met on a rainy day. " * 9 + "The company was founded by Mara Quint.",
     {"Tallow Systems": "ORG", "Mara Quint": "PERSON"}, set()),
    ("Mara Quint runs Quillpad, a new initiative at Kestrel Works.",
     {"Mara Quint": "PERSON", "Kestrel Works": "ORG"}, set()),
    # verbless headline of a spell at a workplace: the author's
    ("Five years at Brightwater Labs.", {"Brightwater Labs": "ORG"}, {("@author", "workedAt", "Brightwater Labs")}),
    ("Two-year mark at Brightwater Labs.", {"Brightwater Labs": "ORG"}, {("@author", "workedAt", "Brightwater Labs")}),
    ("Question mark at Brightwater Labs.", {"Brightwater Labs": "ORG"}, set()),
    # title targets inside a phrase that is not a name: possessor, nested name modifier, apposition
    ("Olaf Brandt, a soil chemist with the Kestrel Institute's field research unit, said so.",
     {"Olaf Brandt": "PERSON", "Kestrel Institute": "ORG"}, {("Olaf Brandt", "workedAt", "Kestrel Institute")}),
    ("Mara Quint, a Tallow Systems logistics manager, said yes.", {"Mara Quint": "PERSON", "Tallow Systems": "ORG"},
     {("Mara Quint", "workedAt", "Tallow Systems")}),
    ("Olaf Brandt, chairman of the biggest opposition party, the Kestrel Reform Party, spoke first.",
     {"Olaf Brandt": "PERSON", "Kestrel Reform Party": "ORG"}, {("Olaf Brandt", "workedAt", "Kestrel Reform Party")}),
    # object relative with a gap; subject of "prior to founding"; apposition to a copula's attribute; a beat "for" X
    ("Mara Quint joined Kestrel Works after it acquired the software firm she founded, Tallow Systems.",
     {"Mara Quint": "PERSON", "Kestrel Works": "ORG", "Tallow Systems": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Works"), ("Mara Quint", "founded", "Tallow Systems")}),
    ("Prior to founding Tallow Systems, Mara Quint was a partner at Kestrel Works.",
     {"Mara Quint": "PERSON", "Kestrel Works": "ORG", "Tallow Systems": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Works"), ("Mara Quint", "founded", "Tallow Systems")}),
    ("Mara Quint was an American chemist and administrator, the first president of Kestrel University.",
     {"Mara Quint": "PERSON", "Kestrel University": "ORG"}, {("Mara Quint", "workedAt", "Kestrel University")}),
    ("Olaf Brandt covers the harbour board for the Evening Lantern.",
     {"Olaf Brandt": "PERSON", "Evening Lantern": "ORG"}, {("Olaf Brandt", "workedAt", "Evening Lantern")}),
    # "the agency" for an organization named with that noun; serving on a body; a name's tag; "of X's school"
    ("The Kestrel Environmental Agency is testing a new filter, said Mara Quint, a spokeswoman for the agency.",
     {"Kestrel Environmental Agency": "ORG", "Mara Quint": "PERSON"},
     {("Mara Quint", "workedAt", "Kestrel Environmental Agency")}),
    ("Earlier, Olaf Brandt served on the core management team of Tallow Systems.",
     {"Olaf Brandt": "PERSON", "Tallow Systems": "ORG"}, {("Olaf Brandt", "workedAt", "Tallow Systems")}),
    ("Sen. Olaf Brandt, D-Ohio, chairman of the Kestrel Committee, disagreed.",
     {"Olaf Brandt": "PERSON", "Kestrel Committee": "ORG"}, {("Olaf Brandt", "workedAt", "Kestrel Committee")}),
    ("Mara Quint of Kestrel University's law school said no.",
     {"Mara Quint": "PERSON", "Kestrel University": "ORG"}, {("Mara Quint", "workedAt", "Kestrel University")}),
    # a surname alone after the full name (no entity on it) stands for that person
    ("Olaf Brandt is a chemist. Before that, Brandt served as a director of Tallow Systems.",
     {"Olaf Brandt": "PERSON", "Tallow Systems": "ORG"}, {("Olaf Brandt", "workedAt", "Tallow Systems")}),
    ("Olaf Brandt is a chemist. Brandt Logistics hired Mara Quint.",
     {"Olaf Brandt": "PERSON", "Mara Quint": "PERSON"}, set()),
    # hyphenated title before a name; names coordinated before "of X"; passive "named"; "who will become"
    ("The debt annoyed Kestrel Secretary-General Mara Quint.", {"Kestrel": "ORG", "Mara Quint": "PERSON"},
     {("Mara Quint", "workedAt", "Kestrel")}),
    ("It was done by Olaf Brandt and Mara Quint of the Kestrel Reform Party in the past.",
     {"Olaf Brandt": "PERSON", "Mara Quint": "PERSON", "Kestrel Reform Party": "ORG"},
     {("Olaf Brandt", "workedAt", "Kestrel Reform Party"), ("Mara Quint", "workedAt", "Kestrel Reform Party")}),
    ("Olaf Brandt of Tallow Systems and Mara Quint said no.",
     {"Olaf Brandt": "PERSON", "Mara Quint": "PERSON", "Tallow Systems": "ORG"},
     {("Olaf Brandt", "workedAt", "Tallow Systems")}),
    ("Olaf Brandt has been named publisher of the Evening Lantern, succeeding Mara Quint, who will become "
     "chairman of Tallow Systems.", {"Olaf Brandt": "PERSON", "Mara Quint": "PERSON", "Evening Lantern": "ORG",
                                     "Tallow Systems": "ORG"},
     {("Olaf Brandt", "workedAt", "Evening Lantern"), ("Mara Quint", "workedAt", "Tallow Systems")}),
    # a degree under a supervisor: the supervisor (not the student) worked there
    ("Olaf Brandt earned his doctorate from Kestrel University in 1962, under the supervision of Mara Quint.",
     {"Olaf Brandt": "PERSON", "Kestrel University": "ORG", "Mara Quint": "PERSON"},
     {("Mara Quint", "workedAt", "Kestrel University")}),
    ("Olaf Brandt earned his doctorate from Kestrel University in 1962.",
     {"Olaf Brandt": "PERSON", "Kestrel University": "ORG"}, set()),
    # a lone surname after an honorific takes the full name said before
    ("Olaf Brandt plays the cello. Later Mr. Brandt began teaching at Kestrel University.",
     {"Olaf Brandt": "PERSON", "Kestrel University": "ORG"},
     {("Olaf Brandt", "workedAt", "Kestrel University")}),
    # "appointed X as Y of Z": the object holds the title; an award named after itself has no payer
    ("In 1874, President Olaf Brandt appointed Mara Quint as a judge of the Kestrel District Court.",
     {"Olaf Brandt": "PERSON", "Mara Quint": "PERSON", "Kestrel District Court": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel District Court")}),
    ("Mara Quint won a Kestrel Music Award in 2000.", {"Mara Quint": "PERSON", "Kestrel Music Award": "ORG"}, set()),
    # an organization's product as its possession; not a tool it merely uses
    ("The idea found new legs with Tallow Systems' 1986 Quillmaze, which had many imitators.",
     {"Tallow Systems": "ORG", "Quillmaze": "TECH"}, {("Tallow Systems", "developed", "Quillmaze")}),
    ("Tallow Systems' Quillpad servers were down.", {"Tallow Systems": "ORG", "Quillpad": "TECH"}, set()),
    # a title's target with its coordinated names; its short form in brackets is the same organization
    ("Mara Quint, chair of the Kestrel Reform Movement (KRM), spoke first.",
     {"Mara Quint": "PERSON", "Kestrel Reform Movement": "ORG", "KRM": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Reform Movement")}),
    ("Olaf Brandt, the founder of Tallow Systems and Kestrel Works, retired.",
     {"Olaf Brandt": "PERSON", "Tallow Systems": "ORG", "Kestrel Works": "ORG"},
     {("Olaf Brandt", "founded", "Tallow Systems"), ("Olaf Brandt", "founded", "Kestrel Works")}),
    # "of the X company"; the name apposed to a title's object; passive "headed by"
    ("Spokesman Olaf Brandt of the smaller Tallow company told reporters the firm had success.",
     {"Olaf Brandt": "PERSON", "Tallow": "ORG"}, {("Olaf Brandt", "workedAt", "Tallow")}),
    ("It must be said that the chairman of the Kestrel Reform Front, Mara Quint, was arrested.",
     {"Mara Quint": "PERSON", "Kestrel Reform Front": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Reform Front")}),
    ("Ten years ago: Olaf Brandt, the biographer of poet Mara Quint, married artist Jane Doe in a ceremony at Kestrel Works.",
     {"Olaf Brandt": "PERSON", "Mara Quint": "PERSON", "Jane Doe": "PERSON", "Kestrel Works": "ORG"}, set()),
    ("There is a study by the Kestrel Foundation headed by Mara Quint saying that it works.",
     {"Mara Quint": "PERSON", "Kestrel Foundation": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Foundation")}),
    # a party's candidate (context score)
    ("Most of the support went to Kestrel Party candidate Mara Quint.",
     {"Kestrel Party": "ORG", "Mara Quint": "PERSON"}, {("Mara Quint", "workedAt", "Kestrel Party")}),
    # a technology described as a work "by" its maker
    ("Quillmaze is a puzzle game by Tallow Systems.", {"Quillmaze": "TECH", "Tallow Systems": "ORG"},
     {("Tallow Systems", "developed", "Quillmaze")}),
    ("Quillpad, a note-taking tool by Mara Quint, is free.", {"Quillpad": "TECH", "Mara Quint": "PERSON"},
     {("Mara Quint", "developed", "Quillpad")}),
    # "the department's Jane Doe": the department named before ("the Kestrel Department of Parks")
    ("The Kestrel Department of Parks has adopted new rules, said the department's Mara Quint.",
     {"Kestrel Department of Parks": "ORG", "Mara Quint": "PERSON"},
     {("Mara Quint", "workedAt", "Kestrel Department of Parks")}),
    # the title as the copula's subject, with "the school" for the school named before
    ("Kestrel School of Music opened in 1990. The dean of the school is Mara Quint.",
     {"Kestrel School of Music": "ORG", "Mara Quint": "PERSON"}, {("Mara Quint", "workedAt", "Kestrel School of Music")}),
    # "her appointment to X", with "her" for the subject named before
    ("Mara Quint served as counselor to the minister until her appointment to the Kestrel Circuit in 1983.",
     {"Mara Quint": "PERSON", "Kestrel Circuit": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Circuit")}),
    ("Olaf Brandt is a Welsh chemist. His appointment to Kestrel Works came in 1998.",
     {"Olaf Brandt": "PERSON", "Kestrel Works": "ORG"}, {("Olaf Brandt", "workedAt", "Kestrel Works")}),
    ("They said that I was a good candidate for Kestrel Works.", {"Kestrel Works": "ORG"}, set()),
    ("Olaf Brandt, an engineer in the data team at Tallow Systems, said so.",
     {"Olaf Brandt": "PERSON", "Tallow Systems": "ORG"}, {("Olaf Brandt", "workedAt", "Tallow Systems")}),
    # a third-person spell at an organization
    ("Mara Quint spent ten years at Tallow Systems before retiring.",
     {"Mara Quint": "PERSON", "Tallow Systems": "ORG"}, {("Mara Quint", "workedAt", "Tallow Systems")}),
    ("Mara Quint spent a fortune at Tallow Systems.", {"Mara Quint": "PERSON", "Tallow Systems": "ORG"}, set()),
    ("Quillpad is an app. Mara Quint likes tea. It was written by Tallow Systems.",
     {"Quillpad": "TECH", "Mara Quint": "PERSON", "Tallow Systems": "ORG"}, set()),
]


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    from blogweave.nlp.pipeline import model_name

    return spacy.load(model_name(), exclude=["ner"])


@pytest.mark.parametrize("text, ents, expected", CASES, ids=[c[0][:30] for c in CASES])
def test_with_real_parse(nlp, text, ents, expected):
    assert parsed_triples(nlp, text, ents) == expected


def test_lone_surname_entity_takes_full_name(nlp):
    """A one-word person entity that is the surname of a full name said before stands for that person."""
    from blogweave.relations import extract_facts

    text = "Olaf Brandt plays the cello. Later Brandt began teaching at Kestrel University."
    doc = nlp(text)
    spans = [doc.char_span(0, 11, label="PERSON"), doc.char_span(text.rindex("Brandt"), text.rindex("Brandt") + 6, label="PERSON"),
             doc.char_span(text.index("Kestrel"), len(text) - 1, label="ORG")]
    doc.ents = spans
    found = extract_facts(doc, Post("a.md", "A", text, date="2022-06-15"))
    assert {(f.subject.name, f.predicate, f.object.name) for f in found} == {("Olaf Brandt", "workedAt", "Kestrel University")}


def test_a_bracketed_handle_linked_to_a_profile_page_is_no_workplace(nlp):
    """"Jo Vell ([Kestrel](https://github.com/Kestrel))": the link text is the person's handle (a "profile"
    region of the post), however it is typed; the same bracket with no such link is an affiliation."""
    text = "Quillpad is an idea from Jo Vell (Kestrel Labs)."
    ents = {"Jo Vell": "PERSON", "Kestrel Labs": "ORG"}
    start = text.index("Kestrel Labs")
    linked = Post("a.md", "A", text, date="2022-06-15", regions=(("profile", start, start + len("Kestrel Labs")),))
    assert parsed_triples(nlp, text, ents, linked) == set()
    assert parsed_triples(nlp, text, ents) == {("Jo Vell", "workedAt", "Kestrel Labs")}
