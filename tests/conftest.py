"""Shared fixtures. ``../shared`` (seed report, dev corpus) is for development and CI only: tests that
read it run when it is present, are skipped with a message when it is not, and fail under CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
SEED_TEXT = SHARED / "seeds" / "000_98209eac8879b050.txt"
SEED_YAML = EXAMPLES / "yanfeng-xinfang-2024.yaml"


def require_shared(path: Path) -> Path:
    """Return ``path`` under ../shared, or skip (fail under CI=true) when it is absent."""
    if path.exists():
        return path
    message = f"../shared is not here ({path} missing): this test needs the development material"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " — under CI=true its absence is a failure")
    pytest.skip(message)
    raise AssertionError("unreachable")


@pytest.fixture
def seed_text() -> Path:
    return require_shared(SEED_TEXT)


@pytest.fixture
def corpus_dir() -> Path:
    return require_shared(SHARED / "corpus" / "dev")
