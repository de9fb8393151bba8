"""A post titled with the name its text opens with (nlp/titles.py), on invented titles and texts."""

import pytest

from blogweave.nlp.titles import name_shaped_title


@pytest.mark.parametrize("title, shaped", [
    ("Quillmaze: Night Run", True),
    ("House of Tarn", True),
    ("Vex-Men Legends II: Fall of Orrin", True),
    ("Five years at Tallow Systems", False),  # a sentence, not a name
    ("Quillmaze", False),  # one word: nothing to join
    ("why we moved to Quillmaze", False),
])
def test_name_shaped_title(title, shaped):
    assert name_shaped_title(title) is shaped


@pytest.fixture(scope="module")
def nlp():
    from blogweave.nlp.pipeline import load_nlp

    return load_nlp()


def test_the_title_the_text_opens_with_is_one_name(nlp):
    doc = nlp("Quillmaze: Night Run.\n\nQuillmaze: Night Run is a puzzle game developed by Tallow Systems. "
              "Players liked Quillmaze: Night Run.")
    names = [e.text for e in doc.ents]
    assert names.count("Quillmaze: Night Run") == 2
    assert "Night Run" not in names


def test_a_title_the_text_does_not_open_with_changes_nothing(nlp):
    text = "Quillmaze: Night Run.\n\nTallow Systems made a puzzle game. Players liked Quillmaze: Night Run."
    assert "Quillmaze: Night Run" not in [e.text for e in nlp(text).ents]
