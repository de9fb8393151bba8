"""The lexicon engine (relations/engine.py, lexicon.toml) on hand-built parses of invented sentences."""

import pytest

from blogweave.relations.lexicon import LexiconError, load_lexicon, parse_lexicon
from relations_helpers import facts, hand_doc, triples

CASES = [
    # Quillpad, funded by the Norvane Fund, is fast.   (participle clause, passive agent)
    ("""
    Quillpad  Quillpad  PROPN NNP  nsubj   7
    ,         ,         PUNCT ,    punct   0
    funded    fund      VERB  VBN  acl     0
    by        by        ADP   IN   agent   2
    the       the       DET   DT   det     5
    Norvane   Norvane   PROPN NNP  compound 6
    Fund      Fund      PROPN NNP  pobj    3
    is        be        AUX   VBZ  ROOT    7
    fast      fast      ADJ   JJ   acomp   7
    .         .         PUNCT .    punct   7
    """, {"Quillpad": "TECH", "Norvane Fund": "ORG"}, {("Quillpad", "fundedBy", "Norvane Fund")}),
    # Mara Quint, Tom Brill and Ada Vey founded Tallow Systems.   (coordinated subjects: three facts)
    ("""
    Mara     Mara     PROPN NNP  compound 1
    Quint    Quint    PROPN NNP  nsubj    8
    ,        ,        PUNCT ,    punct    1
    Tom      Tom      PROPN NNP  compound 4
    Brill    Brill    PROPN NNP  conj     1
    and      and      CCONJ CC   cc       4
    Ada      Ada      PROPN NNP  compound 7
    Vey      Vey      PROPN NNP  conj     4
    founded  found    VERB  VBD  ROOT     8
    Tallow   Tallow   PROPN NNP  compound 10
    Systems  Systems  PROPN NNP  dobj     8
    .        .        PUNCT .    punct    8
    """, {"Mara Quint": "PERSON", "Tom Brill": "PERSON", "Ada Vey": "PERSON", "Tallow Systems": "ORG"},
     {("Mara Quint", "founded", "Tallow Systems"), ("Tom Brill", "founded", "Tallow Systems"),
      ("Ada Vey", "founded", "Tallow Systems")}),
    # The Norvane Fund decided to fund Quillpad.   (control: the subject of "decided" funds)
    ("""
    The      the      DET   DT   det      2
    Norvane  Norvane  PROPN NNP  compound 2
    Fund     Fund     PROPN NNP  nsubj    3
    decided  decide   VERB  VBD  ROOT     3
    to       to       PART  TO   aux      5
    fund     fund     VERB  VB   xcomp    3
    Quillpad Quillpad PROPN NNP  dobj     5
    .        .        PUNCT .    punct    3
    """, {"Norvane Fund": "ORG", "Quillpad": "TECH"}, {("Quillpad", "fundedBy", "Norvane Fund")}),
    # Quillpad received core support from the Norvane Fund.   (funding told from the recipient's side)
    ("""
    Quillpad  Quillpad  PROPN NNP  nsubj    1
    received  receive   VERB  VBD  ROOT     1
    core      core      ADJ   JJ   amod     3
    support   support   NOUN  NN   dobj     1
    from      from      ADP   IN   prep     3
    the       the       DET   DT   det      7
    Norvane   Norvane   PROPN NNP  compound 7
    Fund      Fund      PROPN NNP  pobj     4
    .         .         PUNCT .    punct    1
    """, {"Quillpad": "TECH", "Norvane Fund": "ORG"}, {("Quillpad", "fundedBy", "Norvane Fund")}),
    # Mara Quint is a Norvane-funded fellow.   ("X-funded": the participle's hyphenated name pays)
    ("""
    Mara     Mara     PROPN NNP  compound 1
    Quint    Quint    PROPN NNP  nsubj    2
    is       be       AUX   VBZ  ROOT     2
    a        a        DET   DT   det      7
    Norvane  Norvane  PROPN NNP  npadvmod 6
    -        -        PUNCT HYPH punct    6
    funded   fund     VERB  VBN  amod     7
    fellow   fellow   NOUN  NN   attr     2
    .        .        PUNCT .    punct    2
    """, {"Mara Quint": "PERSON", "Norvane": "ORG"}, {("Mara Quint", "fundedBy", "Norvane")}),
    # Mara Quint joined the Quillpad team.   (a technology's team: its developers)
    ("""
    Mara      Mara      PROPN NNP  compound 1
    Quint     Quint     PROPN NNP  nsubj    2
    joined    join      VERB  VBD  ROOT     2
    the       the       DET   DT   det      5
    Quillpad  Quillpad  PROPN NNP  compound 5
    team      team      NOUN  NN   dobj     2
    .         .         PUNCT .    punct    2
    """, {"Mara Quint": "PERSON", "Quillpad": "TECH"}, {("Mara Quint", "developed", "Quillpad")}),
    # Ada Vey co-founded and leads Tallow Systems.   (a shared object of coordinated verbs)
    ("""
    Ada      Ada      PROPN NNP  compound 1
    Vey      Vey      PROPN NNP  nsubj    2
    cofounded cofound VERB  VBD  ROOT     2
    and      and      CCONJ CC   cc       2
    leads    lead     VERB  VBZ  conj     2
    Tallow   Tallow   PROPN NNP  compound 6
    Systems  Systems  PROPN NNP  dobj     4
    .        .        PUNCT .    punct    2
    """, {"Ada Vey": "PERSON", "Tallow Systems": "ORG"},
     {("Ada Vey", "founded", "Tallow Systems"), ("Ada Vey", "workedAt", "Tallow Systems")}),
    # Ada Vey won an award from the Norvane Fund.   (an award is not funding: no fact)
    ("""
    Ada      Ada      PROPN NNP  compound 1
    Vey      Vey      PROPN NNP  nsubj    2
    won      win      VERB  VBD  ROOT     2
    an       an       DET   DT   det      4
    award    award    NOUN  NN   dobj     2
    from     from     ADP   IN   prep     4
    the      the      DET   DT   det      8
    Norvane  Norvane  PROPN NNP  compound 8
    Fund     Fund     PROPN NNP  pobj     5
    .        .        PUNCT .    punct    2
    """, {"Ada Vey": "PERSON", "Norvane Fund": "ORG"}, set()),
    # Ada Vey, a Tallow Systems Ambassador, spoke.   (a community title is no job)
    ("""
    Ada       Ada       PROPN NNP  compound 1
    Vey       Vey       PROPN NNP  nsubj    8
    ,         ,         PUNCT ,    punct    1
    a         a         DET   DT   det      6
    Tallow    Tallow    PROPN NNP  compound 5
    Systems   Systems   PROPN NNP  compound 6
    Ambassador ambassador NOUN NN  appos    1
    ,         ,         PUNCT ,    punct    1
    spoke     speak     VERB  VBD  ROOT     8
    .         .         PUNCT .    punct    8
    """, {"Ada Vey": "PERSON", "Tallow Systems": "ORG"}, set()),
]


