"""Document context: section topics from headings, who "I" and "we" are, quoted text (no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from blogweave.models import AUTHOR, ORGANIZATION, PERSON, TECHNOLOGY, Arg, Post
from blogweave.nlp.document import document_context

NLP = spacy.blank("en")


def parsed(text: str, names: dict[str, str], **post):
    """A doc of ``text`` with every occurrence of each name as an entity of the given label, and its Post."""
    doc = NLP(text)
    spans = []
    for name, label in names.items():
        start = 0
        while (at := text.find(name, start)) >= 0:
            spans.append(doc.char_span(at, at + len(name), label=label))
            start = at + len(name)
    doc.ents = [s for s in spans if isinstance(s, Span)]
    return doc, Post(rel_path="p.md", text=text, **{"title": "", **post})


def at(text: str, words: str) -> int:
    return text.index(words)


def test_a_heading_naming_one_entity_is_the_topic_of_its_section():
    text = "Spring news.\n\nVantor\n\nThis project grew.\n\nOther things\n\nThe project is quiet."
    doc, post = parsed(text, {"Vantor": "TECH"}, title="Spring news",
                       regions=(("h2", at(text, "Vantor"), at(text, "Vantor") + 6),
                                ("h2", at(text, "Other"), at(text, "Other") + 12)))
    context = document_context(doc, post)
    assert context.topic(at(text, "This project")) == Arg("Vantor", TECHNOLOGY)
    assert context.topic(at(text, "The project is")) is None  # the next heading names nothing
    assert context.topic(0) is None  # the title names nothing either


def test_the_title_is_the_topic_before_the_first_heading():
    text = "Welcome to Drumlane.\n\nThe company hired me."
    doc, post = parsed(text, {"Drumlane": "ORG"}, title="Welcome to Drumlane.")
    assert document_context(doc, post).topic(at(text, "The company")) == Arg("Drumlane", ORGANIZATION)


def test_we_is_the_site_owner_or_an_organization_author_never_a_person_author():
    text = "We fund Vantor."
    doc, post = parsed(text, {}, site_owner="Quellbrook Labs", authors=("Mira Dahl",))
    assert document_context(doc, post).we(0) == Arg("Quellbrook Labs", ORGANIZATION)
    doc, post = parsed(text, {}, authors=("The Vantor Core Team",))
    assert document_context(doc, post).we(0) == Arg("The Vantor Core Team", ORGANIZATION)
    doc, post = parsed(text, {}, authors=("Mira Dahl",))
    assert document_context(doc, post).we(0) is None


def test_we_is_the_organization_a_post_names_itself_as():
    for text in ("We, at the Quellbrook Center, build tools. We fund Vantor.", "We here at Quellbrook Center fund Vantor."):
        doc, post = parsed(text, {"Quellbrook Center": "ORG"}, authors=("Mira Dahl",))
        assert document_context(doc, post).we(at(text, "fund")) == Arg("Quellbrook Center", ORGANIZATION)
    text = "We met at Quellbrook Center. We fund Vantor."  # "met at": a place the group went to, no self-naming
    doc, post = parsed(text, {"Quellbrook Center": "ORG"}, authors=("Mira Dahl",))
    assert document_context(doc, post).we(at(text, "fund")) is None


def test_first_person_in_a_block_quote_or_quotation_marks_is_not_the_author():
    text = "I joined Drumlane.\n\nI loved my time at Ostry.\n\nShe said: \"I left Ostry last year for good.\" I stayed."
    quote = at(text, "I loved")
    doc, post = parsed(text, {}, regions=(("quote", quote, quote + 25),), site_owner="Drumlane")
    context = document_context(doc, post)
    assert context.speaker(0) == Arg(AUTHOR, PERSON)
    assert context.speaker(quote + 2) is None
    assert context.we(quote + 2) is None
    assert context.speaker(at(text, "I left")) is None
    assert context.speaker(at(text, "I stayed")) == Arg(AUTHOR, PERSON)


def test_interview_answers_are_the_interviewee_named_in_the_title():
    questions = ["How did you start?", "What do you work on?", "What is your advice?"]
    answers = ["I joined Drumlane in 2019.", "I maintain Vantor.", "Read the code."]
    body = "\n\n".join(f"{q}\n\n{a}" for q, a in zip(questions, answers))
    title = "An interview with Mira Dahl"
    text = f"{title}.\n\nAn intro I wrote.\n\n{body}"
    doc, post = parsed(text, {"Mira Dahl": "PERSON"}, title=title, authors=("Jo Barr",))
    context = document_context(doc, post)
    assert context.speaker(at(text, "An intro")) == Arg(AUTHOR, PERSON)
    assert context.speaker(at(text, "I maintain")) == Arg("Mira Dahl", PERSON)
    assert context.speaker(at(text, "How did")) == Arg(AUTHOR, PERSON)  # the question is the author's


def test_two_rhetorical_questions_do_not_make_an_interview():
    text = "Why did you pick Vantor?\n\nI liked it.\n\nWould you do it again?\n\nI would."
    doc, post = parsed(text, {})
    assert document_context(doc, post).speaker(at(text, "I liked")) == Arg(AUTHOR, PERSON)


AUTHOR_ARG = Arg(AUTHOR, PERSON)


def test_in_a_post_signed_by_several_people_i_is_nobody_outside_their_own_sections():
    text = "Team update\n\nI joined in May.\n\nOskar Vell\n\nI maintain the docs.\n\nMara Lind\n\nI run the builds."
    heads = [(at(text, name), at(text, name) + len(name)) for name in ("Oskar Vell", "Mara Lind")]
    doc, post = parsed(text, {"Oskar Vell": "PERSON", "Mara Lind": "PERSON"}, authors=("Oskar Vell", "Mara Lind"),
                       regions=tuple(("h2", s, e) for s, e in heads))
    context = document_context(doc, post)
    assert context.speaker(at(text, "I joined")) is None
    assert context.speaker(at(text, "I maintain")) == Arg("Oskar Vell", PERSON)
    assert context.speaker(at(text, "I run")) == Arg("Mara Lind", PERSON)


def test_a_heading_of_a_name_with_a_handle_or_a_title_is_that_persons_section():
    text = "Meet the team\n\nOskar Vell (@ovell)\n\nI maintain the docs.\n\nMarta Lind, Release Manager\n\nI run the builds."
    heads = [(at(text, h), at(text, h) + len(h)) for h in ("Oskar Vell (@ovell)", "Marta Lind, Release Manager")]
    doc, post = parsed(text, {"Oskar Vell": "PERSON"}, authors=("Ada Brandt",), regions=tuple(("h2", s, e) for s, e in heads))
    context = document_context(doc, post)
    assert context.speaker(at(text, "I maintain")) == Arg("Oskar Vell", PERSON)
    assert context.speaker(at(text, "I run")) == Arg("Marta Lind", PERSON)  # not tagged, but a given name leads


def test_a_heading_that_only_mentions_a_person_does_not_change_who_i_is():
    text = "Notes\n\nWorking with Oskar Vell\n\nI learned a lot."
    start = at(text, "Working")
    doc, post = parsed(text, {"Oskar Vell": "PERSON"}, authors=("Ada Brandt",),
                       regions=(("h2", start, start + len("Working with Oskar Vell")),))
    assert document_context(doc, post).speaker(at(text, "I learned")) == AUTHOR_ARG


def test_a_speaker_label_opens_that_persons_paragraph():
    text = "Panel\n\nMara Lind: I left Quorra in 2020.\n\nI moderated the panel."
    doc, post = parsed(text, {"Mara Lind": "PERSON"}, authors=("Ada Brandt",))
    context = document_context(doc, post)
    assert context.speaker(at(text, "I left")) == Arg("Mara Lind", PERSON)
    assert context.speaker(at(text, "I moderated")) == AUTHOR_ARG


def test_a_speaker_label_in_capitals_is_the_person_the_post_names():
    text = "With Mara Lind (Quorra).\n\nMARA LIND: I left Quorra in 2020.\n\nOSKAR TAVEL: I joined Vexa.\n\nI moderated."
    doc, post = parsed(text, {"Mara Lind": "PERSON"}, authors=("Ada Brandt",))
    context = document_context(doc, post)
    assert context.speaker(at(text, "I left")) == Arg("Mara Lind", PERSON)  # as the post writes her name
    assert context.speaker(at(text, "I joined")) == Arg("Oskar Tavel", PERSON)  # a given name first: a person
    assert context.speaker(at(text, "I moderated")) == AUTHOR_ARG
