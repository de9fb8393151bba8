"""The English check before the rules read a post (nlp/language.py), on text written for the test."""

from blogweave.models import Post
from blogweave.nlp.language import MIN_ENGLISH_SHARE, english_share, not_english
from blogweave.relations.extract import extract_post

ENGLISH = ("Last spring I joined a small team that builds tools for weather data. Most of the work is about "
           "making the old code faster, and some of it is about writing the documentation that nobody had time "
           "for. In this post I want to tell you what we did, why it took longer than we thought, and what I "
           "would do differently if I had to start again. ") * 2
SPANISH = ("La nueva versión trae muchas mejoras para todos los usuarios. Hemos reescrito el código desde cero y "
           "ahora es mucho más rápido que antes. Las funciones antiguas siguen funcionando, pero algunas se han "
           "marcado como obsoletas. El próximo mes publicaremos una guía para la migración. Gracias a todas las "
           "personas que contribuyeron con ideas, pruebas y correcciones durante este año. ") * 2
GERMAN = ("Die neue Version bringt viele Verbesserungen. Wir haben das Paket in den letzten Monaten überarbeitet, "
          "und es ist jetzt viel schneller als zuvor. Was bedeutet das für Sie? Sie können es so verwenden wie "
          "bisher, aber die Ausgabe wird auch an neue Formate angepasst. Ich danke allen, die geholfen haben. ") * 2
CHINESE = "新版本带来了许多改进。我们重写了代码，现在它比以前快得多。旧的函数仍然可以使用，但有些已被标记为过时。" * 3


def test_english_prose_is_english():
    share, words = english_share(ENGLISH)
    assert share > 0.2 and words > 100
    assert not_english(ENGLISH) is None


def test_other_languages_are_not_english():
    for text in (SPANISH, GERMAN, CHINESE):
        share = not_english(text)
        assert share is not None and share < MIN_ENGLISH_SHARE


def test_short_text_is_not_judged():
    assert not_english("Hola, gracias por todo.") is None


def test_a_post_in_another_language_gives_no_facts_and_says_so():
    post = Post("es/notes.md", "Notas", SPANISH, date="2022-06-15",
                affiliations=(("Tova Rinn", "Brimwell Labs", 3),))
    extraction = extract_post(post, doc=None)  # the check comes before anything reads the parse
    assert extraction.mentions == ()
    assert [(f.subject.name, f.object.name, f.rule) for f in extraction.facts] == [
        ("Tova Rinn", "Brimwell Labs", "metadata.affiliation.v1")]  # the byline is metadata, not English text
    assert any("es/notes.md" in w and "not look written in English" in w for w in extraction.warnings)
