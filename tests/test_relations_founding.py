"""founded rules on hand-built parses of invented sentences (no model needed)."""

import pytest

from relations_helpers import hand_doc, triples

# One hand-built parse per construction: (parse, entities, expected (subject, predicate, object)).
CASES = [
    # When Tallow Systems was founded, we had two servers. (a passive clause with its own subject: no founder)
    (
        """
    When     when     SCONJ WRB  advmod    4
    Tallow   Tallow   PROPN NNP  compound  2
    Systems  Systems  PROPN NNP  nsubjpass 4
    was      be       AUX   VBD  auxpass   4
    founded  found    VERB  VBN  advcl     7
    ,        ,        PUNCT ,    punct     7
    we       we       PRON  PRP  nsubj     7
    had      have     VERB  VBD  ROOT      7
    two      two      NUM   CD   nummod    9
    servers  server   NOUN  NNS  dobj      7
    .        .        PUNCT .    punct     7
        """,
        {'Tallow Systems': 'ORG'},
        set(),
    ),
    # I left my teaching job in 2014 to join the founding team at Tallow Systems. (a join, no founding fact)
    (
        """
    I         I         PRON  PRP  nsubj     1
    left      leave     VERB  VBD  ROOT      1
    my        my        PRON  PRP$ poss      4
    teaching  teaching  NOUN  NN   compound  4
    job       job       NOUN  NN   dobj      1
    in        in        ADP   IN   prep      1
    2014      2014      NUM   CD   pobj      5
    to        to        PART  TO   aux       8
    join      join      VERB  VB   advcl     1
    the       the       DET   DT   det       11
    founding  found     VERB  VBG  amod      11
    team      team      NOUN  NN   dobj      8
    at        at        ADP   IN   prep      8
    Tallow    Tallow    PROPN NNP  compound  14
    Systems   Systems   PROPN NNP  pobj      12
    .         .         PUNCT .    punct     1
        """,
        {'Tallow Systems': 'ORG'},
        {('@author', 'workedAt', 'Tallow Systems')},  # joining a founding team is a job, not founding
    ),
    # Mara Quint co-founded Tallow Systems in 2011.
    (
        """
    Mara     Mara     PROPN NNP  compound  1
    Quint    Quint    PROPN NNP  nsubj     2
    co       co       VERB  VBD  ROOT      2
    -        -        VERB  VBD  xcomp     2
    founded  found    VERB  VBD  advcl     2
    Tallow   Tallow   PROPN NNP  compound  6
    Systems  Systems  PROPN NNPS dobj      4
    in       in       ADP   IN   prep      4
    2011     2011     NUM   CD   pobj      7
    .        .        PUNCT .    punct     2
        """,
        {'Mara Quint': 'PERSON', 'Tallow Systems': 'ORG'},
        {('Mara Quint', 'founded', 'Tallow Systems')},
    ),
    # Tallow Systems was founded by Mara Quint and Olaf Brandt.
    (
        """
    Tallow   Tallow   PROPN NNP  compound  1
    Systems  Systems  PROPN NNPS nsubjpass 3
    was      be       AUX   VBD  auxpass   3
    founded  found    VERB  VBN  ROOT      3
    by       by       ADP   IN   agent     3
    Mara     Mara     PROPN NNP  compound  6
    Quint    Quint    PROPN NNP  pobj      4
    and      and      CCONJ CC   cc        6
    Olaf     Olaf     PROPN NNP  compound  9
    Brandt   Brandt   PROPN NNP  conj      6
    .        .        PUNCT .    punct     3
        """,
        {'Mara Quint': 'PERSON', 'Olaf Brandt': 'PERSON', 'Tallow Systems': 'ORG'},
        {('Olaf Brandt', 'founded', 'Tallow Systems'), ('Mara Quint', 'founded', 'Tallow Systems')},
    ),
    # Mara Quint, founder of Tallow Systems, spoke next.
    (
        """
    Mara     Mara     PROPN NNP  compound  1
    Quint    Quint    PROPN NNP  nsubj     8
    ,        ,        PUNCT ,    punct     1
    founder  founder  NOUN  NN   appos     1
    of       of       ADP   IN   prep      3
    Tallow   Tallow   PROPN NNP  compound  6
    Systems  Systems  PROPN NNP  pobj      4
    ,        ,        PUNCT ,    punct     1
    spoke    speak    VERB  VBD  ROOT      8
    next     next     ADV   RB   advmod    8
    .        .        PUNCT .    punct     8
        """,
        {'Mara Quint': 'PERSON', 'Tallow Systems': 'ORG'},
        {('Mara Quint', 'founded', 'Tallow Systems')},
    ),
    # I started Tallow Systems in my garage.
    (
        """
    I        I        PRON  PRP  nsubj     1
    started  start    VERB  VBD  ROOT      1
    Tallow   Tallow   PROPN NNP  compound  3
    Systems  Systems  PROPN NNPS dobj      1
    in       in       ADP   IN   prep      1
    my       my       PRON  PRP$ poss      6
    garage   garage   NOUN  NN   pobj      4
    .        .        PUNCT .    punct     1
        """,
        {'Tallow Systems': 'ORG'},
        {('@author', 'founded', 'Tallow Systems')},
    ),
    # Mara Vellin and Tobias Reed are co-founders of Kestrel Labs.
    (
        """
    Mara         Mara         PROPN NNP  compound  1
    Vellin       Vellin       PROPN NNP  nsubj     5
    and          and          CCONJ CC   cc        1
    Tobias       Tobias       PROPN NNP  compound  4
    Reed         Reed         PROPN NNP  conj      1
    are          be           AUX   VBP  ROOT      5
    co-founders  co-founder   NOUN  NNS  attr      5
    of           of           ADP   IN   prep      6
    Kestrel      Kestrel      PROPN NNP  compound  9
    Labs         Labs         PROPN NNP  pobj      7
    .            .            PUNCT .    punct     5
        """,
        {'Mara Vellin': 'PERSON', 'Tobias Reed': 'PERSON', 'Kestrel Labs': 'ORG'},
        {('Mara Vellin', 'founded', 'Kestrel Labs'), ('Tobias Reed', 'founded', 'Kestrel Labs')},
    ),
    # The founders of Kestrel Labs, Mara Vellin and Tobias Reed, met in school.
    (
        """
    The       the       DET   DT   det       1
    founders  founder   NOUN  NNS  nsubj     12
    of        of        ADP   IN   prep      1
    Kestrel   Kestrel   PROPN NNP  compound  4
    Labs      Labs      PROPN NNP  pobj      2
    ,         ,         PUNCT ,    punct     4
    Mara      Mara      PROPN NNP  compound  7
    Vellin    Vellin    PROPN NNP  conj      4
    and       and       CCONJ CC   cc        7
    Tobias    Tobias    PROPN NNP  compound  10
    Reed      Reed      PROPN NNP  conj      7
    ,         ,         PUNCT ,    punct     4
    met       meet      VERB  VBD  ROOT      12
    in        in        ADP   IN   prep      12
    school    school    NOUN  NN   pobj      13
    .         .         PUNCT .    punct     12
        """,
        {'Mara Vellin': 'PERSON', 'Tobias Reed': 'PERSON', 'Kestrel Labs': 'ORG'},
        {('Mara Vellin', 'founded', 'Kestrel Labs'), ('Tobias Reed', 'founded', 'Kestrel Labs')},
    ),
    # The founders of Kestrel Labs, Zork Inc and Tobias Reed, met in school. (a list: not founders)
    (
        """
    The       the       DET   DT   det       1
    founders  founder   NOUN  NNS  nsubj     12
    of        of        ADP   IN   prep      1
    Kestrel   Kestrel   PROPN NNP  compound  4
    Labs      Labs      PROPN NNP  pobj      2
    ,         ,         PUNCT ,    punct     4
    Zork      Zork      PROPN NNP  compound  7
    Inc       Inc       PROPN NNP  conj      4
    and       and       CCONJ CC   cc        7
    Tobias    Tobias    PROPN NNP  compound  10
    Reed      Reed      PROPN NNP  conj      7
    ,         ,         PUNCT ,    punct     4
    met       meet      VERB  VBD  ROOT      12
    in        in        ADP   IN   prep      12
    school    school    NOUN  NN   pobj      13
    .         .         PUNCT .    punct     12
        """,
        {'Zork Inc': 'ORG', 'Tobias Reed': 'PERSON', 'Kestrel Labs': 'ORG'},
        set(),
    ),
    # Tallow Systems was incorporated by Mara Quint.
    (
        """
    Tallow       Tallow       PROPN NNP  compound   1
    Systems      Systems      PROPN NNP  nsubjpass  3
    was          be           AUX   VBD  auxpass    3
    incorporated incorporate  VERB  VBN  ROOT       3
    by           by           ADP   IN   agent      3
    Mara         Mara         PROPN NNP  compound   6
    Quint        Quint        PROPN NNP  pobj       4
    .            .            PUNCT .    punct      3
        """,
        {'Tallow Systems': 'ORG', 'Mara Quint': 'PERSON'},
        {('Mara Quint', 'founded', 'Tallow Systems')},
    ),
    # Mara Quint incorporated Tallow Systems into the plan. (active "incorporate": including, not founding)
    (
        """
    Mara         Mara         PROPN NNP  compound   1
    Quint        Quint        PROPN NNP  nsubj      2
    incorporated incorporate  VERB  VBD  ROOT       2
    Tallow       Tallow       PROPN NNP  compound   4
    Systems      Systems      PROPN NNP  dobj       2
    into         into         ADP   IN   prep       2
    the          the          DET   DT   det        7
    plan         plan         NOUN  NN   pobj       5
    .            .            PUNCT .    punct      2
        """,
        {'Tallow Systems': 'ORG', 'Mara Quint': 'PERSON'},
        set(),
    ),
]


@pytest.mark.parametrize("spec, ents, expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_rule_table(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected
