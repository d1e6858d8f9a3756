"""Fuzz the intake: dev documents with cells inserted, deleted, duplicated, run together → extraction.

Usage: ``nice -n 10 python benchmarks/fuzz_intake.py [COUNT] [SEED]`` (default 10,000). The documents are
the open half of the dev corpus (the locked half, odd ids 201-239, is never opened). Every mutated text
goes through the whole intake (``extract_text``); an exception is an internal error (the batch reports it
as ENG002 and the document yields nothing). Prints each failure's first traceback line and the mutated
text's seed, and writes ``benchmarks/results/fuzz_intake.json``.
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from jixiao.inputs.mutate import mutate
from jixiao.intake import extract_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "raw"
RESULTS = ROOT / "benchmarks" / "results" / "fuzz_intake.json"
LOCKED_IDS = range(201, 240)  # the odd ids in here are the locked half (../shared/corpus/dev/README.md)


def is_locked(stem: str) -> bool:
    return stem.isdigit() and int(stem) in LOCKED_IDS and int(stem) % 2 == 1


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    texts = [
        path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")) if not is_locked(path.stem)
    ]
    failures: Counter[str] = Counter()
    examples: dict[str, int] = {}
    began = time.perf_counter()
    for index in range(count):
        rng = random.Random(seed * 1_000_003 + index)
        text = mutate(rng.choice(texts), rng, steps=rng.randint(1, 6))
        try:
            extract_text(text)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}: {str(exc)[:80]}"
            failures[key] += 1
            examples.setdefault(key, index)
        if (index + 1) % 10_000 == 0:
            print(f"{index + 1} documents, {sum(failures.values())} internal errors", flush=True)
            record(index + 1, count, seed, time.perf_counter() - began, failures, examples)
    elapsed = time.perf_counter() - began
    for key, number in failures.most_common():
        print(f"{number:6d}  {key}  (first: index {examples[key]}, seed {seed})")
    print(f"{count} documents in {elapsed:.0f} s, {sum(failures.values())} internal errors")
    record(count, count, seed, elapsed, failures, examples)
    return 1 if failures else 0


def record(
    done: int, count: int, seed: int, elapsed: float, failures: Counter[str], examples: dict[str, int]
) -> None:
    """The results so far (a long run stopped early still leaves its figures)."""
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "documents": done,
                "planned": count,
                "seed": seed,
                "sources": "open half of ../shared/corpus/dev (locked half never opened)",
                "seconds": round(elapsed),
                "internal_errors": {key: [n, examples[key]] for key, n in failures.items()},
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    raise SystemExit(main())
