"""workedAt rules on hand-built parses of invented sentences (no model needed)."""

import pytest

from relations_helpers import facts, hand_doc, triples

# One hand-built parse per construction: (parse, entities, expected (subject, predicate, object)).
CASES = [
    # I joined Brightwater Labs in 2019.
    (
        """
    I            I            PRON  PRP  nsubj     1
    joined       join         VERB  VBD  ROOT      1
    Brightwater  Brightwater  PROPN NNP  compound  3
    Labs         Labs         PROPN NNP  dobj      1
    in           in           ADP   IN   prep      1
    2019         2019         NUM   CD   pobj      4
    .            .            PUNCT .    punct     1
        """,
        {'Brightwater Labs': 'ORG'},
        {('@author', 'workedAt', 'Brightwater Labs')},
    ),
    # Mara Quint left Brightwater Labs in March 2021.
    (
        """
    Mara         Mara         PROPN NNP  compound  1
    Quint        Quint        PROPN NNP  nsubj     2
    left         leave        VERB  VBD  ROOT      2
    Brightwater  Brightwater  PROPN NNP  compound  4
    Labs         Labs         PROPN NNPS dobj      2
    in           in           ADP   IN   prep      2
    March        March        PROPN NNP  pobj      5
    2021         2021         NUM   CD   nummod    6
    .            .            PUNCT .    punct     2
        """,
        {'Brightwater Labs': 'ORG', 'Mara Quint': 'PERSON'},
        {('Mara Quint', 'workedAt', 'Brightwater Labs')},
    ),
    # I did not join Brightwater Labs.
    (
        """
    I            I            PRON  PRP  nsubj     3
    did          do           AUX   VBD  aux       3
    not          not          PART  RB   neg       3
    join         join         VERB  VB   ROOT      3
    Brightwater  Brightwater  PROPN NNP  compound  5
    Labs         Labs         PROPN NNP  dobj      3
    .            .            PUNCT .    punct     3
        """,
        {'Brightwater Labs': 'ORG'},
        set(),
    ),
    # Last Friday was my last day at Kestrel Works.
    (
        """
    Last     last     ADJ   JJ   amod      1
    Friday   Friday   PROPN NNP  npadvmod  2
    was      be       AUX   VBD  ROOT      2
    my       my       PRON  PRP$ poss      5
    last     last     ADJ   JJ   amod      5
    day      day      NOUN  NN   attr      2
    at       at       ADP   IN   prep      2
    Kestrel  Kestrel  PROPN NNP  compound  8
    Works    Works    PROPN NNP  pobj      6
    .        .        PUNCT .    punct     2
        """,
        {'Kestrel Works': 'ORG'},
        {('@author', 'workedAt', 'Kestrel Works')},
    ),
    # Kestrel Works offered me a data role.
    (
        """
    Kestrel  Kestrel  PROPN NNP  compound  1
    Works    Works    PROPN NNP  nsubj     2
    offered  offer    VERB  VBD  ROOT      2
    me       I        PRON  PRP  dative    2
    a        a        DET   DT   det       6
    data     data     NOUN  NN   compound  6
    role     role     NOUN  NN   dobj      2
    .        .        PUNCT .    punct     2
        """,
        {'Kestrel Works': 'ORG'},
        {('@author', 'workedAt', 'Kestrel Works')},
    ),
    # Mara Quint, CTO of Kestrel Works, spoke first.
    (
        """
    Mara     Mara     PROPN NNP  compound  1
    Quint    Quint    PROPN NNP  nsubj     8
    ,        ,        PUNCT ,    punct     1
    CTO      CTO      PROPN NNP  appos     1
    of       of       ADP   IN   prep      3
    Kestrel  Kestrel  PROPN NNP  compound  6
    Works    Works    PROPN NNP  pobj      4
    ,        ,        PUNCT ,    punct     1
    spoke    speak    VERB  VBD  ROOT      8
    first    first    ADV   RB   advmod    8
    .        .        PUNCT .    punct     8
        """,
        {'Mara Quint': 'PERSON', 'Kestrel Works': 'ORG'},
        {('Mara Quint', 'workedAt', 'Kestrel Works')},
    ),
    # Kestrel Works spokesman Olaf Brandt declined to comment.
    (
        """
    Kestrel    Kestrel    PROPN NNP  compound  1
    Works      Works      PROPN NNP  compound  2
    spokesman  spokesman  NOUN  NN   compound  4
    Olaf       Olaf       PROPN NNP  compound  4
    Brandt     Brandt     PROPN NNP  nsubj     5
    declined   decline    VERB  VBD  ROOT      5
    to         to         PART  TO   aux       7
    comment    comment    VERB  VB   xcomp     5
    .          .          PUNCT .    punct     5
        """,
        {'Kestrel Works': 'ORG', 'Olaf Brandt': 'PERSON'},
        {('Olaf Brandt', 'workedAt', 'Kestrel Works')},
    ),
    # I was hired by Kestrel Works.
    (
        """
    I        I        PRON  PRP  nsubjpass 2
    was      be       AUX   VBD  auxpass   2
    hired    hire     VERB  VBN  ROOT      2
    by       by       ADP   IN   agent     2
    Kestrel  Kestrel  PROPN NNP  compound  5
    Works    Works    PROPN NNP  pobj      3
    .        .        PUNCT .    punct     2
        """,
        {'Kestrel Works': 'ORG'},
        {('@author', 'workedAt', 'Kestrel Works')},
    ),
    # I would join Kestrel Works if they asked.
    (
        """
    I        I        PRON  PRP  nsubj     2
    would    would    AUX   MD   aux       2
    join     join     VERB  VB   ROOT      2
    Kestrel  Kestrel  PROPN NNP  compound  4
    Works    Works    PROPN NNP  dobj      2
    if       if       SCONJ IN   mark      7
    they     they     PRON  PRP  nsubj     7
    asked    ask      VERB  VBD  advcl     2
    .        .        PUNCT .    punct     2
        """,
        {'Kestrel Works': 'ORG'},
        set(),
    ),
    # My old employer, Kestrel Works, sent flowers.
    (
        """
    My        my        PRON  PRP$ poss      2
    old       old       ADJ   JJ   amod      2
    employer  employer  NOUN  NN   nsubj     7
    ,         ,         PUNCT ,    punct     2
    Kestrel   Kestrel   PROPN NNP  compound  5
    Works     Works     PROPN NNP  appos     2
    ,         ,         PUNCT ,    punct     2
    sent      send      VERB  VBD  ROOT      7
    flowers   flower    NOUN  NNS  dobj      7
    .         .         PUNCT .    punct     7
        """,
        {'Kestrel Works': 'ORG'},
        {('@author', 'workedAt', 'Kestrel Works')},
    ),
    # Olaf Brandt of Kestrel Works disagreed.
    (
        """
    Olaf       olaf      ADJ   JJ   compound  1
    Brandt     Brandt    PROPN NNP  nsubj     5
    of         of        ADP   IN   prep      1
    Kestrel    Kestrel   PROPN NNP  compound  4
    Works      Works     PROPN NNP  pobj      2
    disagreed  disagree  VERB  VBD  ROOT      5
    .          .         PUNCT .    punct     5
        """,
        {'Kestrel Works': 'ORG', 'Olaf Brandt': 'PERSON'},
        {('Olaf Brandt', 'workedAt', 'Kestrel Works')},
    ),
    # Mara Quint visited Kestrel Works in Boston.
    (
        """
    Mara     Mara     PROPN NNP  compound  1
    Quint    Quint    PROPN NNP  nsubj     2
    visited  visit    VERB  VBD  ROOT      2
    Kestrel  Kestrel  PROPN NNP  compound  4
    Works    Works    PROPN NNP  dobj      2
    in       in       ADP   IN   prep      2
    Boston   Boston   PROPN NNP  pobj      5
    .        .        PUNCT .    punct     2
        """,
        {'Mara Quint': 'PERSON', 'Kestrel Works': 'ORG', 'Boston': 'GPE'},
        set(),
    ),
    # I start employment at Kestrel Works next month.
    (
        """
    I           I           PRON  PRP  nsubj     1
    start       start       VERB  VBP  ROOT      1
    employment  employment  NOUN  NN   dobj      1
    at          at          ADP   IN   prep      1
    Kestrel     Kestrel     PROPN NNP  compound  5
    Works       Works       PROPN NNP  pobj      3
    next        next        ADJ   JJ   amod      7
    month       month       NOUN  NN   npadvmod  1
    .           .           PUNCT .    punct     1
        """,
        {'Kestrel Works': 'ORG'},
        {('@author', 'workedAt', 'Kestrel Works')},
    ),
    # Olaf Brandt worked at Kestrel Works from 2015 to 2019.
    (
        """
    Olaf     olaf     ADJ   JJ   compound  1
    Brandt   Brandt   PROPN NNP  nsubj     2
    worked   work     VERB  VBD  ROOT      2
    at       at       ADP   IN   prep      2
    Kestrel  Kestrel  PROPN NNP  compound  5
    Works    Works    PROPN NNP  pobj      3
    from     from     ADP   IN   prep      2
    2015     2015     NUM   CD   pobj      6
    to       to       ADP   IN   prep      6
    2019     2019     NUM   CD   pobj      8
    .        .        PUNCT .    punct     2
        """,
        {'Kestrel Works': 'ORG', 'Olaf Brandt': 'PERSON'},
        {('Olaf Brandt', 'workedAt', 'Kestrel Works')},
    ),
]


