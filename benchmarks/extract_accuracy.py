"""Extraction accuracy on a folder of real published excerpts with hand-made truth files.

Usage: ``python benchmarks/extract_accuracy.py [DIR]`` (default ``../shared/corpus/dev``). Scoring as the
corpus README says: amounts matched by value in 万元 to the cent as a multiset (precision, recall), rates
likewise by value as written; department, year, total score; indicator weights and scores; how many of the
truth's inconsistencies ``jixiao check`` finds (an issue citing ≥ 2 numbers of the arithmetic, a number
restated in the other unit, 元 ↔ 万元, counting as cited); and false alarms: error-level issues that cite no
truth inconsistency, over all error-level issues.

**The locked half.** Documents whose id is odd and within 201–239 (``is_locked``) are measured blind: their
figures are reported in aggregate only, never per document, neither printed nor written. Develop on the
open half (every other document); quote the locked half beside it. Prints both tables and writes
``benchmarks/results/extract_accuracy.json`` (per-document rows for the open half only).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.intake import extract_file
from jixiao.issues import Issue
from jixiao.numbers import parse_chinese_integer, round_half_up, to_wanyuan
from jixiao.pipeline import evaluate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "dev"
RESULTS = ROOT / "benchmarks" / "results" / "extract_accuracy.json"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_HEADING_NUMERAL = re.compile(
    r"[(（](?P<cn>[一二三四五六七八九十]{1,3})[)）]|(?P<cn2>[一二三四五六七八九十]{1,3})、"
)


LOCKED_IDS = range(201, 240)  # the odd ids in here are the locked half (../shared/corpus/dev/README.md)


def is_locked(stem: str) -> bool:
    """True for a document of the locked half: odd id in 201–239."""
    return stem.isdigit() and int(stem) in LOCKED_IDS and int(stem) % 2 == 1


def cents(value: Any, unit: str) -> Decimal:
    """An amount in 万元, rounded to the cent of 万元 as the README compares them."""
    return round_half_up(to_wanyuan(Decimal(str(value)), unit or "万元"), 2)


def plain(value: Any) -> Decimal:
    return Decimal(str(value)).normalize()


def matched(found: Counter[Decimal], truth: Counter[Decimal]) -> int:
    return sum((found & truth).values())


def norm_name(text: str | None) -> str:
    return re.sub(r"[\s()（）“”\"'、,，:：·]", "", text or "")


def same_department(found: str, truth: str) -> bool:
    a, b = norm_name(found), norm_name(re.sub(r"[(（].*?[)）]", "", truth))
    return bool(a and b) and (a in b or b in a)


def numbers_in(text: str) -> Counter[str]:
    """The numbers a text cites, as a multiset: digits, and heading numerals such as （三） or 四、.

    A numbering inconsistency's arithmetic is written in heading numerals ("缺(一)(二)", "4,4"), so
    those count as numbers too, and a number cited twice counts twice.
    """
    found: Counter[str] = Counter(str(plain(m.group())) for m in _NUMBER.finditer(_THOUSANDS.sub("", text)))
    for match in _HEADING_NUMERAL.finditer(text):
        value = parse_chinese_integer(match.group("cn") or match.group("cn2"))
        if value is not None:
            found[str(value)] += 1
    return found


def restated(numbers: Counter[str]) -> Counter[str]:
    """The numbers, each also in the other unit (× or ÷ 10,000: 元 ↔ 万元), as a message may restate them."""
    out = Counter(numbers)
    for number, count in numbers.items():
        value = Decimal(number)
        for other in (value * 10000, value / 10000):
            out[str(other.normalize())] = max(out[str(other.normalize())], count)
    return out


def inconsistency_found(check: str, issues: list[Issue]) -> bool:
    """True when one issue cites at least two of the numbers of the inconsistency's arithmetic."""
    wanted = numbers_in(check)
    for issue in issues:
        cited = restated(numbers_in(" ".join(filter(None, (issue.message, issue.expected, issue.found)))))
        if sum((wanted & cited).values()) >= 2:
            return True
    return False


