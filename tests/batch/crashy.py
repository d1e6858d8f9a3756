"""A chunk task for the crash-recovery test: a worker dies on any file named ``crash*``."""

from __future__ import annotations

import os
from pathlib import Path

from jixiao.batch.worker import Outcome, audit_chunk


def crash_on_marked(paths: list[str], ruleset: str | None, timeout: float | None) -> list[Outcome]:
    if any(Path(p).name.startswith("crash") for p in paths):
        os._exit(3)  # what a segfault in a C reader looks like to the pool
    return audit_chunk(paths, ruleset, timeout)
