"""Look-alikes of relations (relations/senses.py and the rules that use it), on invented sentences.

The model parses; the entities are set by hand, so only the parse is the model's and the test shows
the relation rule, not the entity typing.
"""

import pytest

from blogweave.models import Post
from relations_helpers import parsed_triples

pytestmark = pytest.mark.model

CASES = [
    # a possessive names what an organization uses as well as what it makes (development.possessive.v2)
    ("Coverage upload in Brimwell's GitHub Actions needs no token now.",
     {"Brimwell": "ORG", "GitHub Actions": "TECH"}, set()),
    ("Brimwell's vendored Ruby is 2.6 now.", {"Brimwell": "ORG", "Ruby": "TECH"}, set()),
    ("Brimwell's hosted Quillpad was down for an hour.", {"Brimwell": "ORG", "Quillpad": "TECH"}, set()),
    ("Our Quillchat and our forum are open to everyone.", {"Quillchat": "TECH"}, set()),
    ("Our code runs on Brimwell's GPUs.", {"Brimwell": "ORG", "GPUs": "TECH"}, set()),  # a kind, no product
    # a unit named as a part of its organization: the person works at the whole (employment.unit_of.v1)
    ("Mara Quint is an analyst with the Quill Systems Team at Kestrel University.",
     {"Mara Quint": "PERSON", "Quill Systems Team": "ORG", "Kestrel University": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel University")}),
    ("Mara Quint is a lecturer in Kestrel University's School of Tides.",
     {"Mara Quint": "PERSON", "Kestrel University": "ORG", "School of Tides": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel University")}),
    ("Mara Quint is a lecturer in KU's Department of Tides.",  # the unit of an organization not named
     {"Mara Quint": "PERSON", "Department of Tides": "ORG"}, set()),
    ("Olaf Brandt is the owner of Brandt Aviation at Vexland Airport.",  # no unit's name: no part
     {"Olaf Brandt": "PERSON", "Brandt Aviation": "ORG", "Vexland Airport": "ORG"},
     {("Olaf Brandt", "workedAt", "Brandt Aviation")}),
    ("Brimwell's Quillpad is a small editor.", {"Brimwell": "ORG", "Quillpad": "TECH"},
     {("Brimwell", "developed", "Quillpad")}),
    ("We picked it over Brimwell's Quillpad package.", {"Brimwell": "ORG", "Quillpad": "TECH"},
     {("Brimwell", "developed", "Quillpad")}),
    # founding needs an organization founded, and "create"/"launch" a person as founder
    ("We create a Quillpool with four workers.", {"Quillpool": "ORG"}, set()),
    ("We have launched the Tallow Guild Twitter!", {"Tallow Guild": "ORG", "Twitter": "ORG"}, set()),
    # the role in an event is no post at the organization that holds it
    ("Jo Barr, organiser of the first Kestrel Labs workshop, spoke.", {"Jo Barr": "PERSON", "Kestrel Labs": "ORG"},
     set()),
    ("Jo Barr, head of research at Kestrel Labs, spoke.", {"Jo Barr": "PERSON", "Kestrel Labs": "ORG"},
     {("Jo Barr", "workedAt", "Kestrel Labs")}),
    # one of a kind named after its maker ("open a Kestrel Ticket") is no product of the maker
    ("Brimwell is a company. Open a Brimwell Ticket today.", {"Brimwell": "ORG", "Brimwell Ticket": "TECH"}, set()),
    ("Brimwell is a company. We use Brimwell Ticket today.", {"Brimwell": "ORG", "Brimwell Ticket": "TECH"},
     {("Brimwell", "developed", "Brimwell Ticket")}),
    # a capitalized adjective of the name before the entity: the fact would be about a fragment
    ("Brimwell Labs is funding the development of Accessible Quillpad.", {"Brimwell Labs": "ORG", "Quillpad": "TECH"},
     set()),
    ("Brimwell Labs is funding the development of Quillpad.", {"Brimwell Labs": "ORG", "Quillpad": "TECH"},
     {("Quillpad", "fundedBy", "Brimwell Labs")}),
    # a unit's organization after the title's object is neither the founder nor the founded
    ("Mara Quint is the co-founder and director of the Quill lab, Kestrel University.",
     {"Mara Quint": "PERSON", "Quill": "ORG", "Kestrel University": "ORG"},
     {("Mara Quint", "founded", "Quill"), ("Mara Quint", "workedAt", "Quill")}),
    # a trustee holds a seat at the organization
    ("Jo Barr, a trustee of the Kestrel Trust, spoke.", {"Jo Barr": "PERSON", "Kestrel Trust": "ORG"},
     {("Jo Barr", "workedAt", "Kestrel Trust")}),
    # an event with its year is made by nobody here
    ("Mara Quint was a contributor for Quillcode 2025.", {"Mara Quint": "PERSON", "Quillcode": "TECH"}, set()),
    ("Mara Quint was a contributor for Quillcode.", {"Mara Quint": "PERSON", "Quillcode": "TECH"},
     {("Mara Quint", "developed", "Quillcode")}),
    # a body named after an organization the post names alone is a seat at that organization
    ("Mara Quint served on the Kestrel Labs Board of Directors. Kestrel Labs is a nonprofit.",
     {"Mara Quint": "PERSON", "Kestrel Labs Board of Directors": "ORG"},
     {("Mara Quint", "workedAt", "Kestrel Labs Board of Directors")}),  # hand-set spans: no repair here
    ("Mara Quint is the lead for Zork compilers at Kestrel Labs.", {"Mara Quint": "PERSON", "Zork": "TECH",
     "Kestrel Labs": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Labs")}),  # compilers for Zork, not Zork
    # a second title after the first title's organization is the person's, not the organization's
    ("Jo Barr, engineer at Kestrel Labs, co-founder of Quillworks Inc., spoke.",
     {"Jo Barr": "PERSON", "Kestrel Labs": "ORG", "Quillworks Inc.": "ORG"},
     {("Jo Barr", "workedAt", "Kestrel Labs"), ("Jo Barr", "founded", "Quillworks Inc.")}),
    # a name cut short is no side of a fact: it goes on after the entity's end
    ("Mara Quint is the creator of Quill the Docs.", {"Mara Quint": "PERSON", "Quill": "TECH"}, set()),
    ("Mara Quint wrote the Kestrel Dependency Submission API.", {"Mara Quint": "PERSON", "Kestrel": "TECH"},
     set()),
    ("Mara Quint wrote clang-quill last year.", {"Mara Quint": "PERSON", "quill": "TECH"}, set()),
    ("Mara Quint joined the Kestrel Labs Board in 2018.",  # one of its bodies after the name
     {"Mara Quint": "PERSON", "Kestrel Labs": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Labs")}),
    ("Mara Quint is Kestrel Labs Acting Deputy Director.",  # a title after the name, not more name
     {"Mara Quint": "PERSON", "Kestrel Labs": "ORG"}, {("Mara Quint", "workedAt", "Kestrel Labs")}),
    # support from a person, or technical support, is help, not money
    ("Quillpad got technical support from Brimwell Labs.", {"Quillpad": "TECH", "Brimwell Labs": "ORG"}, set()),
    ("Quillpad got core support from Brimwell Labs.", {"Quillpad": "TECH", "Brimwell Labs": "ORG"},
     {("Quillpad", "fundedBy", "Brimwell Labs")}),
    ("Quillpad got support from Mara Quint.", {"Quillpad": "TECH", "Mara Quint": "PERSON"}, set()),
    ("Mara Quint launched the Kestrel Anniversary Series in May.",  # an event series, no organization
     {"Mara Quint": "PERSON", "Kestrel Anniversary Series": "ORG"}, set()),
    ("Quillform was created by Brimwell and Tallow Systems to replace Inkform.",
     {"Quillform": "ORG", "Brimwell": "ORG", "Tallow Systems": "ORG", "Inkform": "ORG"}, set()),
    ("Mara Quint created the Kestrel Reading Society in 2004.",
     {"Mara Quint": "PERSON", "Kestrel Reading Society": "ORG"}, {("Mara Quint", "founded", "Kestrel Reading Society")}),
    ("Mara Quint launched Brimwell Labs in 2011.", {"Mara Quint": "PERSON", "Brimwell Labs": "ORG"},
     {("Mara Quint", "founded", "Brimwell Labs")}),
    ("The Quillpad Society was formed in 2001 by Mara Quint.", {"Quillpad Society": "ORG", "Mara Quint": "PERSON"},
     {("Mara Quint", "founded", "Quillpad Society")}),
    # a name after "a" is a kind: using it in a thing one builds does not develop it
    ("We are building a fast GPU Quillframe out of Inkarray.", {"Quillframe": "TECH", "Inkarray": "TECH"}, set()),
    ("We are building Quillframe out of Inkarray.", {"Quillframe": "TECH", "Inkarray": "TECH"},
     {("@author", "developed", "Quillframe")}),
    ("Quillview descends from an old package Quillpad written by Mara Quint.",
     {"Quillview": "TECH", "Quillpad": "TECH", "Mara Quint": "PERSON"}, {("Mara Quint", "developed", "Quillpad")}),
    # "write X for Y": a purpose, unless X is a piece of writing
    ("In this post, I am going to write a small interpreter for the Zork IR.", {"Zork IR": "ORG"}, set()),
    ("Olaf Brandt writes a weekly column for the Kestrel Times.", {"Olaf Brandt": "PERSON", "Kestrel Times": "ORG"},
     {("Olaf Brandt", "workedAt", "Kestrel Times")}),
    ("Olaf Brandt writes for the Kestrel Times.", {"Olaf Brandt": "PERSON", "Kestrel Times": "ORG"},
     {("Olaf Brandt", "workedAt", "Kestrel Times")}),
    # membership and honours are no job
    ("Tova Rinn is an Ordinary Member of the Quillpad Foundation and a Fellow of the Kestrel Statistical "
     "Association.", {"Tova Rinn": "PERSON", "Quillpad Foundation": "ORG", "Kestrel Statistical Association": "ORG"},
     set()),
    ("Olaf Brandt is an honorary member of Brimwell Labs.", {"Olaf Brandt": "PERSON", "Brimwell Labs": "ORG"}, set()),
    ("Olaf Brandt is a member of the Kestrel Academy of Sciences.",
     {"Olaf Brandt": "PERSON", "Kestrel Academy of Sciences": "ORG"}, set()),
    ("Olaf Brandt is a member of the Brimwell Town Council.", {"Olaf Brandt": "PERSON", "Brimwell Town Council": "ORG"},
     {("Olaf Brandt", "workedAt", "Brimwell Town Council")}),
    ("Olaf Brandt is a staff member of the Kestrel Society.", {"Olaf Brandt": "PERSON", "Kestrel Society": "ORG"},
     {("Olaf Brandt", "workedAt", "Kestrel Society")}),
    # an event is no employer: a year after or before its name, or a one-word "...Con"/"...Conf" name
    ("Quillpad dev day at Kestrel! 2019.", {"Kestrel": "ORG"}, set()),
    ("Mara Quint is a speaker at the 2019 Brimwell Gathering.", {"Mara Quint": "PERSON", "Brimwell Gathering": "ORG"},
     set()),
    ("Olaf Brandt joined the team at QuillCon.", {"Olaf Brandt": "PERSON", "QuillCon": "ORG"}, set()),
    ("Olaf Brandt joined the team at Brimwell Labs in 2019.", {"Olaf Brandt": "PERSON", "Brimwell Labs": "ORG"},
     {("Olaf Brandt", "workedAt", "Brimwell Labs")}),
    # taking part in a program is no job; being part of a company is
    ("I am excited to be part of the Kestrel Mentoring Program this year.", {"Kestrel Mentoring Program": "ORG"}, set()),
    ("I am proud to be part of Brimwell Labs.", {"Brimwell Labs": "ORG"}, {("@author", "workedAt", "Brimwell Labs")}),
    # a title "for" things "at" an organization: the things are what the work is for, the workplace is at
    ("Mara Quint is Community Manager for both the Quillpad Cloud and Zork Hub at Vexa Labs.",
     {"Mara Quint": "PERSON", "Quillpad Cloud": "ORG", "Zork Hub": "ORG", "Vexa Labs": "ORG"},
     {("Mara Quint", "workedAt", "Vexa Labs")}),
    ("Mara Quint is Community Manager for the Quillpad Cloud at Vexa.",
     {"Mara Quint": "PERSON", "Quillpad Cloud": "ORG"}, set()),
    # a name before a lower-case institution noun is part of the institution's name, not an employer
    ("Olaf Brandt is the Head of the Kestrel and Quill Park libraries.",
     {"Olaf Brandt": "PERSON", "Kestrel": "ORG", "Quill Park": "ORG"}, set()),
    # a capitalized small word mid-sentence goes on with a title: "Quillpad" is cut from it
    ("Visit the Brimwell Labs' Quillpad With Ease lesson for an example.",
     {"Brimwell Labs": "ORG", "Quillpad": "TECH"}, set()),
    # ... but not in a heading written in title case
    ("Brimwell Labs Is A New Sponsor Of Quillpad", {"Brimwell Labs": "ORG", "Quillpad": "TECH"},
     {("Quillpad", "fundedBy", "Brimwell Labs")}),
    # tools for a job on a technology are not the technology: "Brimwell's Quillpad packaging tools"
    ("We improved Brimwell's Quillpad packaging tools.", {"Brimwell": "ORG", "Quillpad": "TECH"}, set()),
    # a fiscal sponsor holds the money and the contracts; it pays nothing
    ("Brimwell Labs, the fiscal sponsor of Quillpad, grew.", {"Brimwell Labs": "ORG", "Quillpad": "TECH"}, set()),
    ("Brimwell Labs, the main sponsor of Quillpad, grew.", {"Brimwell Labs": "ORG", "Quillpad": "TECH"},
     {("Quillpad", "fundedBy", "Brimwell Labs")}),
    # a project's library for a language is not the language: "a maintainer for Brimwell Go"
    ("Mara Quint is a maintainer for Brimwell Go.", {"Mara Quint": "PERSON", "Brimwell": "ORG", "Go": "TECH"}, set()),
    ("Mara Quint is a maintainer for Quillpad.", {"Mara Quint": "PERSON", "Quillpad": "TECH"},
     {("Mara Quint", "developed", "Quillpad")}),
    # a specification sponsor backs a proposal in a project's process; it pays nothing
    ("Mara Quint is a specification sponsor of Quillpad.", {"Mara Quint": "PERSON", "Quillpad": "TECH"}, set()),
    # a seat on a committee of the organization (the committee a mention of it) is a post there
    ("Mara Quint is a member of the Brimwell Labs Governance Committee.",
     {"Mara Quint": "PERSON", "Brimwell Labs": "ORG"}, {("Mara Quint", "workedAt", "Brimwell Labs")}),
    # a community, a working group: membership, no job
    ("I am excited to join the community of Kestrel Trainers.", {"Kestrel Trainers": "ORG"}, set()),
    ("I joined the Brimwell Labs community in 2019.", {"Brimwell Labs": "ORG"}, set()),
    ("Mara Quint is a member of the Kestrel Working Group.", {"Mara Quint": "PERSON", "Kestrel Working Group": "ORG"},
     set()),
    # ... but a team whose name says "user" is a team
    ("Mara Quint is a member of the Kestrel User Research Team.",
     {"Mara Quint": "PERSON", "Kestrel User Research Team": "ORG"}, {("Mara Quint", "workedAt", "Kestrel User Research Team")}),
    # questions that ask how, with a modal or a generic present, state nothing
    ("How can I sponsor the work of Brimwell Labs on Quillpad?", {"Brimwell Labs": "ORG", "Quillpad": "TECH"}, set()),
    ("How do I join Brimwell Labs?", {"Brimwell Labs": "ORG"}, set()),
    ("Why did Olaf Brandt join Brimwell Labs?", {"Olaf Brandt": "PERSON", "Brimwell Labs": "ORG"},
     {("Olaf Brandt", "workedAt", "Brimwell Labs")}),
]


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    from blogweave.nlp.pipeline import model_name

    return spacy.load(model_name(), exclude=["ner"])


@pytest.mark.parametrize("text, ents, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sense(nlp, text, ents, expected):
    assert parsed_triples(nlp, text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    ("Updates went out through our Quillchat and the forum.", {"Quillchat": "TECH"}, set()),
    ("Our Quillpad package is on the registry now.", {"Quillpad": "TECH"}, {("Brimwell Labs", "developed", "Quillpad")}),
    # "our" before a name typed as a person that starts with no given name: a thing of the site's
    ("View the event on our Kestrel Calendar.", {"Kestrel Calendar": "PERSON"}, set()),
    ("We thank our Anna Brandt for the talk.", {"Anna Brandt": "PERSON"}, {("Anna Brandt", "workedAt", "Brimwell Labs")}),
], ids=["our-bare-name", "our-package", "our-thing-as-person", "our-person"])
def test_possessive_of_the_site_owner(nlp, text, ents, expected):
    """"our" is the site owner: its bare possession is a thing used, a package named by its name its own."""
    post = Post("a.md", "A", text, date="2022-06-15", site_owner="Brimwell Labs")
    assert parsed_triples(nlp, text, ents, post) == expected

