"""Mutations of a document's text for the intake's fuzz target: cells inserted, deleted, duplicated.

A published table reaches jixiao with cells lost, doubled or run into their neighbours; these mutations
make such texts from real ones (``benchmarks/fuzz_intake.py``, ``tests/inputs/test_fuzz.py``).
"""

from __future__ import annotations

import random
import re

_CELL = re.compile(r"[^\s|]+")
_PIECES = ("|", "\n", " ", "%", "0", "100%", "12.5", "-3", "合计", "其中:", "(万元)", "单位:元", "得分")


def mutate(text: str, rng: random.Random, steps: int = 3) -> str:
    """``text`` with ``steps`` cell-level edits at random places."""
    for _ in range(steps):
        cells = list(_CELL.finditer(text))
        if not cells:
            return text + rng.choice(_PIECES)
        cell = rng.choice(cells)
        action = rng.randrange(6)
        if action == 0:  # delete a cell
            text = text[: cell.start()] + text[cell.end() :]
        elif action == 1:  # duplicate a cell
            text = text[: cell.end()] + rng.choice((" ", "|", "\n", "")) + cell.group() + text[cell.end() :]
        elif action == 2:  # insert a piece before a cell
            text = text[: cell.start()] + rng.choice(_PIECES) + text[cell.start() :]
        elif action == 3:  # duplicate the line
            start = text.rfind("\n", 0, cell.start()) + 1
            end = text.find("\n", cell.end())
            end = len(text) if end < 0 else end
            text = text[:end] + "\n" + text[start:end] + text[end:]
        elif action == 4:  # run two cells together
            text = text[: cell.end()] + text[cell.end() :].lstrip(" |\n")
        else:  # replace a cell's digits by other digits
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12)))
            text = text[: cell.start()] + re.sub(r"\d+", digits, cell.group(), count=1) + text[cell.end() :]
    return text
