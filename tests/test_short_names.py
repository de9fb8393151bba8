"""Short person names within one post (nlp/short_names.py, resolve/authors.py), on invented sentences."""

from spacy.tokens import Span

from blogweave.models import Extraction, Mention, Post
from blogweave.nlp.short_names import short_names
from blogweave.relations import extract_facts
from blogweave.resolve.entities import resolve_entities
from relations_helpers import hand_doc

# Tobin joined Kestrel Labs.
JOINED = """
Tobin    Tobin    PROPN NNP  nsubj    1
joined   join     VERB  VBD  ROOT     1
Kestrel  Kestrel  PROPN NNP  compound 3
Labs     Labs     PROPN NNP  dobj     1
.        .        PUNCT .    punct    1
"""

# Vell Orrin wrote code . Later Orrin joined Kestrel Labs .
FULL_BEFORE = """
Vell     Vell     PROPN NNP  compound 1
Orrin    Orrin    PROPN NNP  nsubj    2
wrote    write    VERB  VBD  ROOT     2
code     code     NOUN  NN   dobj     2
.        .        PUNCT .    punct    2
Later    later    ADV   RB   advmod   7
Orrin    Orrin    PROPN NNP  nsubj    7
joined   join     VERB  VBD  ROOT     7
Kestrel  Kestrel  PROPN NNP  compound 9
Labs     Labs     PROPN NNP  dobj     7
.        .        PUNCT .    punct    7
"""

# His father Orrin joined Kestrel Labs .
KIN = """
His      his      PRON  PRP$ poss     1
father   father   NOUN  NN   nsubj    3
Orrin    Orrin    PROPN NNP  appos    1
joined   join     VERB  VBD  ROOT     3
Kestrel  Kestrel  PROPN NNP  compound 5
Labs     Labs     PROPN NNP  dobj     3
.        .        PUNCT .    punct    3
"""


def _post(doc, *authors):
    return Post(rel_path="notes/p.md", title="", text=doc.text, date="2022-06-15", authors=authors)


def _triples(doc, post):
    return {(f.subject.name, f.predicate, f.object.name) for f in extract_facts(doc, post)}


def test_an_authors_first_name_stands_for_the_author():
    doc = hand_doc(JOINED, {"Tobin": "PERSON", "Kestrel Labs": "ORG"})
    post = _post(doc, "Tobin Marsh", "Idra Solvang")
    assert _triples(doc, post) == {("Tobin Marsh", "workedAt", "Kestrel Labs")}


def test_a_first_name_two_authors_share_stands_for_nobody():
    doc = hand_doc(JOINED, {"Tobin": "PERSON", "Kestrel Labs": "ORG"})
    post = _post(doc, "Tobin Marsh", "Tobin Quell")
    assert short_names(doc, post) == {}
    assert _triples(doc, post) == set()  # about one of the two, nobody can tell which: no fact


def test_a_team_author_gives_no_first_name():
    doc = hand_doc(JOINED, {"Tobin": "PERSON", "Kestrel Labs": "ORG"})
    assert short_names(doc, _post(doc, "Tobin Release Team")) == {}


def test_a_surname_after_the_full_name_stands_for_that_person():
    doc = hand_doc(FULL_BEFORE, {"Vell Orrin": "PERSON", "Kestrel Labs": "ORG"})
    assert short_names(doc, _post(doc))[6].name == "Vell Orrin"
    assert ("Vell Orrin", "workedAt", "Kestrel Labs") in _triples(doc, _post(doc))


def test_a_relative_named_by_surname_is_not_the_full_named_person():
    doc = hand_doc(FULL_BEFORE.replace("Later    later    ADV   RB   advmod   7", "Her      her      PRON  PRP$ poss     7")
                   .replace("Orrin    Orrin    PROPN NNP  nsubj    7", "Orrin    Orrin    PROPN NNP  nsubj    7"),
                   {"Vell Orrin": "PERSON", "Kestrel Labs": "ORG"})
    assert 6 in short_names(doc, _post(doc))  # "Her Orrin": no kinship word, still the person
    kin = hand_doc(KIN, {"Orrin": "PERSON", "Kestrel Labs": "ORG"})
    assert short_names(kin, _post(kin, "Vell Orrin")) == {}


