"""Facts a name states on its own, on hand-built parses of invented sentences (relations/development.py)."""

from spacy.tokens import Span

from relations_helpers import hand_doc, triples

# Kestrel is a company. Many teams use Kestrel Quillpad.
TWO_SENTENCES = """
Kestrel   Kestrel   PROPN NNP nsubj    1
is        be        AUX   VBZ ROOT     1
a         a         DET   DT  det      3
company   company   NOUN  NN  attr     1
.         .         PUNCT .   punct    1
Many      many      ADJ   JJ  amod     6
teams     team      NOUN  NNS nsubj    7
use       use       VERB  VBP ROOT     7
Kestrel   Kestrel   PROPN NNP compound 9
{last}    {last}    PROPN NNP dobj     7
.         .         PUNCT .   punct    7
"""


def _doc(last: str, ents: list[tuple[int, int, str]], spec: str = TWO_SENTENCES):
    doc = hand_doc(spec.format(last=last))
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def made(doc) -> set:
    """The developed facts of ``doc``."""
    return {t for t in triples(doc) if t[1] == "developed"}


def test_product_named_after_an_organization_of_the_post():
    doc = _doc("Quillpad", [(0, 1, "ORG"), (8, 10, "TECH")])
    assert ("Kestrel", "developed", "Kestrel Quillpad") in triples(doc)


def test_organization_right_before_its_product():
    doc = _doc("Quillpad", [(0, 1, "ORG"), (8, 9, "ORG"), (9, 10, "TECH")])
    assert ("Kestrel", "developed", "Quillpad") in triples(doc)


def test_a_part_or_program_of_the_organization_is_no_product():
    for last in ("Research", "Sponsors", "Labs", "SIG", "Slack", "Receiver"):
        doc = _doc(last, [(0, 1, "ORG"), (8, 10, "TECH")])
        assert not made(doc), last


def test_no_maker_from_a_name_cut_short():
    # Many teams join Kestrel Summer of Code.   ("Kestrel Summer" typed alone: the name goes on)
    spec = TWO_SENTENCES.replace("{last}    {last}    PROPN NNP dobj     7\n.         .         PUNCT .   punct    7",
                                 "{last}    {last}    PROPN NNP dobj     7\nof of ADP IN prep 9\nCode Code PROPN NNP pobj 10\n"
                                 ".         .         PUNCT .   punct    7")
    doc = _doc("Summer", [(0, 1, "ORG"), (8, 10, "TECH")], spec)
    assert not made(doc)


def test_no_maker_from_a_name_that_modifies_a_technology_noun():
    # Many teams use Kestrel Dependency submission API.   (the product is the API, "Kestrel Dependency" a part)
    spec = TWO_SENTENCES.replace("{last}    {last}    PROPN NNP dobj     7",
                                 "{last}    {last}    PROPN NNP compound 11\nsubmission submission NOUN NN compound 11\n"
                                 "API API PROPN NNP dobj 7")
    doc = _doc("Dependency", [(0, 1, "ORG"), (8, 10, "TECH")], spec)
    assert not made(doc)
    doc = _doc("Quillpad", [(0, 1, "ORG"), (8, 10, "TECH")])  # the same name as the object itself
    assert ("Kestrel", "developed", "Kestrel Quillpad") in triples(doc)


# Zorblex is a game developed and published by Kestrel Labs.   ("developed" mis-tagged as a past tense)
PARTICIPLE_AS_PAST = """
Zorblex    Zorblex    PROPN NNP nsubj    1
is         be         AUX   VBZ ROOT     1
a          a          DET   DT  det      3
game       game       NOUN  NN  attr     1
developed  develop    VERB  VBD acl      3
and        and        CCONJ CC  cc       4
published  publish    VERB  VBN conj     4
by         by         ADP   IN  agent    6
Kestrel    Kestrel    PROPN NNP compound 9
Labs       Labs       PROPN NNP pobj     7
.          .          PUNCT .   punct    1
"""


def test_a_participle_tagged_as_past_tense_still_describes_the_noun():
    doc = hand_doc(PARTICIPLE_AS_PAST, {"Zorblex": "TECH", "Kestrel Labs": "ORG"})
    assert ("Kestrel Labs", "developed", "Zorblex") in triples(doc)


# Zorblex was published by Kestrel Labs.
PUBLISHED = """
Zorblex    Zorblex    PROPN NNP nsubjpass 2
was        be         AUX   VBD auxpass   2
published  publish    VERB  VBN ROOT      2
by         by         ADP   IN  agent     2
Kestrel    Kestrel    PROPN NNP compound  5
Labs       Labs       PROPN NNP pobj      3
.          .          PUNCT .   punct     2
"""


def test_a_publisher_is_not_the_maker():
    for verb, lemma in (("published", "publish"), ("released", "release")):
        doc = hand_doc(PUBLISHED.replace("published  publish", f"{verb:10} {lemma:10}"),
                       {"Zorblex": "TECH", "Kestrel Labs": "ORG"})
        assert triples(doc) == set(), verb
    doc = hand_doc(PUBLISHED.replace("published  publish", "produced   produce   "), {"Zorblex": "TECH", "Kestrel Labs": "ORG"})
    assert triples(doc) == {("Kestrel Labs", "developed", "Zorblex")}


# Ada Vey, a member of the Orrin Town Council, spoke.
MEMBER_OF = """
Ada      Ada      PROPN NNP compound 1
Vey      Vey      PROPN NNP nsubj    11
,        ,        PUNCT ,   punct    1
a        a        DET   DT  det      4
member   member   NOUN  NN  appos    1
of       of       ADP   IN  prep     4
the      the      DET   DT  det      9
Orrin    Orrin    PROPN NNP compound 9
Town     Town     PROPN NNP compound 9
Council  Council  PROPN NNP pobj     5
,        ,        PUNCT ,   punct    1
spoke    speak    VERB  VBD ROOT     11
.        .        PUNCT .   punct    11
"""


def test_a_member_works_in_a_body_not_in_a_party_or_band():
    doc = hand_doc(MEMBER_OF, {"Ada Vey": "PERSON", "Orrin Town Council": "ORG"})
    assert triples(doc) == {("Ada Vey", "workedAt", "Orrin Town Council")}
    for name in ("Party", "Society"):
        doc = hand_doc(MEMBER_OF.replace("Council  Council", f"{name:8} {name:8}"),
                       {"Ada Vey": "PERSON", f"Orrin Town {name}": "ORG"})
        assert triples(doc) == set(), name
    staff = MEMBER_OF.replace("a        a        DET   DT  det      4", "staff    staff    NOUN  NN  compound 4")
    doc = hand_doc(staff.replace("Council  Council", "Party    Party   "), {"Ada Vey": "PERSON", "Orrin Town Party": "ORG"})
    assert triples(doc) == {("Ada Vey", "workedAt", "Orrin Town Party")}  # a staff member works there


# Ada Vey is a professor at Tallow University 's School of Law .
PART_OF_ORGANIZATION = """
Ada         Ada         PROPN NNP compound 1
Vey         Vey         PROPN NNP nsubj    2
is          be          AUX   VBZ ROOT     2
a           a           DET   DT  det      4
professor   professor   NOUN  NN  attr     2
at          at          ADP   IN  prep     4
Tallow      Tallow      PROPN NNP compound 7
University  University  PROPN NNP poss     9
's          's          PART  POS case     7
School      School      PROPN NNP pobj     5
of          of          ADP   IN  prep     9
Law         Law         PROPN NNP pobj     10
.           .           PUNCT .   punct    2
"""


def test_a_title_at_a_part_of_an_organization_is_at_the_organization():
    # the school is a unit of the university (employment.unit_of.v1): one fact, at the whole
    doc = hand_doc(PART_OF_ORGANIZATION, {"Ada Vey": "PERSON", "Tallow University": "ORG", "School of Law": "ORG"})
    assert triples(doc) == {("Ada Vey", "workedAt", "Tallow University")}


# Zorblex was designed by Ada Vey and built by Mara Quint.
TWO_PASSIVES = """
Zorblex   Zorblex   PROPN NNP nsubjpass 2
was       be        AUX   VBD auxpass   2
designed  design    VERB  VBN ROOT      2
by        by        ADP   IN  agent     2
Ada       Ada       PROPN NNP compound  5
Vey       Vey       PROPN NNP pobj      3
and       and       CCONJ CC  cc        2
built     build     VERB  VBN conj      2
by        by        ADP   IN  agent     7
Mara      Mara      PROPN NNP compound  10
Quint     Quint     PROPN NNP pobj      8
.         .         PUNCT .   punct     2
"""


def test_a_participle_coordinated_with_a_passive_shares_its_subject():
    doc = hand_doc(TWO_PASSIVES, {"Zorblex": "TECH", "Ada Vey": "PERSON", "Mara Quint": "PERSON"})
    assert triples(doc) == {("Ada Vey", "developed", "Zorblex"), ("Mara Quint", "developed", "Zorblex")}


# Ada Vey founded the Orrin Tone record label.
FOUNDED_LABEL = """
Ada      Ada      PROPN NNP compound 1
Vey      Vey      PROPN NNP nsubj    2
founded  found    VERB  VBD ROOT     2
the      the      DET   DT  det      7
Orrin    Orrin    PROPN NNP compound 5
Tone     Tone     PROPN NNP compound 7
record   record   NOUN  NN  compound 7
label    label    NOUN  NN  dobj     2
.        .        PUNCT .   punct    2
"""


def test_an_organization_named_with_its_kind():
    doc = hand_doc(FOUNDED_LABEL, {"Ada Vey": "PERSON", "Orrin Tone": "ORG"})
    assert triples(doc) == {("Ada Vey", "founded", "Orrin Tone")}


# The daughter of the painter Jo Barr , she taught at Orrin College .   (parsed with Jo Barr apposed to "daughter")
CLOSE_APPOSITION = """
The       the       DET   DT  det      1
daughter  daughter  NOUN  NN  nsubj    10
of        of        ADP   IN  prep     1
the       the       DET   DT  det      4
painter   painter   NOUN  NN  pobj     2
Jo        Jo        PROPN NNP compound 6
Barr      Barr      PROPN NNP appos    1
,         ,         PUNCT ,   punct    10
she       she       PRON  PRP nsubj    10
also      also      ADV   RB  advmod   10
taught    teach     VERB  VBD ROOT     10
at        at        ADP   IN  prep     10
Orrin     Orrin     PROPN NNP compound 13
College   College   PROPN NNP pobj     11
.         .         PUNCT .   punct    10
"""


def test_an_apposition_without_a_comma_names_the_word_before_it():
    doc = hand_doc(CLOSE_APPOSITION, {"Jo Barr": "PERSON", "Orrin College": "ORG"})
    assert ("Jo Barr", "workedAt", "Orrin College") not in triples(doc)


# Ada Vey ( born 1970 , Tarnby ) is the founder of Orrin Works .   (parsed with Tarnby as a second subject)
BRACKETED_SUBJECT = """
Ada      Ada      PROPN NNP   compound  1
Vey      Vey      PROPN NNP   nsubj     8
(        (        PUNCT -LRB- punct     3
born     bear     VERB  VBN   parataxis 1
1970     1970     NUM   CD    npadvmod  3
,        ,        PUNCT ,     punct     3
Tarnby   Tarnby   PROPN NNP   nsubj     8
)        )        PUNCT -RRB- punct     6
is       be       AUX   VBZ   ROOT      8
the      the      DET   DT    det       10
founder  founder  NOUN  NN    attr      8
of       of       ADP   IN    prep      10
Orrin    Orrin    PROPN NNP   compound  13
Works    Works    PROPN NNP   pobj      11
.        .        PUNCT .     punct     8
"""


def test_a_name_in_brackets_beside_the_subject_is_no_subject():
    doc = hand_doc(BRACKETED_SUBJECT, {"Ada Vey": "PERSON", "Tarnby": "PERSON", "Orrin Works": "ORG"})
    assert triples(doc) == {("Ada Vey", "founded", "Orrin Works")}


def test_a_kind_of_a_listed_technology_is_no_product_of_the_prefix():
    # "Kestrel Linux": Linux (nlp/data/technologies.txt) is made by others, Kestrel names a kind or a copy;
    # "Kestrel GPU" names a kind of hardware, not one product
    for last in ("Linux", "GPU"):
        doc = _doc(last, [(0, 1, "ORG"), (8, 9, "ORG"), (9, 10, "TECH")])
        assert not made(doc), last


def test_a_programme_group_or_role_of_the_organization_is_no_product():
    for last in ("Community", "Grant", "Program", "Lead", "Pathways"):
        doc = _doc(last, [(0, 1, "ORG"), (8, 10, "TECH")])
        assert not made(doc), last


def test_a_lower_case_word_after_the_organization_is_no_product_name():
    doc = _doc("sanitizer", [(0, 1, "ORG"), (8, 9, "ORG"), (9, 10, "TECH")])
    assert not made(doc)


def test_a_listed_organization_names_its_listed_product():
    # Many teams use Microsoft Windows.   (both names in nlp/data: the maker's own product)
    doc = _doc("Windows", [(0, 1, "ORG"), (8, 9, "ORG"), (9, 10, "TECH")],
               TWO_SENTENCES.replace("Kestrel   Kestrel   PROPN NNP compound 9", "Microsoft Microsoft PROPN NNP compound 9"))
    assert ("Microsoft", "developed", "Windows") in triples(doc)


def test_an_unknown_word_right_before_a_product_is_no_maker_unless_named_alone():
    # "Many teams use Kestrel Quillpad" where only this mention types Kestrel: the product's first word
    doc = _doc("Quillpad", [(8, 9, "ORG"), (9, 10, "TECH")])
    assert not made(doc)


def test_an_acronym_in_the_plural_names_instances_not_a_product():
    doc = _doc("VPCs", [(0, 1, "ORG"), (8, 9, "ORG"), (9, 10, "TECH")])
    assert not made(doc)


# Mara Quint - Quillpad co-founder and Zork maintainer   (each title with its own name before it)
TWO_TITLES = """
Mara        Mara        PROPN NNP compound 1
Quint       Quint       PROPN NNP ROOT     1
-           -           PUNCT :   punct    1
Quillpad    Quillpad    PROPN NNP compound 4
co-founder  co-founder  NOUN  NN  appos    1
and         and         CCONJ CC  cc       4
Zork        Zork        PROPN NNP compound 7
maintainer  maintainer  NOUN  NN  conj     4
"""


def test_one_titles_own_name_is_not_the_coordinated_titles():
    doc = hand_doc(TWO_TITLES)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="ORG"), Span(doc, 6, 7, label="TECH")]
    found = triples(doc)
    assert ("Mara Quint", "founded", "Quillpad") in found and ("Mara Quint", "developed", "Zork") in found
    assert ("Mara Quint", "founded", "Zork") not in found
