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
    assert (fact.subject.name, fact.object.name, fact.rule) == ("@author", "Kestrel Works", "employment.work_context.v2")


def test_back_reference_lists_the_authors_workplaces():
    found = facts(hand_doc(WORK_LIST, {"Kestrel Works": "ORG", "Tallow Systems": "ORG"}))
    assert {(f.subject.name, f.object.name) for f in found} == {("@author", "Kestrel Works"), ("@author", "Tallow Systems")}
    assert all(f.rule == "employment.work_list.v2" for f in found)  # the inference rule (its confidence is calibrated)


def test_back_reference_needs_a_first_person_work_sentence_before_it():
    second_only = "\n".join(WORK_LIST.strip().splitlines()[13:])
    shifted = "\n".join(
        " ".join(parts[:5] + [str(int(parts[5]) - 13)]) for parts in (line.split() for line in second_only.splitlines())
    )
    assert triples(hand_doc(shifted, {"Kestrel Works": "ORG", "Tallow Systems": "ORG"})) == set()


# Later I worked on fraud detection at the Corvan Institute.
LATER_WORK = """
    Later      later      ADV   RBR  advmod    2
    I          I          PRON  PRP  nsubj     2
    worked     work       VERB  VBD  ROOT      2
    on         on         ADP   IN   prep      2
    fraud      fraud      NOUN  NN   compound  5
    detection  detection  NOUN  NN   pobj      3
    at         at         ADP   IN   prep      2
    the        the        DET   DT   det       9
    Corvan     Corvan     PROPN NNP  compound  9
    Institute  Institute  PROPN NNP  pobj      6
    .          .          PUNCT .    punct     2
"""

# I helped startups design data platforms. This included a search engine at Quillfeather, a billing system at Tarnwick Systems, and a chat tool at Brumley.
WORK_LIST3 = """
    I             I             PRON  PRP  nsubj     1
    helped        help          VERB  VBD  ROOT      1
    startups      startup       NOUN  NNS  compound  5
    design        design        NOUN  NN   compound  4
    data          datum         NOUN  NNS  compound  5
    platforms     platform      NOUN  NNS  dobj      1
    .             .             PUNCT .    punct     1
    This          this          PRON  DT   nsubj     8
    included      include       VERB  VBD  ROOT      8
    a             a             DET   DT   det       11
    search        search        NOUN  NN   compound  11
    engine        engine        NOUN  NN   dobj      8
    at            at            ADP   IN   prep      11
    Quillfeather  Quillfeather  PROPN NNP  pobj      12
    ,             ,             PUNCT ,    punct     13
    a             a             DET   DT   det       17
    billing       billing       NOUN  NN   compound  17
    system        system        NOUN  NN   appos     13
    at            at            ADP   IN   prep      17
    Tarnwick      Tarnwick      PROPN NNP  compound  20
    Systems       Systems       PROPN NNP  pobj      18
    ,             ,             PUNCT ,    punct     20
    and           and           CCONJ CC   cc        17
    a             a             DET   DT   det       25
    chat          chat          NOUN  NN   compound  25
    tool          tool          NOUN  NN   conj      17
    at            at            ADP   IN   prep      25
    Brumley       Brumley       PROPN NNP  pobj      26
    .             .             PUNCT .    punct     8
"""

# My projects included a routing tool at Pellbrook Freight.
MY_PROJECTS = """
    My         my         PRON  PRP$ poss      1
    projects   project    NOUN  NNS  nsubj     2
    included   include    VERB  VBD  ROOT      2
    a          a          DET   DT   det       5
    routing    routing    NOUN  NN   compound  5
    tool       tool       NOUN  NN   dobj      2
    at         at         ADP   IN   prep      5
    Pellbrook  Pellbrook  PROPN NNP  compound  8
    Freight    Freight    PROPN NNP  pobj      6
    .          .          PUNCT .    punct     2
"""

# I love this city. It included a talk at Meridale Works.
UNRELATED_BACKREF = """
    I         I         PRON  PRP  nsubj     1
    love      love      VERB  VBP  ROOT      1
    this      this      DET   DT   det       3
    city      city      NOUN  NN   dobj      1
    .         .         PUNCT .    punct     1
    It        it        PRON  PRP  nsubj     6
    included  include   VERB  VBD  ROOT      6
    a         a         DET   DT   det       8
    talk      talk      NOUN  NN   dobj      6
    at        at        ADP   IN   prep      8
    Meridale  Meridale  PROPN NNP  compound  11
    Works     Works     PROPN NNP  pobj      9
    .         .         PUNCT .    punct     6
"""

