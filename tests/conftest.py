"""Shared fixtures, small and named, so a test shows where its data comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the checkout (seeds, devsets, corpus); skips when it is not there."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


def _tiny_graph():
    """Five invented entities, two posts and six facts, one with two sentences of evidence."""
    from blogweave.graph.network import build_graph
    from blogweave.models import Entity, PostInfo, Provenance, ResolvedFact

    entities = [
        Entity("person/ada-quill", "Ada Quill", "Person", ("Ada", "Quill"), ("2021/leaving-brightwater.md",), 3),
        Entity("person/milo-brandt", "Milo Brandt", "Person", (), ("notes/tessellate-launch.md",), 2),
        Entity("organization/brightwater-labs", "Brightwater Labs", "Organization", ("Brightwater",),
               ("2021/leaving-brightwater.md", "notes/tessellate-launch.md"), 4),
        Entity("organization/norvane-foundation", "Norvane Foundation", "Organization", (),
               ("notes/tessellate-launch.md",), 1),
        Entity("technology/tessellate", "Tessellate", "Technology", ("tessellate.js",),
               ("notes/tessellate-launch.md",), 2),
    ]
    posts = [
        PostInfo("2021/leaving-brightwater.md", "Leaving Brightwater", "2021-07-02", ("person/ada-quill",),
                 ("career", "personal")),
        PostInfo("notes/tessellate-launch.md", "Tessellate 1.0", None, ("person/milo-brandt",), ()),
    ]

    def prov(post, line, sentence, rule, confidence, **extra):
        return Provenance(post, line, sentence, rule, confidence, start=line * 10, end=line * 10 + len(sentence), **extra)

    leaving, launch = (p.rel_path for p in posts)
    facts = [
        ResolvedFact("person/ada-quill", "workedAt", "organization/brightwater-labs", 0.9, (
            prov(leaving, 3, "I joined Brightwater Labs as a staff engineer in 2019.", "employment.join.v1", 0.9,
                 start_date="2019", role="staff engineer"),
            prov(launch, 7, "Ada Quill left Brightwater in June 2021.", "employment.leave.v1", 0.8,
                 end_date="2021-06"),
        )),
        ResolvedFact("person/milo-brandt", "workedAt", "organization/brightwater-labs", 0.75, (
            prov(launch, 2, "Milo Brandt, CTO of Brightwater Labs, wrote this.", "employment.appos.v1", 0.75,
                 role="CTO"),
        )),
        ResolvedFact("person/milo-brandt", "founded", "organization/brightwater-labs", 0.85, (
            prov(launch, 4, "Milo Brandt founded Brightwater Labs on 2016-03-01.", "founding.active.v1", 0.85,
                 start_date="2016-03-01"),
        )),
        ResolvedFact("organization/brightwater-labs", "developed", "technology/tessellate", 0.8, (
            prov(launch, 5, "Tessellate was developed by Brightwater Labs.", "development.passive.v1", 0.8),
        )),
        ResolvedFact("person/ada-quill", "developed", "technology/tessellate", 0.7, (
            prov(leaving, 9, "I wrote most of Tessellate's layout engine.", "development.first_person.v1", 0.7),
        )),
        ResolvedFact("technology/tessellate", "fundedBy", "organization/norvane-foundation", 0.8, (
            prov(launch, 11, "A $250,000 grant from the Norvane Foundation funded Tessellate.", "funding.grant.v1",
                 0.8, amount="$250,000"),
        )),
    ]
    return build_graph(entities, facts, posts, "https://example.org/kg/", built_with="blogweave test")


@pytest.fixture
def tiny_graph():
    """A small hand-built graph following the schema in blogweave.graph.network (invented people and companies)."""
    return _tiny_graph()


def _xss_graph():
    """Names, aliases, evidence, roles and post paths that try to run script or break attributes."""
    from blogweave.graph.network import build_graph
    from blogweave.models import Entity, PostInfo, Provenance, ResolvedFact

    post = PostInfo("javascript:window.__pwned='post'", "<b onmouseover=\"window.__pwned='title'\">Odd post</b>",
                    None, ("person/eve",), ())
    other = PostInfo("notes/'quoted\" path<x>.md", "Plain post", "2020-01-01", (), ())
    entities = [
        Entity("person/eve", "<script>window.__pwned='name'</script>Eve \"Q\" O'Malley", "Person",
               ("javascript:window.__pwned='alias'",), (post.rel_path,), 1),
        Entity("organization/img", "<img src=x onerror=\"window.__pwned='img'\">Acme", "Organization",
               ("\"><svg onload=window.__pwned='svg'>",), (post.rel_path, other.rel_path), 2),
        Entity("technology/amp", "&lt;b&gt; tool & </script><!-- -->", "Technology", (), (other.rel_path,), 1),
    ]
    evidence = ("She said <script>window.__pwned='evidence'; alert(1)</script> and "
                "<img src=x onerror=alert(2)> \"quoted\" & 'single' </script><!--")
    facts = [
        ResolvedFact("person/eve", "workedAt", "organization/img", 0.9, (
            Provenance(post.rel_path, 2, evidence, "employment.join.v1", 0.9,
                       role="<iframe src=\"javascript:window.__pwned='role'\"></iframe>"),
            Provenance(other.rel_path, 5, "Plain sentence about Acme.", "employment.at.v1", 0.6),
        )),
        ResolvedFact("organization/img", "developed", "technology/amp", 0.8, (
            Provenance(other.rel_path, 3, "<a href=\"javascript:window.__pwned='link'\">click</a>",
                       "development.active.v1", 0.8),
        )),
    ]
    return build_graph(entities, facts, [post, other], "https://example.org/kg/")


@pytest.fixture
def xss_graph():
    """A graph whose text holds script, event-handler, javascript: and quote payloads (issue 6)."""
    return _xss_graph()
