"""``make bench``: run every benchmark that exists and collect its results under benchmarks/results/.

Runs ``benchmarks/*_bench.py``, ``extract_accuracy.py`` and ``web_load.py`` (whichever exist), each in
its own process with the venv's Python, then writes ``results/summary.json``: per benchmark its exit
code, wall time and the result files it wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
EXTRA = ("extract_accuracy.py", "web_load.py")


def benchmarks() -> list[Path]:
    found = sorted(HERE.glob("*_bench.py"))
    found += [HERE / name for name in EXTRA if (HERE / name).is_file()]
    return found


def run(script: Path) -> dict[str, object]:
    RESULTS.mkdir(exist_ok=True)
    before = {p: p.stat().st_mtime_ns for p in RESULTS.glob("*.json")}
    started = time.perf_counter()
    print(f"== {script.name}", flush=True)
    code = subprocess.run([sys.executable, str(script)], cwd=HERE, check=False).returncode
    written = sorted(
        p.name
        for p in RESULTS.glob("*.json")
        if p.name != "summary.json" and before.get(p) != p.stat().st_mtime_ns
    )
    return {"exit": code, "seconds": round(time.perf_counter() - started, 1), "results": written}


def main() -> int:
    summary = {script.name: run(script) for script in benchmarks()}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    failed = [name for name, entry in summary.items() if entry["exit"] != 0]
    for name, entry in summary.items():
        print(f"{name}: exit {entry['exit']}, {entry['seconds']} s, {', '.join(entry['results']) or '—'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