# I worked with engineers at Vantor Labs.
WORKED_WITH = """
    I          I         PRON  PRP  nsubj     1
    worked     work      VERB  VBD  ROOT      1
    with       with      ADP   IN   prep      1
    engineers  engineer  NOUN  NNS  pobj      2
    at         at        ADP   IN   prep      3
    Vantor     Vantor    PROPN NNP  compound  6
    Labs       Labs      PROPN NNP  pobj      4
    .          .         PUNCT .    punct     1
"""

# Dara Vell was a Kestrel Fellow.
AWARD = """
    Dara     Dara     PROPN NNP  compound  1
    Vell     Vell     PROPN NNP  nsubj     2
    was      be       AUX   VBD  ROOT      2
    a        a        DET   DT   det       5
    Kestrel  Kestrel  PROPN NNP  compound  5
    Fellow   Fellow   PROPN NNP  attr      2
    .        .        PUNCT .    punct     2
"""

# Tam Rusk is a research fellow at the Halvern Institute.
FELLOW_AT = """
    Tam        Tam        PROPN NNP  compound  1
    Rusk       Rusk       PROPN NNP  nsubj     2
    is         be         AUX   VBZ  ROOT      2
    a          a          DET   DT   det       5
    research   research   NOUN  NN   compound  5
    fellow     fellow     NOUN  NN   attr      2
    at         at         ADP   IN   prep      5
    the        the        DET   DT   det       9
    Halvern    Halvern    PROPN NNP  compound  9
    Institute  Institute  PROPN NNP  pobj      6
    .          .          PUNCT .    punct     2
"""

# Dana Whitcombe (Corlanet, Berlin) and Mara Quint (CTO, Halvern Systems) joined the call.
BRACKETS = """
    Dana       Dana       PROPN NNP  compound  1
    Whitcombe  Whitcombe  PROPN NNP  nsubj     16
    (          (          PUNCT -LRB- punct     1
    Corlanet   Corlanet   PROPN NNP  appos     1
    ,          ,          PUNCT ,    punct     3
    Berlin     Berlin     PROPN NNP  appos     3
    )          )          PUNCT -RRB- punct     3
    and        and        CCONJ CC   cc        3
    Mara       Mara       PROPN NNP  compound  9
    Quint      Quint      PROPN NNP  conj      3
    (          (          PUNCT -LRB- punct     11
    CTO        CTO        PROPN NNP  appos     9
    ,          ,          PUNCT ,    punct     11
    Halvern    Halvern    PROPN NNP  compound  14
    Systems    Systems    PROPN NNPS appos     11
    )          )          PUNCT -RRB- punct     9
    joined     join       VERB  VBD  ROOT      16
    the        the        DET   DT   det       18
    call       call       NOUN  NN   dobj      16
    .          .          PUNCT .    punct     16
"""

# Dana Whitcombe (GitHub, Twitter) joined the call.
PROFILE_LINKS = """
    Dana       Dana       PROPN NNP  compound  1
    Whitcombe  Whitcombe  PROPN NNP  nsubj     7
    (          (          PUNCT -LRB- punct     1
    GitHub     GitHub     PROPN NNP  appos     1
    ,          ,          PUNCT ,    punct     3
    Twitter    Twitter    PROPN NNP  appos     3
    )          )          PUNCT -RRB- punct     1
    joined     join       VERB  VBD  ROOT      7
    the        the        DET   DT   det       9
    call       call       NOUN  NN   dobj      7
    .          .          PUNCT .    punct     7
"""

# Mara Quint (who left Halvern Systems) joined the call.
BRACKET_CLAUSE = """
    Mara     Mara     PROPN NNP  compound  1
    Quint    Quint    PROPN NNP  nsubj     8
    (        (        PUNCT -LRB- punct     1
    who      who      PRON  WP   nsubj     4
    left     leave    VERB  VBD  relcl     1
    Halvern  Halvern  PROPN NNP  compound  6
    Systems  Systems  PROPN NNP  dobj      4
    )        )        PUNCT -RRB- punct     1
    joined   join     VERB  VBD  ROOT      8
    the      the      DET   DT   det       10
    call     call     NOUN  NN   dobj      8
    .        .        PUNCT .    punct     8
"""

