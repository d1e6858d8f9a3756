"""LibreOffice conversions bounded machine-wide (lock-file slots); a frozen version rendered once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from jixiao.web.conversions import ConversionsBusyError, cached_render, conversion_slot


@pytest.fixture
def slots(settings: Any, tmp_path: Path) -> Any:
    settings.DATA_DIR = tmp_path
    settings.CONVERSIONS = 2
    return settings


def test_no_more_conversions_than_slots_at_once(slots: Any) -> None:
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with conversion_slot(wait=5):
            holding.set()
            release.wait(10)

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for holder in holders:
        holder.start()
        assert holding.wait(5)
        holding.clear()
    with pytest.raises(ConversionsBusyError), conversion_slot(wait=0.5):
        pass  # a third conversion finds both slots taken
    release.set()
    for holder in holders:
        holder.join(10)
    with conversion_slot(wait=1):  # freed when their holders finished
        pass


def test_a_slot_is_freed_when_its_holder_fails(slots: Any) -> None:
    slots.CONVERSIONS = 1
    with pytest.raises(RuntimeError), conversion_slot(wait=1):
        raise RuntimeError("LibreOffice crashed")
    with conversion_slot(wait=0.5):
        pass


def test_frozen_version_is_rendered_once(slots: Any, tmp_path: Path) -> None:
    calls: list[Path] = []

    def render(out: Path) -> None:
        calls.append(out)
        out.write_bytes(b"%PDF-1.7 rendered")

    for n in range(3):
        out = tmp_path / f"frozen-{n}.pdf"
        cached_render(41, "pdf", True, render, out)
        assert out.read_bytes() == b"%PDF-1.7 rendered"
    assert len(calls) == 1
    for n in range(2):  # an open version changes: rendered every time, never cached
        cached_render(42, "pdf", False, render, tmp_path / f"open-{n}.pdf")
    assert len(calls) == 3
    assert not (tmp_path / "cache" / "version-42.pdf").exists()
