"""Indicator-quality checks (QUA) over the development corpus: how many indicators each check flags.

Reads only the open half of ``../shared/corpus/dev`` (the locked half, odd ids 201–239, is never opened).
Prints per check the number of issues and of distinct indicators flagged, the documents and indicators read,
and, with ``--show``, every flagged indicator with its message so a person can judge false alarms.
Writes ``benchmarks/results/quality_corpus.json``.

    .venv/bin/python benchmarks/quality_corpus.py [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from extract_accuracy import is_locked

from jixiao.model import walk_indicators
from jixiao.pipeline import evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "raw"
RESULTS = ROOT / "benchmarks" / "results" / "quality_corpus.json"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every flagged indicator")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    documents = sorted(p for p in CORPUS.glob("*.txt") if not is_locked(p.stem))
    issues: Counter[str] = Counter()
    flagged: dict[str, set[tuple[str, str]]] = {}
    indicators = 0
    with_indicators = 0
    shown = []
    for path in documents:
        result = evaluate(path)
        if result.evaluation is None:
            continue
        leaves = [n for _, n, _ in walk_indicators(result.evaluation.indicators) if not n.children]
        indicators += len(leaves)
        with_indicators += bool(leaves)
        for issue in result.issues:
            if not issue.code.startswith("QUA"):
                continue
            issues[issue.code] += 1
            flagged.setdefault(issue.code, set()).add((path.stem, (issue.path or "").removesuffix(".target")))
            shown.append(f"{path.stem} {issue.code} {issue.path}: {issue.message}")
    summary = {
        "documents": len(documents),
        "documents_with_indicators": with_indicators,
        "indicators": indicators,
        "issues": dict(sorted(issues.items())),
        "indicators_flagged": {code: len(items) for code, items in sorted(flagged.items())},
        "locked_half": "not opened",
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.show:
        print("\n".join(shown))
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