# Before that, I was at Brightwater Analytics for four years.
STAY_FOR = """
    Before       before       ADP   IN   prep      4
    that         that         PRON  DT   pobj      0
    ,            ,            PUNCT ,    punct     4
    I            I            PRON  PRP  nsubj     4
    was          be           AUX   VBD  ROOT      4
    at           at           ADP   IN   prep      4
    Brightwater  Brightwater  PROPN NNP  compound  7
    Analytics    Analytics    PROPN NNP  pobj      5
    for          for          ADP   IN   prep      4
    four         four         NUM   CD   nummod    10
    years        year         NOUN  NNS  pobj      8
    .            .            PUNCT .    punct     4
"""

# While at Corlanet, Ana Belk designed the first release.
WHILE_AT = """
    While     while     SCONJ IN   mark      6
    at        at        ADP   IN   prep      6
    Corlanet  Corlanet  PROPN NNP  pobj      1
    ,         ,         PUNCT ,    punct     6
    Ana       Ana       PROPN NNP  compound  5
    Belk      Belk      PROPN NNP  nsubj     6
    designed  design    VERB  VBD  ROOT      6
    the       the       DET   DT   det       9
    first     first     ADJ   JJ   amod      9
    release   release   NOUN  NN   dobj      6
    .         .         PUNCT .    punct     6
"""

# I was at Corlanet last week for a meetup.
VISIT = """
    I         I         PRON  PRP  nsubj     1
    was       be        AUX   VBD  ROOT      1
    at        at        ADP   IN   prep      1
    Corlanet  Corlanet  PROPN NNP  pobj      2
    last      last      ADJ   JJ   amod      5
    week      week      NOUN  NN   npadvmod  1
    for       for       ADP   IN   prep      1
    a         a         DET   DT   det       8
    meetup    meetup    NOUN  NN   pobj      6
    .         .         PUNCT .    punct     1
"""

# The judges were Prof Ana Belk, Corlanet; Dr Tomas Hrun, Halvern Systems; and Mr Piet Ranul, Brumley.
LIST_CELLS = """
    The       the       DET   DT   det       1
    judges    judge     NOUN  NNS  nsubj     2
    were      be        AUX   VBD  ROOT      2
    Prof      Prof      PROPN NNP  compound  5
    Ana       Ana       PROPN NNP  compound  5
    Belk      Belk      PROPN NNP  attr      2
    ,         ,         PUNCT ,    punct     5
    Corlanet  Corlanet  PROPN NNP  appos     5
    ;         ;         PUNCT :    punct     5
    Dr        Dr        PROPN NNP  compound  11
    Tomas     Tomas     PROPN NNP  compound  11
    Hrun      Hrun      PROPN NNP  conj      5
    ,         ,         PUNCT ,    punct     11
    Halvern   Halvern   PROPN NNP  compound  14
    Systems   Systems   PROPN NNPS conj      11
    ;         ;         PUNCT :    punct     11
    and       and       CCONJ CC   cc        11
    Mr        Mr        PROPN NNP  compound  19
    Piet      Piet      PROPN NNP  compound  19
    Ranul     Ranul     PROPN NNP  conj      11
    ,         ,         PUNCT ,    punct     19
    Brumley   Brumley   PROPN NNP  appos     19
    .         .         PUNCT .    punct     2
"""

# Tomas Hrun leads research at the Orrin Institute.
LEADS = """
    Tomas      Tomas      PROPN NNP  compound  1
    Hrun       Hrun       PROPN NNP  nsubj     2
    leads      lead       VERB  VBZ  ROOT      2
    research   research   NOUN  NN   dobj      2
    at         at         ADP   IN   prep      2
    the        the        DET   DT   det       7
    Orrin      Orrin      PROPN NNP  compound  7
    Institute  Institute  PROPN NNP  pobj      4
    .          .          PUNCT .    punct     2
"""

