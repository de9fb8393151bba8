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