@pytest.mark.parametrize("spec, ents, expected", CASES)
def test_engine_cases(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected


def test_rule_id_names_trigger_positions_and_version():
    found = facts(hand_doc(CASES[0][0], CASES[0][1]))
    assert [f.rule for f in found] == [f"funding.fund.patient+agent.v{load_lexicon().version}"]


def test_lexicon_rejects_unknown_position():
    bad = {"version": 1, "trigger": [{"id": "x", "relation": "founded", "pos": "verb", "lemmas": ["found"],
                                      "subject": ["subjcet"], "object": ["object"], "strength": "explicit"}]}
    with pytest.raises(LexiconError, match="subject"):
        parse_lexicon(bad)


def test_lexicon_rejects_unknown_relation():
    bad = {"version": 1, "trigger": [{"id": "x", "relation": "ownedBy", "pos": "verb", "lemmas": ["own"],
                                      "subject": ["subject"], "object": ["object"], "strength": "explicit"}]}
    with pytest.raises(LexiconError, match="relation"):
        parse_lexicon(bad)


def test_packaged_lexicon_covers_every_relation():
    lex = load_lexicon()
    relations = {t.relation for ts in lex.triggers_by_word.values() for t in ts}
    assert relations == {"workedAt", "founded", "fundedBy", "developed"}


def test_typing_vocabulary_agrees_with_the_relation_lexicon():
    """The verbs entity typing reads as "object is a workplace" / "subject is an employer" are workedAt triggers."""
    from blogweave.models import WORKED_AT
    from blogweave.nlp.lexicon import EMPLOYER_VERBS, WORKPLACE_VERBS

    lexicon = load_lexicon()
    for verb in WORKPLACE_VERBS | (EMPLOYER_VERBS - {"acquire"}):
        assert any(t.relation == WORKED_AT for t in lexicon.triggers("verb", verb)), verb
