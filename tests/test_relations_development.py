"""developed rules on hand-built parses of invented sentences (no model needed)."""

import pytest

from relations_helpers import hand_doc, triples

# One hand-built parse per construction: (parse, entities, expected (subject, predicate, object)).
CASES = [
    # I spent two years developing Quillpad.
    (
        """
    I           I         PRON  PRP  nsubj     1
    spent       spend     VERB  VBD  ROOT      1
    two         two       NUM   CD   nummod    3
    years       year      NOUN  NNS  dobj      1
    developing  develop   VERB  VBG  xcomp     1
    Quillpad    Quillpad  PROPN NNP  dobj      4
    .           .         PUNCT .    punct     1
        """,
        {'Quillpad': 'TECH'},
        {('@author', 'developed', 'Quillpad')},
    ),
    # I maintain Quillpad and Inkwell.
    (
        """
    I         I         PRON  PRP  nsubj     1
    maintain  maintain  VERB  VBP  ROOT      1
    Quillpad  Quillpad  PROPN NNP  dobj      1
    and       and       CCONJ CC   cc        2
    Inkwell   Inkwell   PROPN NNP  conj      2
    .         .         PUNCT .    punct     1
        """,
        {'Quillpad': 'TECH', 'Inkwell': 'TECH'},
        {('@author', 'developed', 'Quillpad'), ('@author', 'developed', 'Inkwell')},
    ),
    # Quillpad, developed by Tallow Systems, is free.
    (
        """
    Quillpad   Quillpad  PROPN NNP  nsubj     7
    ,          ,         PUNCT ,    punct     0
    developed  develop   VERB  VBN  acl       0
    by         by        ADP   IN   agent     2
    Tallow     Tallow    PROPN NNP  compound  5
    Systems    Systems   PROPN NNP  pobj      3
    ,          ,         PUNCT ,    punct     0
    is         be        AUX   VBZ  ROOT      7
    free       free      ADJ   JJ   acomp     7
    .          .         PUNCT .    punct     7
        """,
        {'Tallow Systems': 'ORG', 'Quillpad': 'TECH'},
        {('Tallow Systems', 'developed', 'Quillpad')},
    ),
    # Mara Quint is the original author of Quillpad.
    (
        """
    Mara      Mara      PROPN NNP  compound  1
    Quint     Quint     PROPN NNP  nsubj     2
    is        be        AUX   VBZ  ROOT      2
    the       the       DET   DT   det       5
    original  original  ADJ   JJ   amod      5
    author    author    NOUN  NN   attr      2
    of        of        ADP   IN   prep      5
    Quillpad  Quillpad  PROPN NNP  pobj      6
    .         .         PUNCT .    punct     2
        """,
        {'Mara Quint': 'PERSON', 'Quillpad': 'TECH'},
        {('Mara Quint', 'developed', 'Quillpad')},
    ),
    # I was hired to lead the Quillpad team.
    (
        """
    I         I         PRON  PRP  nsubjpass 2
    was       be        AUX   VBD  auxpass   2
    hired     hire      VERB  VBN  ROOT      2
    to        to        PART  TO   aux       4
    lead      lead      VERB  VB   xcomp     2
    the       the       DET   DT   det       7
    Quillpad  Quillpad  PROPN NNP  compound  7
    team      team      NOUN  NN   dobj      4
    .         .         PUNCT .    punct     2
        """,
        {'Quillpad': 'TECH'},
        {('@author', 'developed', 'Quillpad')},
    ),
    # Mara Quint mentioned Quillpad at Tallow Systems.
    (
        """
    Mara       Mara      PROPN NNP  compound  1
    Quint      Quint     PROPN NNP  nsubj     2
    mentioned  mention   VERB  VBD  ROOT      2
    Quillpad   Quillpad  PROPN NNP  dobj      2
    at         at        ADP   IN   prep      2
    Tallow     Tallow    PROPN NNP  compound  6
    Systems    Systems   PROPN NNPS pobj      4
    .          .         PUNCT .    punct     2
        """,
        {'Mara Quint': 'PERSON', 'Tallow Systems': 'ORG', 'Quillpad': 'TECH'},
        set(),
    ),
]


@pytest.mark.parametrize("spec, ents, expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_rule_table(spec, ents, expected):
    assert triples(hand_doc(spec, ents)) == expected


# ---------------------------------------------------------------- with the English model
# Invented sentences through the whole pipeline (entities typed from context, then the rules).

@pytest.fixture(scope="module")
def model_triples():
    from blogweave.models import Post
    from blogweave.nlp.pipeline import load_nlp
    from blogweave.relations import extract_facts

    nlp = load_nlp()

    def run(text: str) -> set[tuple[str, str, str]]:
        doc = nlp(text)
        post = Post(rel_path="notes/test.md", title="A test post", text=text, date="2022-06-15")
        return {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, post)
                if f.predicate == "developed"}

    return run


@pytest.mark.parametrize("text, expected", [
    # a maker title's object is a technology, even one NER did not see; coordinated objects too
    ("Mira Quell is a core developer of Zorblex.", {("Mira Quell", "developed", "Zorblex")}),
    ("Anna Hesk is one of the maintainers of Fennix and Zorblex.",
     {("Anna Hesk", "developed", "Fennix"), ("Anna Hesk", "developed", "Zorblex")}),
    # a lower-case package name that is no English word, in a strong technology context
    ("Benjamin Quell is the author of the vexlib library.", {("Benjamin Quell", "developed", "vexlib")}),
    # a member of a technology's team
    ("Quillpad is a library. Peter Arkin has been a Quillpad core team member for years.",
     {("Peter Arkin", "developed", "Quillpad")}),
    # one's own making work, named with a possessive
    ("Maria Lunde is known for her work on the design of the Fennix project.",
     {("Maria Lunde", "developed", "Fennix")}),
    ("The prize goes to David Vask for his development of the Zorblex library.",
     {("David Vask", "developed", "Zorblex")}),
    # an organization's made work named by its name; a language it uses is not its work
    ("Brevik Labs is a company. Brevik Labs's Quillpad plugin is popular.",
     {("Brevik Labs", "developed", "Quillpad")}),
    ("Brevik Labs is a company. Brevik Labs's Python library is popular.", set()),
    # "developed by X (A, B)": the bracketed names are X's people, not makers
    ("Quillpad was developed by Brevik Labs (David Vask, Maria Lunde).",
     {("Brevik Labs", "developed", "Quillpad")}),
])
def test_model_development_constructions(model_triples, text, expected):
    assert model_triples(text) == expected


@pytest.mark.parametrize("text", [
    "I am building a GPU dataframe library with Fennix.",  # a kind of library, using Fennix: nothing made
    "Mira Quell would help develop Zorblex.",  # hypothetical
    "Mira Quell is not a developer of Zorblex.",  # negated
    "Mira Quell, a Rust contributor, spoke first.",  # a language before a maker title: a skill
])
def test_model_development_non_facts(model_triples, text):
    assert model_triples(text) == set()
