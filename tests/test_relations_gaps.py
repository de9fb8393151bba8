"""Constructions real posts use that the first lexicon missed, on parses of invented sentences.

Each parse is the shape spaCy's English model gives the sentence in the comment (written out by hand,
so the test runs without the model).
"""

import pytest

from relations_helpers import hand_doc, triples

CASES = [
    # After three years at Quellbrook Labs, I moved to Berlin.
    ("""
    After          after          ADP   IN    prep      8
    three          three          NUM   CD    nummod    2
    years          year           NOUN  NNS   pobj      0
    at             at             ADP   IN    prep      2
    Quellbrook     Quellbrook     PROPN NNP   compound  5
    Labs           Labs           PROPN NNP   pobj      3
    ,              ,              PUNCT ,     punct     8
    I              I              PRON  PRP   nsubj     8
    moved          move           VERB  VBD   ROOT      8
    to             to             ADP   IN    prep      8
    Berlin         Berlin         PROPN NNP   pobj      9
    .              .              PUNCT .     punct     8
    """, {'Quellbrook Labs': 'ORG'},
     {("@author", "workedAt", "Quellbrook Labs")}),
    # My Quellbrook Labs internship taught me a lot.
    ("""
    My             my             PRON  PRP$  poss      3
    Quellbrook     Quellbrook     PROPN NNP   compound  2
    Labs           Labs           PROPN NNPS  compound  3
    internship     internship     NOUN  NN    nsubj     4
    taught         teach          VERB  VBD   ROOT      4
    me             I              PRON  PRP   dative    4
    a              a              DET   DT    det       7
    lot            lot            NOUN  NN    npadvmod  4
    .              .              PUNCT .     punct     4
    """, {'Quellbrook Labs': 'ORG'},
     {("@author", "workedAt", "Quellbrook Labs")}),
    # Mina Park from Quellbrook Labs gave the keynote.
    ("""
    Mina           Mina           PROPN NNP   compound  1
    Park           Park           PROPN NNP   nsubj     5
    from           from           ADP   IN    prep      1
    Quellbrook     Quellbrook     PROPN NNP   compound  4
    Labs           Labs           PROPN NNPS  pobj      2
    gave           give           VERB  VBD   ROOT      5
    the            the            DET   DT    det       7
    keynote        keynote        NOUN  NN    dobj      5
    .              .              PUNCT .     punct     5
    """, {'Mina Park': 'PERSON', 'Quellbrook Labs': 'ORG'},
     {("Mina Park", "workedAt", "Quellbrook Labs")}),
    # Thanks to the Norvane Foundation funding, Zorkle hired two engineers.
    ("""
    Thanks         thank          NOUN  NNS   npadvmod  8
    to             to             ADP   IN    prep      0
    the            the            DET   DT    det       5
    Norvane        Norvane        PROPN NNP   compound  4
    Foundation     Foundation     PROPN NNP   compound  5
    funding        funding        NOUN  NN    pobj      1
    ,              ,              PUNCT ,     punct     8
    Zorkle         Zorkle         PROPN NNP   nsubj     8
    hired          hire           VERB  VBD   ROOT      8
    two            two            NUM   CD    nummod    10
    engineers      engineer       NOUN  NNS   dobj      8
    .              .              PUNCT .     punct     8
    """, {'Norvane Foundation': 'ORG', 'Zorkle': 'ORG'},
     {("Zorkle", "fundedBy", "Norvane Foundation")}),
    # I am writing C++ every day.
    ("""
    I              I              PRON  PRP   nsubj     2
    am             be             AUX   VBP   aux       2
    writing        write          VERB  VBG   ROOT      2
    C++            C++            PROPN NNP   dobj      2
    every          every          DET   DT    det       5
    day            day            NOUN  NN    npadvmod  2
    .              .              PUNCT .     punct     2
    """, {'C++': 'TECH'},
     set()),
    # Dana Cole, after spending several years as a research engineer at Quellbrook Labs, joined Tallow Systems.
    ("""
    Dana           Dana           PROPN NNP   compound  1
    Cole           Cole           PROPN NNP   nsubj     15
    ,              ,              PUNCT ,     punct     15
    after          after          ADP   IN    prep      15
    spending       spend          VERB  VBG   pcomp     3
    several        several        ADJ   JJ    amod      6
    years          year           NOUN  NNS   dobj      4
    as             as             ADP   IN    prep      4
    a              a              DET   DT    det       10
    research       research       NOUN  NN    compound  10
    engineer       engineer       NOUN  NN    pobj      7
    at             at             ADP   IN    prep      10
    Quellbrook     Quellbrook     PROPN NNP   compound  13
    Labs           Labs           PROPN NNP   pobj      11
    ,              ,              PUNCT ,     punct     15
    joined         join           VERB  VBD   ROOT      15
    Tallow         Tallow         PROPN NNP   compound  17
    Systems        Systems        PROPN NNPS  dobj      15
    .              .              PUNCT .     punct     15
    """, {'Dana Cole': 'PERSON', 'Quellbrook Labs': 'ORG', 'Tallow Systems': 'ORG'},
     {("Dana Cole", "workedAt", "Tallow Systems"), ("Dana Cole", "workedAt", "Quellbrook Labs")}),
    # The Norvane Foundation has been supporting work on Zorkle.
    ("""
    The            the            DET   DT    det       2
    Norvane        Norvane        PROPN NNP   compound  2
    Foundation     Foundation     PROPN NNP   nsubj     5
    has            have           AUX   VBZ   aux       5
    been           be             AUX   VBN   aux       5
    supporting     support        VERB  VBG   ROOT      5
    work           work           NOUN  NN    dobj      5
    on             on             ADP   IN    prep      6
    Zorkle         Zorkle         PROPN NNP   pobj      7
    .              .              PUNCT .     punct     5
    """, {'Norvane Foundation': 'ORG', 'Zorkle': 'ORG'},
     {("Zorkle", "fundedBy", "Norvane Foundation")}),
    # Zorkle was made possible by the Norvane Foundation.
    ("""
    Zorkle         Zorkle         PROPN NNP   nsubjpass 2
    was            be             AUX   VBD   auxpass   2
    made           make           VERB  VBN   ROOT      2
    possible       possible       ADJ   JJ    oprd      2
    by             by             ADP   IN    agent     2
    the            the            DET   DT    det       7
    Norvane        Norvane        PROPN NNP   compound  7
    Foundation     Foundation     PROPN NNP   pobj      4
    .              .              PUNCT .     punct     2
    """, {'Zorkle': 'ORG', 'Norvane Foundation': 'ORG'},
     {("Zorkle", "fundedBy", "Norvane Foundation")}),
    # Dana Cole is one of the core developers of Zorkle.
    ("""
    Dana           Dana           PROPN NNP   compound  1
    Cole           Cole           PROPN NNP   nsubj     2
    is             be             AUX   VBZ   ROOT      2
    one            one            NUM   CD    attr      2
    of             of             ADP   IN    prep      3
    the            the            DET   DT    det       7
    core           core           ADJ   JJ    compound  7
    developers     developer      NOUN  NNS   pobj      4
    of             of             ADP   IN    prep      7
    Zorkle         Zorkle         PROPN NNP   pobj      8
    .              .              PUNCT .     punct     2
    """, {'Dana Cole': 'PERSON', 'Zorkle': 'TECH'},
     {("Dana Cole", "developed", "Zorkle")}),
    # I use Zorkle, a library I maintain.
    ("""
    I              I              PRON  PRP   nsubj     1
    use            use            VERB  VBP   ROOT      1
    Zorkle         Zorkle         PROPN NNP   dobj      1
    ,              ,              PUNCT ,     punct     2
    a              a              DET   DT    det       5
    library        library        NOUN  NN    appos     2
    I              I              PRON  PRP   nsubj     7
    maintain       maintain       VERB  VBP   relcl     5
    .              .              PUNCT .     punct     1
    """, {'Zorkle': 'TECH'},
     {("@author", "developed", "Zorkle")}),
    # Jo Barr is a cofounder of Quellbrook Labs and the author of Zorkle.
    ("""
    Jo             Jo             PROPN NNP   compound  1
    Barr           Barr           PROPN NNP   nsubj     2
    is             be             AUX   VBZ   ROOT      2
    a              a              DET   DT    det       4
    cofounder      cofounder      NOUN  NN    attr      2
    of             of             ADP   IN    prep      4
    Quellbrook     Quellbrook     PROPN NNP   compound  7
    Labs           Labs           PROPN NNPS  pobj      5
    and            and            CCONJ CC    cc        7
    the            the            DET   DT    det       10
    author         author         NOUN  NN    conj      7
    of             of             ADP   IN    prep      10
    Zorkle         Zorkle         PROPN NNP   pobj      11
    .              .              PUNCT .     punct     2
    """, {'Jo Barr': 'PERSON', 'Quellbrook Labs': 'ORG', 'Zorkle': 'TECH'},
     {("Jo Barr", "founded", "Quellbrook Labs"), ("Jo Barr", "developed", "Zorkle")}),
    # Mara Quint, chair of the Kestrel Reform Movement (KRM), spoke first.
    ("""
    Mara           Mara           PROPN NNP   compound  1
    Quint          Quint          PROPN NNP   nsubj     13
    ,              ,              PUNCT ,     punct     1
    chair          chair          NOUN  NN    appos     1
    of             of             ADP   IN    prep      3
    the            the            DET   DT    det       8
    Kestrel        Kestrel        PROPN NNP   compound  8
    Reform         Reform         PROPN NNP   compound  8
    Movement       Movement       PROPN NNP   pobj      4
    (              (              PUNCT -LRB- punct     10
    KRM            KRM            PROPN NNP   appos     8
    )              )              PUNCT -RRB- punct     8
    ,              ,              PUNCT ,     punct     1
    spoke          speak          VERB  VBD   ROOT      13
    first          first          ADV   RB    advmod    13
    .              .              PUNCT .     punct     13
    """, {'Mara Quint': 'PERSON', 'Kestrel Reform Movement': 'ORG', 'KRM': 'ORG'},
     {("Mara Quint", "workedAt", "Kestrel Reform Movement")}),
]