def false_errors(inconsistencies: list[dict[str, Any]], issues: list[Issue]) -> tuple[int, list[str]]:
    """(error-level issues, those citing no truth inconsistency) — the false-alarm measure."""
    errors = [i for i in issues if i.severity.value == "error"]
    false = [
        f"{i.code} {i.message}"
        for i in errors
        if not any(inconsistency_found(t.get("check", ""), [i]) for t in inconsistencies)
    ]
    return len(errors), false


def unmatched_alarms(inconsistencies: list[dict[str, Any]], issues: list[Issue]) -> list[str]:
    """Errors and warnings of the checks that cite no inconsistency of the truth: likely false alarms."""
    alarms = []
    for issue in issues:
        if issue.code.startswith("EXT") or issue.severity.value not in {"error", "warning"}:
            continue
        if not any(inconsistency_found(i.get("check", ""), [issue]) for i in inconsistencies):
            alarms.append(f"{issue.code} {issue.message}")
    return alarms


def indicator_scores(evaluation: Any) -> list[tuple[str, Decimal | None, Decimal | None]]:
    from jixiao.model import walk_indicators

    return [
        (node.name, node.weight, node.score)
        for _, node, _ in walk_indicators(evaluation.indicators)
        if node.weight is not None or node.score is not None
    ]


def score_indicators(
    found: list[tuple[str, Decimal | None, Decimal | None]], truth: list[dict[str, Any]]
) -> tuple[int, int, int]:
    """(correct, extracted, truth) for indicators with a weight: name containment, weight and score equal."""
    wanted = [t for t in truth if t.get("weight") is not None]
    used: set[int] = set()
    correct = 0
    for item in wanted:
        name = norm_name(re.sub(r"[(（].*?[)）]", "", item["name"]))
        for index, (found_name, weight, score) in enumerate(found):
            other = norm_name(found_name)
            if index in used or not name or not other or not (name in other or other in name):
                continue
            if weight == plain(item["weight"]) and (
                item.get("score") is None or score == plain(item["score"])
            ):
                used.add(index)
                correct += 1
                break
    return correct, len(found), len(wanted)


def run_document(raw: Path, truth_file: Path) -> dict[str, Any]:
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    evaluation, issues = extract_file(raw)
    elapsed = time.perf_counter() - started
    row: dict[str, Any] = {"doc": raw.stem, "seconds": round(elapsed, 3)}
    if evaluation is None:
        row["error"] = "; ".join(i.message for i in issues)
        evaluation_amounts: Counter[Decimal] = Counter()
        evaluation_rates: Counter[Decimal] = Counter()
    else:
        evaluation_amounts = Counter(cents(s.value, s.unit) for s in evaluation.stated if s.kind == "amount")
        evaluation_rates = Counter(plain(s.value) for s in evaluation.stated if s.kind == "rate")
    truth_amounts = Counter(cents(a["value"], a.get("unit") or "万元") for a in truth["amounts"])
    truth_rates = Counter(plain(r["value"]) for r in truth["rates"])
    row["amounts"] = [
        matched(evaluation_amounts, truth_amounts),
        sum(evaluation_amounts.values()),
        sum(truth_amounts.values()),
    ]
    row["rates"] = [
        matched(evaluation_rates, truth_rates),
        sum(evaluation_rates.values()),
        sum(truth_rates.values()),
    ]
    row["missed_amounts"] = [str(v) for v in (truth_amounts - evaluation_amounts).elements()]
    row["extra_amounts"] = [str(v) for v in (evaluation_amounts - truth_amounts).elements()]
    if evaluation is not None:
        found_department = evaluation.department if "department" in evaluation.spans else None
        found_year = evaluation.year if "year" in evaluation.spans else None
        row["department"] = field_score(found_department, truth.get("department"), same_department)
        row["year"] = field_score(found_year, truth.get("year"), lambda a, b: a == b)
        found_total = evaluation.declared.total_score
        row["total_score"] = field_score(
            found_total, truth.get("total_score"), lambda a, b: plain(a) == plain(b)
        )
        row["indicators"] = list(score_indicators(indicator_scores(evaluation), truth.get("indicators", [])))
        result = evaluate(raw)
        inconsistencies = truth.get("inconsistencies", [])
        row["inconsistencies"] = [
            sum(inconsistency_found(i.get("check", ""), result.issues) for i in inconsistencies),
            len(inconsistencies),
        ]
        row["unmatched_alarms"] = unmatched_alarms(inconsistencies, result.issues)
        row["errors"], row["false_errors"] = false_errors(inconsistencies, result.issues)
    return row