def test_a_listed_or_organization_word_is_not_retargeted():
    doc = hand_doc(JOINED, {"Tobin": "PERSON", "Kestrel Labs": "ORG"})
    assert short_names(doc, _post(doc, "Ada Kestrel")) == {}  # "Kestrel" is a word of "Kestrel Labs" here


def test_resolve_links_an_authors_short_name_within_its_post_only():
    post = Post(rel_path="a.md", title="", text="", date="2022-06-15", authors=("Tobin Marsh",))
    other = Post(rel_path="b.md", title="", text="", date="2022-06-15", authors=("Idra Solvang",))
    mentions = (Mention("Tobin", "Person", 0, 5, "ner"), Mention("Tobin", "Person", 20, 25, "ner"))
    ents, _, _ = resolve_entities([Extraction(post=post, mentions=mentions, facts=()),
                                   Extraction(post=other, mentions=mentions, facts=())])
    labels = {e.label: e for e in ents}
    assert "Tobin" in labels["Tobin Marsh"].aliases and labels["Tobin Marsh"].posts == ("a.md",)
    assert "Tobin" in labels  # the other post's lone "Tobin" stays its own


# Dana Thomas met Thomas Quell . Mr. Thomas joined Kestrel Labs .
TITLE_OF_ADDRESS = """
Dana     Dana     PROPN NNP  compound 1
Thomas   Thomas   PROPN NNP  nsubj    2
met      meet     VERB  VBD  ROOT     2
Thomas   Thomas   PROPN NNP  compound 4
Quell    Quell    PROPN NNP  dobj     2
.        .        PUNCT .    punct    2
Mr.      Mr.      PROPN NNP  compound 7
Thomas   Thomas   PROPN NNP  nsubj    8
joined   join     VERB  VBD  ROOT     8
Kestrel  Kestrel  PROPN NNP  compound 10
Labs     Labs     PROPN NNP  dobj     8
.        .        PUNCT .    punct    8
"""


def test_a_name_after_a_title_of_address_is_a_surname():
    # "Thomas" alone could be Dana Thomas's surname or Thomas Quell's given name; "Mr. Thomas" is the surname
    doc = hand_doc(TITLE_OF_ADDRESS, {"Dana Thomas": "PERSON", "Thomas Quell": "PERSON", "Kestrel Labs": "ORG"})
    assert short_names(doc, _post(doc))[7].name == "Dana Thomas"
    assert ("Dana Thomas", "workedAt", "Kestrel Labs") in _triples(doc, _post(doc))
    plain = hand_doc(TITLE_OF_ADDRESS.replace("Mr.      Mr.      PROPN NNP  compound 7",
                                              "Later    later    ADV   RB   advmod   8"),
                     {"Dana Thomas": "PERSON", "Thomas Quell": "PERSON", "Kestrel Labs": "ORG"})
    assert 7 not in short_names(plain, _post(plain))  # without the title: either of them, so nobody


def test_he_after_a_short_name_is_the_full_named_person():
    # ... Mr. Thomas joined Kestrel Labs . He left Orrin Works .
    spec = TITLE_OF_ADDRESS + """
He       he       PRON  PRP  nsubj    13
left     leave    VERB  VBD  ROOT     13
Orrin    Orrin    PROPN NNP  compound 15
Works    Works    PROPN NNP  dobj     13
.        .        PUNCT .    punct    13
"""
    doc = hand_doc(spec, {"Dana Thomas": "PERSON", "Thomas Quell": "PERSON",
                          "Kestrel Labs": "ORG", "Orrin Works": "ORG"})
    doc.ents = list(doc.ents) + [Span(doc, 7, 8, label="PERSON")]  # "Thomas" alone, typed a person
    assert ("Dana Thomas", "workedAt", "Orrin Works") in _triples(doc, _post(doc))


def test_called_by_is_the_one_person_with_that_first_or_last_name():
    from blogweave.names import CalledBy

    people = CalledBy()
    people.add("Tobin Q. Marsh")
    people.add("Tobin Marsh")  # the same person without the middle initial
    people.add("Idra Marsh")
    people.add("Adachi Kenzo", by_first_word=False)
    assert people.one("Tobin") == "Tobin Q. Marsh"
    assert people.one("Idra") == "Idra Marsh"
    assert people.one("Marsh") is None  # a family name shared by two people names neither
    assert people.one("Kenzo") == "Adachi Kenzo" and people.one("Adachi") is None
    assert people.one("Pell") is None and CalledBy().one("Tobin") is None and not CalledBy()