@pytest.mark.parametrize("spec, ents, expected", CASES)
def test_gap_cases(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected


# Section "Zorkle" (the title), then: This work was made possible by the Norvane Foundation.
MADE_POSSIBLE = """
Zorkle     Zorkle     PROPN NNP  ROOT      0
This       this       DET   DT   det       2
work       work       NOUN  NN   nsubjpass 4
was        be         AUX   VBD  auxpass   4
made       make       VERB  VBN  ROOT      4
possible   possible   ADJ   JJ   oprd      4
by         by         ADP   IN   agent     4
the        the        DET   DT   det       9
Norvane    Norvane    PROPN NNP  compound  9
Foundation Foundation PROPN NNP  pobj      6
.          .          PUNCT .    punct     4
"""


def _titled(doc, title):
    from blogweave.models import Post
    from blogweave.relations import extract_facts

    post = Post(rel_path="notes/gap.md", title=title, text=doc.text, date="2022-06-15")
    return {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, post)}


def test_this_work_made_possible_by_is_the_topics_funding():
    doc = hand_doc(MADE_POSSIBLE, {"Zorkle": "TECH", "Norvane Foundation": "ORG"})
    assert _titled(doc, "Zorkle") == {("Zorkle", "fundedBy", "Norvane Foundation")}
    assert _titled(doc, "Another title") == set()  # no topic: "this work" names nothing


def test_programming_languages_come_from_the_technology_list():
    from blogweave.nlp.lexicon import programming_languages

    langs = programming_languages()
    assert {"python", "c++", "rust"} <= langs and "pandas" not in langs