def field_score(found: Any, truth: Any, same: Any) -> list[int]:
    """[correct, extracted, truth] for a single-valued field."""
    return [
        int(found is not None and truth is not None and bool(same(found, truth))),
        int(found is not None),
        int(truth is not None),
    ]


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for key in ("amounts", "rates", "department", "year", "total_score", "indicators"):
        correct = sum(r.get(key, [0, 0, 0])[0] for r in rows)
        extracted = sum(r.get(key, [0, 0, 0])[1] for r in rows)
        truth = sum(r.get(key, [0, 0, 0])[2] for r in rows)
        summary[key] = {
            "matched": correct,
            "extracted": extracted,
            "truth": truth,
            "precision": ratio(correct, extracted),
            "recall": ratio(correct, truth),
        }
    found = sum(r.get("inconsistencies", [0, 0])[0] for r in rows)
    total = sum(r.get("inconsistencies", [0, 0])[1] for r in rows)
    alarms = sum(len(r.get("unmatched_alarms", [])) for r in rows)
    errors = sum(r.get("errors", 0) for r in rows)
    false = sum(len(r.get("false_errors", [])) for r in rows)
    summary["inconsistencies"] = {
        "found": found,
        "truth": total,
        "recall": ratio(found, total),
        "unmatched_alarms": alarms,
        "errors": errors,
        "false_errors": false,
        "false_alarm_rate": ratio(false, errors),
    }
    summary["documents"] = len(rows)
    summary["seconds"] = round(sum(r["seconds"] for r in rows), 3)
    return summary


def measure(folder: Path, half: str = "open") -> dict[str, Any]:
    """Run the extractor over ``folder/raw/*.txt`` against ``folder/truth/*.json``.

    ``half`` is ``open`` (every document but the locked half, rows kept), ``locked`` (the locked half:
    summary only, the rows are dropped) or ``all`` (summary only).
    """
    rows = []
    for raw in sorted((folder / "raw").glob("*.txt")):
        truth_file = folder / "truth" / f"{raw.stem}.json"
        if not truth_file.is_file() or (half == "open" and is_locked(raw.stem)):
            continue
        if half == "locked" and not is_locked(raw.stem):
            continue
        rows.append(run_document(raw, truth_file))
    report: dict[str, Any] = {"folder": str(folder), "half": half, "summary": summarise(rows)}
    if half == "open":
        report["documents"] = rows
    return report


def print_table(report: dict[str, Any]) -> None:
    summary = report["summary"]
    print(f"{'字段':<16}{'匹配':>6}{'提取':>6}{'真值':>6}{'精确率':>9}{'召回率':>9}")
    for key in ("amounts", "rates", "department", "year", "total_score", "indicators"):
        item = summary[key]
        print(
            f"{key:<16}{item['matched']:>6}{item['extracted']:>6}{item['truth']:>6}"
            f"{item['precision'] if item['precision'] is not None else '-':>9}"
            f"{item['recall'] if item['recall'] is not None else '-':>9}"
        )
    inc = summary["inconsistencies"]
    print(f"{'inconsistencies':<16}{inc['found']:>6}{'':>6}{inc['truth']:>6}{'':>9}{inc['recall']!s:>9}")
    print(f"false alarms: {inc['false_errors']} of {inc['errors']} errors cite no truth inconsistency")
    print(f"errors and warnings citing no truth inconsistency: {inc['unmatched_alarms']}")
    for row in report.get("documents", []):  # the open half only: the locked half is never shown per document
        for alarm in row.get("unmatched_alarms", []):
            print(f"  {row['doc']}: {alarm[:110]}")
    print(f"{summary['documents']} documents, extraction {summary['seconds']} s")


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if not (folder / "raw").is_dir():
        print(f"没有找到语料目录：{folder}/raw", file=sys.stderr)
        return 2
    reports = {}
    for half in ("open", "locked"):
        reports[half] = measure(folder, half)
        print(f"== {half} half ({'odd ids 201-239, aggregate only' if half == 'locked' else 'the rest'}) ==")
        print_table(reports[half])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
