"""A short fuzz run in the suite: the targets of ``scripts/fuzz.py`` (numbers, values with scoring, YAML)
over random and mutated inputs; any exception other than the parsers' own errors fails."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from .targets import one_input

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((Path(__file__).parent / "seeds").iterdir())
WORDS = st.sampled_from(
    [
        "≥",
        "≤",
        "以下",
        "以内",
        "不低于",
        "控制在",
        "万元",
        "元",
        "%",
        "个工作日",
        "月底前",
        "年底前",
        "±",
        "-",
        "~",
        "次年",
        "1.0e+9",
        "0",
        "12",
        "0.8",
        "一百",
        "万",
        "|",
        "\n",
        ": ",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        "- ",
    ]
)
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=20).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 2), TEXTS)
def test_targets_raise_only_the_parsers_own_errors(target: int, text: str) -> None:
    one_input(bytes([target]) + text.encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_raw_bytes(data: bytes) -> None:
    one_input(data)


def test_seeds_and_a_short_coverage_guided_run(tmp_path: Path) -> None:
    for seed in SEEDS:
        one_input(seed.read_bytes())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEEDS:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "fuzz.py"),
            "-runs=2000",
            "-max_len=256",
            "-seed=1",
            f"-dict={ROOT / 'tests' / 'fuzz' / 'values.dict'}",
            str(corpus),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # libFuzzer counts the seed corpus's inputs among its runs on some runs ("Done 2092 runs")
    runs = re.search(r"Done (\d+) runs", done.stderr)
    assert runs is not None, done.stderr[-3000:]
    assert int(runs.group(1)) >= 2000