# Dana Belk ran a workshop at Corlanet University last year.
RAN_EVENT = """
    Dana        Dana        PROPN NNP  compound  1
    Belk        Belk        PROPN NNP  nsubj     2
    ran         run         VERB  VBD  ROOT      2
    a           a           DET   DT   det       4
    workshop    workshop    NOUN  NN   dobj      2
    at          at          ADP   IN   prep      4
    Corlanet    Corlanet    PROPN NNP  compound  7
    University  University  PROPN NNP  pobj      5
    last        last        ADJ   JJ   amod      9
    year        year        NOUN  NN   npadvmod  2
    .           .           PUNCT .    punct     2
"""

# She first met me at Corlanet University, where I am based.
WHERE_BASED = """
    She         she         PRON  PRP  nsubj     2
    first       first       ADV   RB   advmod    2
    met         meet        VERB  VBD  ROOT      2
    me          I           PRON  PRP  dobj      2
    at          at          ADP   IN   prep      2
    Corlanet    Corlanet    PROPN NNP  compound  6
    University  University  PROPN NNP  pobj      4
    ,           ,           PUNCT ,    punct     6
    where       where       SCONJ WRB  advmod    11
    I           I           PRON  PRP  nsubjpass 11
    am          be          AUX   VBP  auxpass   11
    based       base        VERB  VBN  relcl     6
    .           .           PUNCT .    punct     2
"""

# We drove to Corlanet University, where the conference was held.
WHERE_HELD = """
    We          we          PRON  PRP  nsubj     1
    drove       drive       VERB  VBD  ROOT      1
    to          to          ADP   IN   prep      1
    Corlanet    Corlanet    PROPN NNP  compound  4
    University  University  PROPN NNP  pobj      2
    ,           ,           PUNCT ,    punct     4
    where       where       SCONJ WRB  advmod    10
    the         the         DET   DT   det       8
    conference  conference  NOUN  NN   nsubjpass 10
    was         be          AUX   VBD  auxpass   10
    held        hold        VERB  VBN  relcl     4
    .           .           PUNCT .    punct     1
"""


def _pairs(spec, ents):
    return {(f.subject.name, f.object.name) for f in facts(hand_doc(spec, ents)) if f.predicate == "workedAt"}


def _rules(spec, ents):
    return {f.rule for f in facts(hand_doc(spec, ents)) if f.predicate == "workedAt"}


def test_work_at_on_what_the_author_worked_on():
    assert _pairs(LATER_WORK, {"Corvan Institute": "ORG"}) == {("@author", "Corvan Institute")}


def test_back_reference_follows_every_list_item():
    ents = {"Quillfeather": "ORG", "Tarnwick Systems": "ORG", "Brumley": "ORG"}
    assert _pairs(WORK_LIST3, ents) == {("@author", "Quillfeather"), ("@author", "Tarnwick Systems"),
                                        ("@author", "Brumley")}


def test_my_work_sums_up_the_authors_workplaces():
    assert _pairs(MY_PROJECTS, {"Pellbrook Freight": "ORG"}) == {("@author", "Pellbrook Freight")}


def test_back_reference_to_a_sentence_that_is_not_about_work_gives_nothing():
    assert _pairs(UNRELATED_BACKREF, {"Meridale Works": "ORG"}) == set()


def test_colleagues_at_an_organization_are_not_the_authors_workplace():
    # "worked with engineers at X": "with" names collaborators, not where the author worked
    assert _pairs(WORKED_WITH, {"Vantor Labs": "ORG"}) == set()


def test_award_title_is_no_job_but_a_fellow_at_a_workplace_is():
    assert _pairs(AWARD, {"Dara Vell": "PERSON", "Kestrel": "ORG"}) == set()
    assert _pairs(FELLOW_AT, {"Tam Rusk": "PERSON", "Halvern Institute": "ORG"}) == {("Tam Rusk", "Halvern Institute")}


def test_brackets_with_a_place_or_a_title_give_the_organization():
    ents = {"Dana Whitcombe": "PERSON", "Corlanet": "ORG", "Berlin": "GPE", "Mara Quint": "PERSON",
            "Halvern Systems": "ORG"}
    assert _pairs(BRACKETS, ents) == {("Dana Whitcombe", "Corlanet"), ("Mara Quint", "Halvern Systems")}
    assert _rules(BRACKETS, ents) == {"employment.byline.v2"}


def test_profile_links_and_clauses_in_brackets_are_no_affiliation():
    assert _pairs(PROFILE_LINKS, {"Dana Whitcombe": "PERSON", "GitHub": "ORG", "Twitter": "ORG"}) == set()
    ents = {"Mara Quint": "PERSON", "Halvern Systems": "ORG"}
    assert "employment.byline.v2" not in _rules(BRACKET_CLAUSE, ents)


def test_stay_with_a_length_or_framing_a_clause_but_not_a_visit():
    assert _pairs(STAY_FOR, {"Brightwater Analytics": "ORG"}) == {("@author", "Brightwater Analytics")}
    assert _pairs(WHILE_AT, {"Corlanet": "ORG", "Ana Belk": "PERSON"}) == {("Ana Belk", "Corlanet")}
    assert _pairs(VISIT, {"Corlanet": "ORG"}) == set()


def test_semicolon_list_pairs_each_name_with_its_organization():
    ents = {"Ana Belk": "PERSON", "Corlanet": "ORG", "Tomas Hrun": "PERSON", "Halvern Systems": "ORG",
            "Piet Ranul": "PERSON", "Brumley": "ORG"}
    assert _pairs(LIST_CELLS, ents) == {("Ana Belk", "Corlanet"), ("Tomas Hrun", "Halvern Systems"),
                                        ("Piet Ranul", "Brumley")}


def test_leading_work_at_an_organization_but_not_an_event():
    assert _pairs(LEADS, {"Tomas Hrun": "PERSON", "Orrin Institute": "ORG"}) == {("Tomas Hrun", "Orrin Institute")}
    assert _pairs(RAN_EVENT, {"Dana Belk": "PERSON", "Corlanet University": "ORG"}) == set()


def test_where_clause_places_the_person_not_an_event():
    assert _pairs(WHERE_BASED, {"Corlanet University": "ORG"}) == {("@author", "Corlanet University")}
    assert _pairs(WHERE_HELD, {"Corlanet University": "ORG"}) == set()
# Dr Ana Belk, Corlanet
ITEM = """
    Dr        Dr        PROPN NNP  compound  2
    Ana       Ana       PROPN NNP  compound  2
    Belk      Belk      PROPN NNP  ROOT      2
    ,         ,         PUNCT ,    punct     2
    Corlanet  Corlanet  PROPN NNP  appos     2
"""

# We thank Ana Belk, Corlanet.
NOT_ITEM = """
    We        we        PRON  PRP  nsubj     1
    thank     thank     VERB  VBP  ROOT      1
    Ana       Ana       PROPN NNP  compound  3
    Belk      Belk      PROPN NNP  dobj      1
    ,         ,         PUNCT ,    punct     3
    Corlanet  Corlanet  PROPN NNP  appos     3
    .         .         PUNCT .    punct     1
"""



def test_a_list_item_of_a_name_and_its_organization():
    ents = {"Ana Belk": "PERSON", "Corlanet": "ORG"}
    assert _pairs(ITEM, ents) == {("Ana Belk", "Corlanet")}
    assert "employment.list_cell.v1" not in _rules(NOT_ITEM, ents)
# Ana Belk has been a part of the data team at the Orrin Institute since 2019.
PART_OF_UNIT = """
    Ana        Ana        PROPN NNP  compound  1
    Belk       Belk       PROPN NNP  nsubj     3
    has        have       AUX   VBZ  aux       3
    been       be         AUX   VBN  ROOT      3
    a          a          DET   DT   det       5
    part       part       NOUN  NN   attr      3
    of         of         ADP   IN   prep      5
    the        the        DET   DT   det       9
    data       data       NOUN  NN   compound  9
    team       team       NOUN  NN   pobj      6
    at         at         ADP   IN   prep      9
    the        the        DET   DT   det       13
    Orrin      Orrin      PROPN NNP  compound  13
    Institute  Institute  PROPN NNP  pobj      10
    since      since      SCONJ IN   prep      3
    2019       2019       NUM   CD   pobj      14
    .          .          PUNCT .    punct     3
"""

# Tomas Hrun belongs to the Halvern Research Group.
BELONGS = """
    Tomas     Tomas     PROPN NNP  compound  1
    Hrun      Hrun      PROPN NNP  nsubj     2
    belongs   belong    VERB  VBZ  ROOT      2
    to        to        ADP   IN   prep      2
    the       the       DET   DT   det       7
    Halvern   Halvern   PROPN NNP  compound  7
    Research  Research  PROPN NNP  compound  7
    Group     Group     PROPN NNP  pobj      3
    .         .         PUNCT .    punct     2
"""

