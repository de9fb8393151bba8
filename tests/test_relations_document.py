"""The document context wired into the relation rules: who "I" and "we" are, the section's topic.

Hand-built parses of invented sentences; the Post carries the regions, title and site owner
that ``nlp/document.py`` reads.
"""

from blogweave.models import Post
from blogweave.relations import extract_facts
from relations_helpers import hand_doc

# I joined Tallow Systems in spring.
JOINED = """
I        I        PRON  PRP  nsubj  1
joined   join     VERB  VBD  ROOT   1
Tallow   Tallow   PROPN NNP  compound 3
Systems  Systems  PROPN NNP  dobj   1
in       in       ADP   IN   prep   1
spring   spring   NOUN  NN   pobj   4
.        .        PUNCT .    punct  1
"""

# We hired Mara Quint last year.
WE_HIRED = """
We     we     PRON  PRP  nsubj    1
hired  hire   VERB  VBD  ROOT     1
Mara   Mara   PROPN NNP  compound 3
Quint  Quint  PROPN NNP  dobj     1
last   last   ADJ   JJ   amod     5
year   year   NOUN  NN   npadvmod 1
.      .      PUNCT .    punct    1
"""

# Zorkle                                    (the title, naming the post's topic)
# The project was funded by the Norvane Fund.
TOPIC = """
Zorkle   Zorkle   PROPN NNP  ROOT     0
The      the      DET   DT   det      2
project  project  NOUN  NN   nsubjpass 4
was      be       AUX   VBD  auxpass  4
funded   fund     VERB  VBN  ROOT     4
by       by       ADP   IN   agent    4
the      the      DET   DT   det      8
Norvane  Norvane  PROPN NNP  compound 8
Fund     Fund     PROPN NNP  pobj     5
.        .        PUNCT .    punct    4
"""


def _triples(doc, **post):
    post = Post(rel_path="notes/doc.md", title=post.pop("title", "A test post"), text=doc.text, date="2022-06-15",
                **post)
    return {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, post)}


def test_first_person_is_the_author_outside_quotes():
    doc = hand_doc(JOINED, {"Tallow Systems": "ORG"})
    assert _triples(doc) == {("@author", "workedAt", "Tallow Systems")}


def test_first_person_in_a_block_quote_is_nobody():
    doc = hand_doc(JOINED, {"Tallow Systems": "ORG"})
    assert _triples(doc, regions=(("quote", 0, len(doc.text)),)) == set()


def test_we_is_the_site_owner_when_the_post_speaks_for_one():
    doc = hand_doc(WE_HIRED, {"Mara Quint": "PERSON"})
    assert _triples(doc, site_owner="Quellbrook Labs") == {("Mara Quint", "workedAt", "Quellbrook Labs")}


def test_we_names_no_organization_in_a_personal_post():
    doc = hand_doc(WE_HIRED, {"Mara Quint": "PERSON"})
    assert _triples(doc) == set()


def test_the_project_is_the_topic_the_title_names():
    doc = hand_doc(TOPIC, {"Zorkle": "TECH", "Norvane Fund": "ORG"})
    assert _triples(doc, title="Zorkle") == {("Zorkle", "fundedBy", "Norvane Fund")}


def test_the_project_names_nothing_without_a_topic():
    doc = hand_doc(TOPIC, {"Zorkle": "TECH", "Norvane Fund": "ORG"})
    assert _triples(doc, title="Something else") == set()
