"""fundedBy rules on hand-built parses of invented sentences (no model needed)."""

import pytest

from relations_helpers import facts, hand_doc, triples

# One hand-built parse per construction: (parse, entities, expected (subject, predicate, object)).
CASES = [
    # Tallow Systems awarded a grant to Quillpad.
    (
        """
    Tallow    Tallow    PROPN NNP  compound  1
    Systems   Systems   PROPN NNPS nsubj     2
    awarded   award     VERB  VBD  ROOT      2
    a         a         DET   DT   det       4
    grant     grant     NOUN  NN   dobj      2
    to        to        ADP   IN   dative    2
    Quillpad  Quillpad  PROPN NNP  pobj      5
    .         .         PUNCT .    punct     2
        """,
        {'Tallow Systems': 'ORG', 'Quillpad': 'TECH'},
        {('Quillpad', 'fundedBy', 'Tallow Systems')},
    ),
    # Quillpad is supported by the Norvane Fund.
    (
        """
    Quillpad   Quillpad  PROPN NNP  nsubjpass 2
    is         be        AUX   VBZ  auxpass   2
    supported  support   VERB  VBN  ROOT      2
    by         by        ADP   IN   agent     2
    the        the       DET   DT   det       6
    Norvane    Norvane   PROPN NNP  compound  6
    Fund       Fund      PROPN NNP  pobj      3
    .          .         PUNCT .    punct     2
        """,
        {'Quillpad': 'TECH', 'Norvane Fund': 'ORG'},
        {('Quillpad', 'fundedBy', 'Norvane Fund')},
    ),
    # Why does Tallow Systems want to invest in Quillpad?
    (
        """
    Why       why       SCONJ WRB  advmod    4
    does      do        AUX   VBZ  aux       4
    Tallow    Tallow    PROPN NNP  compound  3
    Systems   Systems   PROPN NNPS nsubj     4
    want      want      VERB  VBP  ROOT      4
    to        to        PART  TO   aux       6
    invest    invest    VERB  VB   xcomp     4
    in        in        ADP   IN   prep      6
    Quillpad  Quillpad  PROPN NNP  pobj      7
    ?         ?         PUNCT .    punct     4
        """,
        {'Tallow Systems': 'ORG', 'Quillpad': 'TECH'},
        {('Quillpad', 'fundedBy', 'Tallow Systems')},
    ),
    # Did Tallow Systems invest in Quillpad?
    (
        """
    Did       do        AUX   VBD  aux       3
    Tallow    Tallow    PROPN NNP  compound  2
    Systems   Systems   PROPN NNPS nsubj     3
    invest    invest    VERB  VB   ROOT      3
    in        in        ADP   IN   prep      3
    Quillpad  Quillpad  PROPN NNP  pobj      4
    ?         ?         PUNCT .    punct     3
        """,
        {'Tallow Systems': 'ORG', 'Quillpad': 'TECH'},
        set(),
    ),
    # Tallow Systems would invest in Quillpad.
    (
        """
    Tallow    Tallow    PROPN NNP  compound  1
    Systems   Systems   PROPN NNPS nsubj     3
    would     would     AUX   MD   aux       3
    invest    invest    VERB  VB   ROOT      3
    in        in        ADP   IN   prep      3
    Quillpad  Quillpad  PROPN NNP  pobj      4
    .         .         PUNCT .    punct     3
        """,
        {'Tallow Systems': 'ORG', 'Quillpad': 'TECH'},
        set(),
    ),
    # Quillpad received a $2 million grant from the Norvane Fund.
    (
        """
    Quillpad  Quillpad  PROPN NNP  nsubj     1
    received  receive   VERB  VBD  ROOT      1
    a         a         DET   DT   det       6
    $         $         SYM   $    quantmod  5
    2         2         NUM   CD   compound  5
    million   million   NUM   CD   nummod    6
    grant     grant     NOUN  NN   dobj      1
    from      from      ADP   IN   prep      1
    the       the       DET   DT   det       10
    Norvane   Norvane   PROPN NNP  compound  10
    Fund      Fund      PROPN NNP  pobj      7
    .         .         PUNCT .    punct     1
        """,
        {'Quillpad': 'TECH', 'Norvane Fund': 'ORG'},
        {('Quillpad', 'fundedBy', 'Norvane Fund')},
    ),
    # The Norvane Fund gave grants that funded Quillpad, Inkwell and Tessel.
    (
        """
    The       the       DET   DT   det       2
    Norvane   Norvane   PROPN NNP  compound  2
    Fund      Fund      PROPN NNP  nsubj     3
    gave      give      VERB  VBD  ROOT      3
    grants    grant     NOUN  NNS  dobj      3
    that      that      PRON  WDT  nsubj     6
    funded    fund      VERB  VBD  relcl     4
    Quillpad  Quillpad  PROPN NNP  dobj      6
    ,         ,         PUNCT ,    punct     7
    Inkwell   Inkwell   PROPN NNP  conj      7
    and       and       CCONJ CC   cc        9
    Tessel    Tessel    PROPN NNP  conj      9
    .         .         PUNCT .    punct     3
        """,
        {'Quillpad': 'TECH', 'Inkwell': 'TECH', 'Tessel': 'TECH', 'Norvane Fund': 'ORG'},
        {('Quillpad', 'fundedBy', 'Norvane Fund'), ('Inkwell', 'fundedBy', 'Norvane Fund'), ('Tessel', 'fundedBy', 'Norvane Fund')},
    ),
    # My time was supported by Tallow Systems's Open Tools Program. (the program's owner pays the speaker)
    (
        """
    My         my         PRON  PRP$ poss      1
    time       time       NOUN  NN   nsubjpass 3
    was        be         AUX   VBD  auxpass   3
    supported  support    VERB  VBN  ROOT      3
    by         by         ADP   IN   agent     3
    Tallow     Tallow     PROPN NNP  compound  6
    Systems    Systems    PROPN NNPS poss      10
    's         's         PART  POS  case      6
    Open       Open       PROPN NNP  compound  10
    Tools      Tools      PROPN NNP  compound  10
    Program    Program    PROPN NNP  pobj      4
    .          .          PUNCT .    punct     3
        """,
        {'Tallow Systems': 'ORG', 'Open Tools Program': 'ORG'},
        {('@author', 'fundedBy', 'Tallow Systems')},
    ),
    # My time was supported by the Open Tools Program. (a program alone is not a funder)
    (
        """
    My         my         PRON  PRP$ poss      1
    time       time       NOUN  NN   nsubjpass 3
    was        be         AUX   VBD  auxpass   3
    supported  support    VERB  VBN  ROOT      3
    by         by         ADP   IN   agent     3
    the        the        DET   DT   det       8
    Open       Open       PROPN NNP  compound  8
    Tools      Tools      PROPN NNP  compound  8
    Program    Program    PROPN NNP  pobj      4
    .          .          PUNCT .    punct     3
        """,
        {'Open Tools Program': 'ORG'},
        set(),
    ),
]


@pytest.mark.parametrize("spec, ents, expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_rule_table(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected


def _doc(word):
    spec, ents, _ = next(c for c in CASES if word in c[0])
    return hand_doc(spec, ents)


def test_grant_amount_is_kept():
    (fact,) = facts(_doc("received"))
    assert fact.amount is not None and "2 million" in fact.amount


def test_wh_question_keeps_presupposed_intent_at_lower_confidence():
    (question,) = facts(_doc("Why"))
    (statement,) = facts(_doc("awarded"))
    assert question.confidence < statement.confidence
    assert question.rule == "funding.invest.prep-in+subject.v1"


def test_list_of_funded_things_gives_one_fact_each():
    assert {f.subject.name for f in facts(_doc("gave"))} == {"Quillpad", "Inkwell", "Tessel"}
