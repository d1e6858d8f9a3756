"""The intake's fuzz target, a short run in the suite (the long run: ``benchmarks/fuzz_intake.py``), and
the internal errors it found, each as a regression test."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from jixiao.inputs.document import Document
from jixiao.inputs.facts import read_facts
from jixiao.inputs.mutate import mutate
from jixiao.inputs.tables import recognise
from jixiao.intake import extract_text


@pytest.mark.shared
def test_mutated_dev_documents_never_raise(corpus_dir: Path) -> None:
    texts = [  # the open half only: the locked half (odd ids 201-239) is never opened
        path.read_text(encoding="utf-8")
        for path in sorted((corpus_dir / "raw").glob("*.txt"))
        if not (path.stem.isdigit() and 201 <= int(path.stem) <= 239 and int(path.stem) % 2 == 1)
    ]
    for index in range(400):
        rng = random.Random(index)
        text = mutate(rng.choice(texts), rng, steps=rng.randint(1, 6))
        extract_text(text)  # an exception here is an ENG002 in a batch: the document yields nothing
        read_facts(Document(text=text, format="txt", blocks=recognise(text)))


def test_mutations_change_cells() -> None:
    rng = random.Random(3)
    text = "项目 | 预算数\n合计 | 12\n"
    assert {mutate(text, rng, steps=2) for _ in range(20)} != {text}


def test_a_year_before_1990_is_no_year() -> None:
    # found by the fuzz target: a mutated ``2019年度`` became ``1912年度`` and the model refused it
    text = "某单位1912年度部门整体支出绩效自评报告\n一、基本情况\n预算安排12万元。\n"
    evaluation, issues = extract_text(text)
    assert evaluation.year is None
    assert "EXT021" in [issue.code for issue in issues]
