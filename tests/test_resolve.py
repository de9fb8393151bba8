"""resolve_entities on hand-made extractions (invented names; no model needed)."""

from __future__ import annotations

import pytest

from blogweave.models import (
    AUTHOR,
    DEVELOPED,
    FUNDED_BY,
    ORGANIZATION,
    PERSON,
    TECHNOLOGY,
    WORKED_AT,
    Arg,
    Extraction,
    Fact,
    Mention,
    Post,
)
from blogweave.resolve.entities import combine_confidence, name_key, resolve_entities


def post(path="2021/leaving.md", title="Leaving", authors=()):
    return Post(rel_path=path, title=title, text="", authors=tuple(authors))


def m(text, type_=ORGANIZATION, start=0, source="ner"):
    return Mention(text, type_, start, start + len(text), source)


def fact(subject, predicate, obj, path="2021/leaving.md", confidence=0.8, start=0, subject_type=PERSON,
         object_type=ORGANIZATION):
    return Fact(Arg(subject, subject_type), predicate, Arg(obj, object_type), path, "evidence.", start, start + 9,
                1, "test.rule.v1", confidence)


def by_label(entities):
    return {e.label: e for e in entities}


@pytest.mark.parametrize("a, b", [
    ("Quillfeather, Inc.", "QUILLFEATHER Inc"),
    ("Quillfeather Inc", "Quillfeather"),
    ("Quillfeather\u2019s", "Quillfeather"),
    ("the Norvane Foundation", "Norvane Foundation"),
    ("Bold Kestrel", "BoldKestrel"),
    ("GPUs", "GPU"),
])
def test_name_key_ignores_case_punctuation_suffixes_and_spaces(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Kestrel Labs", "Kestrel"), ("Norvane", "Norvale")])
def test_name_key_keeps_different_names_apart(a, b):
    assert name_key(a) != name_key(b)


def test_variants_across_posts_merge_into_one_entity_with_aliases():
    one = Extraction(post(), mentions=(m("Quillfeather, Inc.", source="pattern", start=0), m("Quillfeather", start=40)))
    two = Extraction(post("2022/back.md"), mentions=(m("QUILLFEATHER Inc", source="pattern", start=5),
                                                      m("Quillfeather", start=60)))
    entities, _, _ = resolve_entities([one, two])
    orgs = [e for e in entities if e.type == ORGANIZATION]
    assert len(orgs) == 1
    assert orgs[0].label == "Quillfeather"
    assert orgs[0].id == "organization/quillfeather"
    assert set(orgs[0].aliases) == {"Quillfeather, Inc.", "QUILLFEATHER Inc"}
    assert orgs[0].posts == ("2021/leaving.md", "2022/back.md")


def test_rename_link_merges_old_and_new_name():
    mentions = (
        m("Tarn Widgets Inc", source="pattern", start=0),
        m("Ossel Analytics", source="pattern", start=23),
        Mention("Tarn Widgets Inc (then Ossel Analytics)", ORGANIZATION, 0, 39, "rename"),
        m("Tarn Widgets", start=80),
    )
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    orgs = [e for e in entities if e.type == ORGANIZATION]
    assert len(orgs) == 1 and orgs[0].label == "Tarn Widgets"
    assert "Ossel Analytics" in orgs[0].aliases


def test_slash_pair_of_two_different_things_stays_two_entities():
    mentions = (m("Gorvex", TECHNOLOGY, 0, "ruler"), m("Plinth", TECHNOLOGY, 7, "ruler"),
                Mention("Gorvex/Plinth", TECHNOLOGY, 0, 13, "pair"))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    assert sorted(e.label for e in entities if e.type == TECHNOLOGY) == ["Gorvex", "Plinth"]


def test_slash_pair_becomes_alias_when_both_parts_are_one_entity():
    mentions = (
        m("Ossel Analytics", source="pattern", start=0),
        m("Tarn Widgets", source="pattern", start=16),
        Mention("Ossel Analytics (now Tarn Widgets)", ORGANIZATION, 0, 34, "rename"),
        m("Ossel", start=50), m("Tarn Widgets", start=56),
        Mention("Ossel/Tarn Widgets", ORGANIZATION, 50, 68, "pair"),
    )
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    orgs = [e for e in entities if e.type == ORGANIZATION]
    assert len(orgs) == 1
    assert "Ossel/Tarn Widgets" in orgs[0].aliases


def test_short_form_after_long_form_in_same_post_merges_and_long_form_is_the_label():
    mentions = (m("Kestrel Labs", source="pattern", start=0), m("Kestrel", start=30), m("Kestrel", start=60),
                m("Kestrel", PERSON, start=90))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    assert [(e.label, e.type) for e in entities if e.type != PERSON or e.label != "author of Leaving"] == [
        ("Kestrel Labs", ORGANIZATION)]


def test_ambiguous_short_form_is_not_merged():
    mentions = (m("Kestrel Labs", source="pattern", start=0), m("Kestrel Capital", source="pattern", start=20),
                m("Kestrel", source="context", start=40))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    assert {e.label for e in entities if e.type == ORGANIZATION} == {"Kestrel Labs", "Kestrel Capital", "Kestrel"}


def test_middle_initial_variants_of_a_person_merge():
    mentions = (m("Mara Q. Ellison", PERSON, 0), m("Mara Ellison", PERSON, 40))
    entities, _, _ = resolve_entities([Extraction(post(authors=["Mara Q. Ellison"]), mentions=mentions)])
    people = [e for e in entities if e.type == PERSON]
    assert len(people) == 1 and people[0].label == "Mara Q. Ellison"


def test_named_author_is_a_person_merged_with_mentions_and_posts_point_at_it():
    extraction = Extraction(post(authors=["Mara Ellison"]), mentions=(m("Mara Ellison", PERSON, 10),))
    entities, _, posts = resolve_entities([extraction])
    assert posts[0].authors == ("person/mara-ellison",)
    assert by_label(entities)["Mara Ellison"].type == PERSON


def test_anonymous_author_gets_a_stable_node_from_the_post_path():
    entities, _, posts = resolve_entities([Extraction(post("notes/2020-05-01-new-job.md", "A new job"))])
    assert posts[0].authors == ("person/author-of-notes-2020-05-01-new-job-md",)
    assert by_label(entities)["author of A new job"].type == PERSON


def test_facts_map_to_entities_and_merge_evidence_with_combined_confidence():
    one = Extraction(post(), mentions=(m("Quillfeather Inc", source="pattern"),),
                     facts=(fact(AUTHOR, WORKED_AT, "Quillfeather Inc", confidence=0.8),
                            fact(AUTHOR, WORKED_AT, "Quillfeather", confidence=0.5, start=50)))
    entities, facts, posts = resolve_entities([one])
    assert len(facts) == 1
    (resolved,) = facts
    assert resolved.subject == posts[0].authors[0]
    assert resolved.object == "organization/quillfeather-inc"  # the only spelling in a mention
    assert len(resolved.provenance) == 2
    assert resolved.confidence == pytest.approx(0.9)


def test_combined_confidence_grows_with_evidence_and_is_capped():
    assert combine_confidence([0.6]) == pytest.approx(0.6)
    assert combine_confidence([0.6, 0.6]) > 0.6
    assert combine_confidence([0.95, 0.95, 0.95]) == 0.99


def test_facts_violating_domain_or_range_are_dropped():
    mentions = (m("Gorvex", TECHNOLOGY, 0, "ruler"), m("Norvane Foundation", ORGANIZATION, 20, "pattern"))
    facts = (
        fact(AUTHOR, WORKED_AT, "Gorvex", object_type=ORGANIZATION),  # the ruler says Gorvex is a technology
        fact("Gorvex", FUNDED_BY, "Norvane Foundation", subject_type=TECHNOLOGY),
        fact("Norvane Foundation", DEVELOPED, "Norvane Foundation", subject_type=ORGANIZATION,
             object_type=TECHNOLOGY),
    )
    _, resolved, _ = resolve_entities([Extraction(post(), mentions=mentions, facts=facts)])
    assert [(f.subject, f.predicate, f.object) for f in resolved] == [
        ("technology/gorvex", FUNDED_BY, "organization/norvane-foundation")]


def test_fact_type_outweighs_a_lone_ner_guess():
    # "I joined Pellucid" (a rule's Organization) beats NER's single PERSON guess.
    extraction = Extraction(post(), mentions=(m("Pellucid", PERSON, 10),),
                            facts=(fact(AUTHOR, WORKED_AT, "Pellucid"),))
    entities, facts, _ = resolve_entities([extraction])
    assert by_label(entities)["Pellucid"].type == ORGANIZATION
    assert len(facts) == 1


def test_single_ner_only_mention_is_not_a_node_but_confident_ones_are():
    mentions = (m("Harbor Notes", ORGANIZATION, 0), m("Gorvex", TECHNOLOGY, 20, "ruler"),
                m("KindWidget", ORGANIZATION, 40), m("Ilse Marrow", PERSON, 60))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    labels = {e.label for e in entities}
    assert "Harbor Notes" not in labels
    assert {"Gorvex", "KindWidget", "Ilse Marrow"} <= labels


def test_type_vote_prefers_ruler_over_ner():
    mentions = (m("Gorvex", TECHNOLOGY, 0, "ruler"), m("Gorvex", ORGANIZATION, 20), m("Gorvex", ORGANIZATION, 40))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    assert by_label(entities)["Gorvex"].type == TECHNOLOGY


def test_ids_depend_on_the_label_only_and_collisions_are_told_apart():
    # "Zoë" and "Zoe" are different names (different keys) with the same ASCII slug.
    mentions = (m("Zoë", TECHNOLOGY, 0, "ruler"), m("Zoe", TECHNOLOGY, 20, "ruler"))
    first, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    again, _, _ = resolve_entities([Extraction(post(), mentions=tuple(reversed(mentions)))])
    assert [(e.id, e.label) for e in first] == [(e.id, e.label) for e in again]
    ids = dict((e.label, e.id) for e in first if e.type == TECHNOLOGY)
    assert ids["Zoe"] == "technology/zoe"
    assert ids["Zoë"].startswith("technology/zoe-") and ids["Zoë"] != ids["Zoe"]
    # alone, each keeps the id it has beside the other: ids never depend on other entities
    alone, _, _ = resolve_entities([Extraction(post(), mentions=mentions[:1])])
    assert [e.id for e in alone if e.type == TECHNOLOGY] == [ids["Zoë"]]


def test_adding_a_post_changes_no_existing_id():
    posts = [
        Extraction(post("a.md", "A", ["Ada Brisk"]), mentions=(m("Quarrel", TECHNOLOGY, 0, "ruler"),
                   m("Brisk", PERSON, 20), m("Halden Works", ORGANIZATION, 40, "pattern"))),
        Extraction(post("c.md", "C"), mentions=(m("Brisk", PERSON, 0), m("Brisk", PERSON, 30),
                   m("Tovi Marsh", PERSON, 50))),
        Extraction(post("d.md", "D"), mentions=(m("Zoë", TECHNOLOGY, 0, "ruler"),)),
    ]
    before, _, _ = resolve_entities(posts)
    added = Extraction(post("b.md", "B", ["Tovi Marsh"]), mentions=(
        m("Zoe", TECHNOLOGY, 0, "ruler"), m("Brisk", PERSON, 10), m("Brisk", PERSON, 30),
        m("Halden Works", ORGANIZATION, 40, "pattern"), m("Quarrel", TECHNOLOGY, 60, "ruler")))
    after, _, _ = resolve_entities([posts[0], added, *posts[1:]])
    ids_after = {e.id for e in after}
    assert {e.id for e in before} <= ids_after
    for entity in before:  # and each id still names the same thing
        assert next(e for e in after if e.id == entity.id).label == entity.label


def test_a_frequent_short_name_keeps_its_own_node():
    # "Quarrel" stands alone in four posts; "Quarrel CLI" is in one of them: it is not a short form of it
    posts = [Extraction(post(f"p{i}.md", f"P{i}"), mentions=(m("Quarrel", TECHNOLOGY, 0),  m("Quarrel", TECHNOLOGY, 9)))
             for i in range(4)]
    posts[0] = Extraction(post("p0.md", "P0"), mentions=(m("Quarrel CLI", TECHNOLOGY, 0, "ruler"),
                                                           m("Quarrel", TECHNOLOGY, 30), m("Quarrel", TECHNOLOGY, 50)))
    entities = by_label(resolve_entities(posts)[0])
    assert "Quarrel" in entities and "Quarrel CLI" in entities
    assert entities["Quarrel"].posts == ("p0.md", "p1.md", "p2.md", "p3.md")
    assert "Quarrel" not in entities["Quarrel CLI"].aliases
    # a short form used only where its long form is ("Globex" after "Globex Labs") still merges
    one = [Extraction(post("g.md", "G"), mentions=(m("Globex Labs", ORGANIZATION, 0, "pattern"),
                                                    m("Globex", ORGANIZATION, 30)))]
    assert by_label(resolve_entities(one)[0])["Globex Labs"].aliases == ("Globex",)


def test_a_lone_name_that_stands_alone_is_one_entity_across_posts_but_not_when_linked_to_a_full_name():
    posts = [
        Extraction(post("a.md", "A"), mentions=(m("Orvell", PERSON, 0), m("Orvell", PERSON, 20))),
        Extraction(post("b.md", "B"), mentions=(m("Orvell", PERSON, 0), m("Orvell", PERSON, 20))),
        Extraction(post("c.md", "C"), mentions=(m("Ines Orvell", PERSON, 0), m("Orvell", PERSON, 20))),
    ]
    people = {e.label: e for e in resolve_entities(posts)[0] if e.type == PERSON and e.mentions}
    assert people["Orvell"].posts == ("a.md", "b.md")
    assert people["Ines Orvell"].posts == ("c.md",)


def test_surname_after_full_name_in_same_post_is_the_same_person():
    mentions = (m("Ilse Marrow", PERSON, 0), m("Marrow", PERSON, 40), m("Marrow", ORGANIZATION, 70))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    people = [e for e in entities if e.label != "author of Leaving"]
    assert [(e.label, e.type, e.aliases) for e in people] == [("Ilse Marrow", PERSON, ("Marrow",))]


def test_single_ner_mention_kept_only_as_a_verb_argument_of_several_words_or_an_acronym():
    mentions = (
        m("Harrowgate Water Board", ORGANIZATION, 0, "ner-clause"),  # "The Harrowgate Water Board fined ..."
        m("ZKT", ORGANIZATION, 40, "ner-clause"),
        m("Oskel Farms", ORGANIZATION, 80, "ner"),  # a heading: no verb
        m("Varnel", ORGANIZATION, 120, "ner-clause"),  # one word: as often a mistyped surname
    )
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    labels = set(by_label(entities))
    assert {"Harrowgate Water Board", "ZKT"} <= labels
    assert not labels & {"Oskel Farms", "Varnel"}


def test_one_spelling_is_one_entity_within_a_post_even_a_lone_surname():
    # "Jo Rhea Vance ... J. R. Vance ... Vance ... Vance": initials and the lone surname all name her.
    mentions = (m("Jo Rhea Vance", PERSON, 0), m("J. R. Vance", PERSON, 40, "context"),
                m("Vance", PERSON, 80, "context"), m("Vance", PERSON, 120, "context"))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    people = [e for e in entities if e.type == PERSON and not e.label.startswith("author of")]
    assert len(people) == 1 and people[0].label == "Jo Rhea Vance"
    assert set(people[0].aliases) == {"J. R. Vance", "Vance"}


def test_initials_that_fit_two_names_link_neither():
    mentions = (m("Jo Vance", PERSON, 0), m("Jules Vance", PERSON, 40), m("J. Vance", PERSON, 80, "context"))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    assert {"Jo Vance", "Jules Vance", "J. Vance"} <= set(by_label(entities))


def test_last_word_of_an_organization_is_its_short_form_in_the_post():
    mentions = (m("University of Dunmere", ORGANIZATION, 0, "pattern"), m("Dunmere", ORGANIZATION, 50, "ner-clause"),
                m("Eastland Navy", ORGANIZATION, 90, "ner-clause"), m("Navy", ORGANIZATION, 120, "context"))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    labels = by_label(entities)
    assert labels["University of Dunmere"].aliases == ("Dunmere",)
    assert labels["Eastland Navy"].aliases == ("Navy",)


def test_an_acronym_is_the_one_longer_name_it_spells_in_the_post():
    mentions = (m("Eastmoor Rail Authority", ORGANIZATION, 0, "pattern"), m("ERA", ORGANIZATION, 60, "ner-clause"),
                m("CSW", ORGANIZATION, 90, "ner-clause"), m("Council of State Widgets", ORGANIZATION, 120, "pattern"),
                m("Council of Small Wares", ORGANIZATION, 160, "pattern"))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    labels = by_label(entities)
    assert labels["Eastmoor Rail Authority"].aliases == ("ERA",)
    assert "CSW" in labels  # two names spell it: neither is taken


def test_a_fact_argument_in_short_form_joins_the_one_longer_name():
    extraction = Extraction(post(), mentions=(m("Oskar Ferro Vell", PERSON, 0), m("Quorra Labs", ORGANIZATION, 40)),
                            facts=(fact("Ferro Vell", WORKED_AT, "Quorra Labs"),))
    entities, facts, _ = resolve_entities([extraction])
    people = [e for e in entities if e.type == PERSON and not e.label.startswith("author of")]
    assert [p.label for p in people] == ["Oskar Ferro Vell"]
    assert [(f.subject, f.object) for f in facts] == [(people[0].id, by_label(entities)["Quorra Labs"].id)]


def test_a_titled_form_is_an_alias_of_the_person():
    mentions = (m("Mrs. Vellmar", PERSON, 0, "titled"), m("Vellmar", PERSON, 5, "context"))
    entities, _, _ = resolve_entities([Extraction(post(), mentions=mentions)])
    assert by_label(entities)["Vellmar"].aliases == ("Mrs. Vellmar",)


def test_a_first_name_in_the_text_is_the_one_author_of_the_post_with_that_name():
    authors = ["Oskar Vell", "Mara Ellison"]
    extraction = Extraction(post(authors=authors), mentions=(m("Oskar", PERSON, 0), m("Quorra Labs", ORGANIZATION, 40)),
                            facts=(fact("Oskar", WORKED_AT, "Quorra Labs"),))
    entities, facts, _ = resolve_entities([extraction])
    people = sorted(e.label for e in entities if e.type == PERSON)
    assert people == ["Mara Ellison", "Oskar Vell"]
    assert [f.subject for f in facts] == [by_label(entities)["Oskar Vell"].id]


def test_a_first_name_two_authors_share_links_to_neither():
    extraction = Extraction(post(authors=["Oskar Vell", "Oskar Brandt"]), mentions=(m("Oskar", PERSON, 0),),
                            facts=(fact("Oskar", WORKED_AT, "Quorra Labs"),))
    entities, facts, _ = resolve_entities([extraction])
    subject = next(e for e in entities if e.id == facts[0].subject)
    assert subject.label == "Oskar"


def test_a_name_with_an_organization_word_keeps_its_group_an_organization():
    # "Vexamoor Corporation" once, and NER calls the short "Vexamoor" a person three times.
    one = Extraction(post(), mentions=(m("Vexamoor Corporation", start=0), m("Vexamoor", PERSON, start=40),
                                       m("Vexamoor", PERSON, start=80), m("Vexamoor", PERSON, start=120)))
    entities, _, _ = resolve_entities([one])
    vexamoor = [e for e in entities if "Vexamoor" in e.label]
    assert vexamoor and all(e.type == ORGANIZATION for e in vexamoor)


def test_a_person_group_without_an_organization_word_stays_a_person():
    one = Extraction(post(), mentions=(m("Tarn Vexamoor", PERSON, start=0), m("Vexamoor", PERSON, start=40)))
    entities, _, _ = resolve_entities([one])
    assert [e.type for e in entities if "Vexamoor" in e.label] == [PERSON]


def test_a_campus_and_its_initials_are_one_organization_across_posts():
    one = Extraction(post(), mentions=(m("University of Vexland, Quellport", start=0),))
    two = Extraction(post("2022/b.md"), mentions=(m("UV Quellport", start=0), m("UV Quellport", start=30)))
    entities, _, _ = resolve_entities([one, two])
    names = [e for e in entities if "Quellport" in e.label]
    assert len(names) == 1 and "UV Quellport" in (names[0].label, *names[0].aliases)


def test_another_campus_keeps_its_own_entity():
    one = Extraction(post(), mentions=(m("University of Vexland, Quellport", start=0),
                                       m("University of Vexland, Quellport", start=50)))
    two = Extraction(post("2022/b.md"), mentions=(m("UV Ostrybay", start=0), m("UV Ostrybay", start=30)))
    entities, _, _ = resolve_entities([one, two])
    assert len([e for e in entities if e.label.startswith(("University", "UV"))]) == 2