# The Corlanet office is part of Halvern Systems.
ORG_PART = """
    The       the       DET   DT   det       2
    Corlanet  Corlanet  PROPN NNP  compound  2
    office    office    NOUN  NN   nsubj     3
    is        be        AUX   VBZ  ROOT      3
    part      part      NOUN  NN   attr      3
    of        of        ADP   IN   prep      4
    Halvern   Halvern   PROPN NNP  compound  7
    Systems   Systems   PROPN NNPS pobj      5
    .         .         PUNCT .    punct     3
"""



def test_membership_of_an_organization_or_its_unit():
    assert _pairs(PART_OF_UNIT, {"Ana Belk": "PERSON", "Orrin Institute": "ORG"}) == {("Ana Belk", "Orrin Institute")}
    assert _pairs(BELONGS, {"Tomas Hrun": "PERSON", "Halvern Research Group": "ORG"}) == {
        ("Tomas Hrun", "Halvern Research Group")}
    # an organization's part is no person's workplace
    assert _pairs(ORG_PART, {"Corlanet": "ORG", "Halvern Systems": "ORG"}) == set()
# Captain Orel T. (Buzz) Hanmer flew the survey.
NICKNAME = """
    Captain  Captain  PROPN NNP  compound  6
    Orel     Orel     PROPN NNP  nmod      6
    T.       T.       PROPN NNP  nmod      6
    (        (        PUNCT -LRB- punct     6
    Buzz     Buzz     PROPN NNP  nmod      6
    )        )        PUNCT -RRB- punct     6
    Hanmer   Hanmer   PROPN NNP  nsubj     7
    flew     fly      VERB  VBD  ROOT      7
    the      the      DET   DT   det       9
    survey   survey   NOUN  NN   dobj      7
    .        .        PUNCT .    punct     7
"""

# I took a job at Brightwater Analytics as a data analyst.
TOOK_JOB = """
    I            I            PRON  PRP  nsubj     1
    took         take         VERB  VBD  ROOT      1
    a            a            DET   DT   det       3
    job          job          NOUN  NN   dobj      1
    at           at           ADP   IN   prep      1
    Brightwater  Brightwater  PROPN NNP  compound  6
    Analytics    Analytics    PROPN NNP  pobj      4
    as           as           ADP   IN   prep      1
    a            a            DET   DT   det       10
    data         data         NOUN  NN   compound  10
    analyst      analyst      NOUN  NN   pobj      7
    .            .            PUNCT .    punct     1
"""

# I have a job interview at Brightwater Analytics.
JOB_INTERVIEW = """
    I            I            PRON  PRP  nsubj     1
    have         have         VERB  VBP  ROOT      1
    a            a            DET   DT   det       4
    job          job          NOUN  NN   compound  4
    interview    interview    NOUN  NN   dobj      1
    at           at           ADP   IN   prep      4
    Brightwater  Brightwater  PROPN NNP  compound  7
    Analytics    Analytics    PROPN NNP  pobj      5
    .            .            PUNCT .    punct     1
"""

# I have been at Brumley since 2019.
SINCE = """
    I        I        PRON  PRP  nsubj     2
    have     have     AUX   VBP  aux       2
    been     be       AUX   VBN  ROOT      2
    at       at       ADP   IN   prep      2
    Brumley  Brumley  PROPN NNP  pobj      3
    since    since    SCONJ IN   prep      2
    2019     2019     NUM   CD   pobj      5
    .        .        PUNCT .    punct     2
"""

# I moved to the Orrin Institute, where I now lead the platform team.
WHERE_LEAD = """
    I          I          PRON  PRP  nsubj     1
    moved      move       VERB  VBD  ROOT      1
    to         to         ADP   IN   prep      1
    the        the        DET   DT   det       5
    Orrin      Orrin      PROPN NNP  compound  5
    Institute  Institute  PROPN NNP  pobj      2
    ,          ,          PUNCT ,    punct     5
    where      where      SCONJ WRB  advmod    10
    I          I          PRON  PRP  nsubj     10
    now        now        ADV   RB   advmod    10
    lead       lead       VERB  VBP  relcl     5
    the        the        DET   DT   det       13
    platform   platform   NOUN  NN   compound  13
    team       team       NOUN  NN   dobj      10
    .          .          PUNCT .    punct     1
"""



