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
]


@pytest.mark.parametrize("spec, ents, expected", CASES)
def test_gap_cases(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected
