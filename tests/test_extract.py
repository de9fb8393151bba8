"""The per-post stage's own facts: bylines with affiliations."""

from __future__ import annotations

from blogweave.config import Settings
from blogweave.relations.extract import AFFILIATION_RULE, affiliation_facts
from blogweave.models import WORKED_AT
from blogweave.posts.loader import load_post


def test_byline_affiliation_is_a_worked_at_fact(tmp_path):
    path = tmp_path / "queues.md"
    path.write_text(
        "---\ntitle: Notes on queues\nauthor: Jane Quill (Brightwater Analytics), Omar Reyes\n---\n\nWe looked at queues.\n",
        encoding="utf-8",
    )
    post = load_post(path, tmp_path, Settings())
    assert post.authors == ("Jane Quill", "Omar Reyes")
    assert post.affiliations == (("Jane Quill", "Brightwater Analytics", 3),)
    [fact] = affiliation_facts(post)
    assert (fact.subject.name, fact.predicate, fact.object.name) == ("Jane Quill", WORKED_AT, "Brightwater Analytics")
    assert (fact.rule, fact.line, fact.post) == (AFFILIATION_RULE, 3, "queues.md")
    assert fact.start_date is None and fact.end_date is None


def test_byline_without_affiliation_gives_no_fact(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text("---\ntitle: Plain\nauthor: Omar Reyes\n---\n\nText.\n", encoding="utf-8")
    assert list(affiliation_facts(load_post(path, tmp_path, Settings()))) == []


def test_a_given_name_in_a_byline_bracket_is_the_handle_owner_not_an_affiliation(tmp_path):
    path = tmp_path / "gsoc.md"
    path.write_text("---\ntitle: GSoC\nauthor: QuillFan (Tomas)\n---\n\nText.\n", encoding="utf-8")
    post = load_post(path, tmp_path, Settings())
    assert list(affiliation_facts(post, named=set())) == []
    # the same word named as an organization in the post's text is an affiliation
    assert [f.object.name for f in affiliation_facts(post, named={"tomas"})] == ["Tomas"]


def test_a_job_title_after_the_organization_is_not_part_of_its_name():
    from blogweave.relations.extract import without_title

    assert without_title("Kestrel Labs Advisory Board Chair") == "Kestrel Labs Advisory Board"
    assert without_title("Kestrel Labs, CTO") == "Kestrel Labs"
    assert without_title("Kestrel Labs, project lead") == "Kestrel Labs"  # the words before the title go too
    assert without_title("Kestrel Labs, project sponsor") == "Kestrel Labs"  # a role in lower case after a comma
    assert without_title("Kestrel Labs, Quellport") == "Kestrel Labs, Quellport"  # a place stays
    assert without_title("Brightwater Analytics") == "Brightwater Analytics"


def test_organization_shaped_brackets():
    from blogweave.relations.extract import organization_shaped

    assert organization_shaped("Brightwater Analytics")
    assert organization_shaped("EPFL")
    assert organization_shaped("Quorvane")
    assert not organization_shaped("Tomas")
    assert not organization_shaped("and Vexa Core Team")


def test_a_rule_that_fails_on_a_sentence_is_a_warning_not_a_log_line(monkeypatch):
    import spacy

    import blogweave.relations as relations
    from blogweave.models import Post
    from blogweave.relations.extract import extract_post

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Mira Quell joined Brightwater. She left in spring."
    doc = nlp(text)
    post = Post(rel_path="notes/odd.md", title="Odd", text=text, line_starts=(0, 20))

    def fails(sent, **kwargs):
        if sent.start_char:
            raise RuntimeError("odd parse")
        return []

    monkeypatch.setattr(relations, "sentence_facts", fails)
    extraction = extract_post(post, doc)
    assert extraction.warnings == (
        "notes/odd.md:2: relation rules failed on this sentence (RuntimeError: odd parse); its facts are left out",
    )