@pytest.mark.parametrize("spec, ents, expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_rule_table(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected



def _only(doc, date="2022-06-15"):
    found = facts(doc, date)
    assert len(found) == 1, found
    return found[0]


def test_join_gives_start_date_and_provenance():
    fact = _only(hand_doc(CASES[0][0], CASES[0][1]))
    assert fact.rule == "employment.join.subject+object.v1"
    assert fact.start_date == "2019" and fact.end_date is None
    assert fact.evidence == "I joined Brightwater Labs in 2019."
    assert (fact.start, fact.end, fact.line, fact.post) == (0, len(fact.evidence), 1, "notes/test.md")
    assert fact.object.type == "Organization" and fact.subject.type == "Person"


def test_leave_gives_end_date():
    fact = _only(hand_doc(CASES[1][0], CASES[1][1]))
    assert (fact.start_date, fact.end_date) == (None, "2021-03")


def test_last_day_resolves_relative_date_against_post_date():
    doc = hand_doc(CASES[3][0], CASES[3][1])
    assert _only(doc, "2022-06-15").end_date == "2022-06-10"  # the Friday before Wednesday 15 June
    assert _only(doc, None).end_date is None  # no post date: nothing to resolve against


def test_future_start_next_month():
    fact = _only(hand_doc(CASES[12][0], CASES[12][1]))
    assert fact.start_date == "2022-07"


def test_range_gives_both_dates():
    fact = _only(hand_doc(CASES[13][0], CASES[13][1]))
    assert (fact.start_date, fact.end_date) == ("2015", "2019")


def test_roles_from_titles_and_offers():
    assert _only(hand_doc(CASES[5][0], CASES[5][1])).role == "CTO"
    assert _only(hand_doc(CASES[6][0], CASES[6][1])).role == "spokesman"
    assert _only(hand_doc(CASES[4][0], CASES[4][1])).role == "data role"


def test_confidence_scale_orders_evidence():
    first_person = _only(hand_doc(CASES[0][0], CASES[0][1])).confidence
    third_person = _only(hand_doc(CASES[1][0], CASES[1][1])).confidence
    title = _only(hand_doc(CASES[5][0], CASES[5][1])).confidence
    context = _only(hand_doc(CASES[10][0], CASES[10][1])).confidence
    # across families the calibrated scale follows measured precision (relations/calibration.toml); within
    # one family, a first-person statement still outranks a third-person one
    assert first_person > third_person > 0 and title > 0 and context > 0


def test_rule_ids_are_versioned():
    for spec, ents, _ in CASES:
        for fact in facts(hand_doc(spec, ents)):
            family, _, version = fact.rule.rpartition(".")
            assert family.count(".") >= 1 and version.startswith("v") and version[1:].isdigit()


SPENT = """
    I        I        PRON  PRP  nsubj     1
    spent    spend    VERB  VBD  ROOT      1
    six      six      NUM   CD   nummod    3
    years    year     NOUN  NNS  dobj      1
    at       at       ADP   IN   prep      1
    Kestrel  Kestrel  PROPN NNP  compound  6
    Works    Works    PROPN NNP  pobj      4
    .        .        PUNCT .    punct     1
"""

# From 2015 to 2020, I helped small companies build data tools. This included a billing system at
# Kestrel Works and a search engine at Tallow Systems.
WORK_LIST = """
    From       from     ADP   IN   prep      6
    2015       2015     NUM   CD   pobj      0
    to         to       ADP   IN   prep      0
    2020       2020     NUM   CD   pobj      2
    ,          ,        PUNCT ,    punct     6
    I          I        PRON  PRP  nsubj     6
    helped     help     VERB  VBD  ROOT      6
    small      small    ADJ   JJ   amod      8
    companies  company  NOUN  NNS  nsubj     9
    build      build    VERB  VB   ccomp     6
    data       datum    NOUN  NNS  compound  11
    tools      tool     NOUN  NNS  dobj      9
    .          .        PUNCT .    punct     6
    This       this     PRON  DT   nsubj     14
    included   include  VERB  VBD  ROOT      14
    a          a        DET   DT   det       17
    billing    billing  NOUN  NN   compound  17
    system     system   NOUN  NN   dobj      14
    at         at       ADP   IN   prep      17
    Kestrel    Kestrel  PROPN NNP  compound  20
    Works      Works    PROPN NNP  pobj      18
    and        and      CCONJ CC   cc        17
    a          a        DET   DT   det       24
    search     search   NOUN  NN   compound  24
    engine     engine   NOUN  NN   conj      17
    at         at       ADP   IN   prep      24
    Tallow     Tallow   PROPN NNP  compound  27
    Systems    Systems  PROPN NNPS pobj      25
    .          .        PUNCT .    punct     14
"""


def test_first_person_work_context():
    (fact,) = facts(hand_doc(SPENT, {"Kestrel Works": "ORG"}))
    assert (fact.subject.name, fact.object.name, fact.rule) == ("@author", "Kestrel Works", "employment.work_context.v1")


def test_back_reference_lists_the_authors_workplaces():
    found = facts(hand_doc(WORK_LIST, {"Kestrel Works": "ORG", "Tallow Systems": "ORG"}))
    assert {(f.subject.name, f.object.name) for f in found} == {("@author", "Kestrel Works"), ("@author", "Tallow Systems")}
    assert all(f.rule == "employment.work_list.v1" and f.confidence < 0.6 for f in found)


def test_back_reference_needs_a_first_person_work_sentence_before_it():
    second_only = "\n".join(WORK_LIST.strip().splitlines()[13:])
    shifted = "\n".join(
        " ".join(parts[:5] + [str(int(parts[5]) - 13)]) for parts in (line.split() for line in second_only.splitlines())
    )
    assert triples(hand_doc(shifted, {"Kestrel Works": "ORG", "Tallow Systems": "ORG"})) == set()
