"""Extraction: published reports (.txt .docx .doc .pdf .html) → Evaluation with source spans."""

from __future__ import annotations

from pathlib import Path

from jixiao.io import unreadable
from jixiao.issues import Issue
from jixiao.model import Evaluation


def extract_file(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Read a published report and build its Evaluation (being built: see issue 4)."""
    return None, [unreadable(path, "尚不支持从该类文档提取（开发中）", code="EXT001")]