def test_a_nickname_in_brackets_inside_a_name_is_no_affiliation():
    assert _pairs(NICKNAME, {"Orel T.": "PERSON", "Buzz": "ORG"}) == set()


def test_taking_a_post_at_an_organization_but_not_an_interview():
    assert _pairs(TOOK_JOB, {"Brightwater Analytics": "ORG"}) == {("@author", "Brightwater Analytics")}
    assert _rules(TOOK_JOB, {"Brightwater Analytics": "ORG"}) == {"employment.take_post.v1"}
    assert _pairs(JOB_INTERVIEW, {"Brightwater Analytics": "ORG"}) == set()


def test_a_stay_since_a_date_and_a_where_clause_of_leading_work():
    assert _pairs(SINCE, {"Brumley": "ORG"}) == {("@author", "Brumley")}
    assert _pairs(WHERE_LEAD, {"Orrin Institute": "ORG"}) == {("@author", "Orrin Institute")}
# I worked for clients such as Halvern Systems and Corlanet.
CLIENTS = """
    I         I         PRON  PRP  nsubj     1
    worked    work      VERB  VBD  ROOT      1
    for       for       ADP   IN   prep      1
    clients   client    NOUN  NNS  pobj      2
    such      such      ADJ   JJ   amod      5
    as        as        ADP   IN   prep      3
    Halvern   Halvern   PROPN NNP  compound  7
    Systems   Systems   PROPN NNPS pobj      5
    and       and       CCONJ CC   cc        7
    Corlanet  Corlanet  PROPN NNP  conj      7
    .         .         PUNCT .    punct     1
"""

# I worked for companies such as Halvern Systems.
COMPANIES = """
    I          I        PRON  PRP  nsubj     1
    worked     work     VERB  VBD  ROOT      1
    for        for      ADP   IN   prep      1
    companies  company  NOUN  NNS  pobj      2
    such       such     ADJ   JJ   amod      5
    as         as       ADP   IN   prep      3
    Halvern    Halvern  PROPN NNP  compound  7
    Systems    Systems  PROPN NNP  pobj      5
    .          .        PUNCT .    punct     1
"""



def test_a_list_of_clients_is_no_workplace_but_a_list_of_companies_is():
    ents = {"Halvern Systems": "ORG", "Corlanet": "ORG"}
    assert _pairs(CLIENTS, ents) == set()
    assert _pairs(COMPANIES, ents) == {("@author", "Halvern Systems")}


def test_a_program_or_an_event_is_no_workplace():
    from blogweave.relations.affiliation import workplace_name

    assert not workplace_name("Halvern Fellowship") and not workplace_name("Corlanet Summit")
    assert workplace_name("Halvern Systems") and workplace_name("Corlanet Award Foundation")
# I ran a workshop at Corlanet University last year.
RAN_WORKSHOP = """
    I           I           PRON  PRP  nsubj     1
    ran         run         VERB  VBD  ROOT      1
    a           a           DET   DT   det       3
    workshop    workshop    NOUN  NN   dobj      1
    at          at          ADP   IN   prep      3
    Corlanet    Corlanet    PROPN NNP  compound  6
    University  University  PROPN NNP  pobj      4
    last        last        ADJ   JJ   amod      8
    year        year        NOUN  NN   npadvmod  1
    .           .           PUNCT .    punct     1
"""

# I ran the data team at Corlanet University.
RAN_TEAM = """
    I           I           PRON  PRP  nsubj     1
    ran         run         VERB  VBD  ROOT      1
    the         the         DET   DT   det       4
    data        data        NOUN  NN   compound  4
    team        team        NOUN  NN   dobj      1
    at          at          ADP   IN   prep      1
    Corlanet    Corlanet    PROPN NNP  compound  7
    University  University  PROPN NNP  pobj      5
    .           .           PUNCT .    punct     1
"""



def test_an_event_the_author_ran_is_no_workplace_but_a_team_is():
    ents = {"Corlanet University": "ORG"}
    assert _pairs(RAN_WORKSHOP, ents) == set()
    assert _pairs(RAN_TEAM, ents) == {("@author", "Corlanet University")}
