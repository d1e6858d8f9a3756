"""Records benchmark: reading and measuring a 信访 register of 10^4 and 10^5 rows (.xlsx and .csv).

Each run is a fresh child process that reads the register (only the columns the schema needs; the
personal columns are there and skipped), validates it and computes the seven standard measures. Recorded
per size and format: wall and CPU seconds, rows per second (wall and CPU), the child's peak resident
memory (``VmHWM`` of /proc/self/status: ``ru_maxrss`` would count the parent's pages the child was forked
with, which hold the generated rows). Best of three runs by CPU time (ADR 0009).

Formats: ``xlsx`` with shared strings (as Excel and WPS save a workbook), ``xlsx_inline`` with inline
strings (XlsxWriter's constant-memory mode), ``csv``. For comparison, ``openpyxl_read_only`` is openpyxl's
read-only mode merely iterating every row of the shared-strings workbook (``values_only``; no typing, no
measures): the parse the reader used before the streaming one (ADR 0011).

    python benchmarks/records_bench.py        → benchmarks/results/records_bench.json
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "records_bench.json"
SIZES = (10_000, 100_000)
HEADER = (
    "编号", "信访人姓名", "身份证号码", "联系电话", "渠道", "登记日期", "是否受理", "受理日期",
    "交办/转送日期", "办结日期", "延期天数", "复查/复核", "是否积案", "积案化解日期", "评价", "纳入评价",
    "重复信访", "反映内容",
)  # fmt: skip

PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

CHILD = (
    PEAK
    + """
import json, resource, sys, time
from pathlib import Path
wall, cpu = time.perf_counter(), time.process_time()
from jixiao.records.engine import Period
from jixiao.records.register import measure_register, read_register
table = read_register(Path(sys.argv[1]))
rows = measure_register(table, Period.year(2024))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({
    "wall_s": wall, "cpu_s": cpu, "rows": len(table), "problems": len(table.problems),
    "peak_rss_mb": peak_mb(),
    "measures": {
        r.measure.name: [str(r.measurement.k), r.measurement.n] for r in rows if r.measurement
    },
}))
"""
)


def rows(count: int) -> list[list[object]]:
    rng = random.Random(count)
    found: list[list[object]] = []
    for i in range(count):
        registered = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 330))
        accepted = registered + timedelta(days=rng.randint(1, 16))
        concluded = accepted + timedelta(days=rng.randint(5, 70)) if rng.random() < 0.9 else None
        found.append(
            [
                f"B{i:07d}",
                "测试" + str(i % 97),
                f"999999{19500101 + i % 9000:08d}{i % 1000:03d}X",
                f"199{i:08d}",
                rng.choice(("来信", "来访", "网上", "电话")),
                registered,
                "是",
                accepted,
                None,
                concluded,
                rng.choice((None, None, 15, 30)),
                None,
                "否",
                None,
                rng.choice(("满意", "基本满意", "不满意", "未评价")),
                "是",
                rng.choice(("是", "否", "否")),
                "反映的问题" + str(i % 13),
            ]
        )
    return found


OPENPYXL_CHILD = (
    PEAK
    + """
import json, resource, sys, time
wall, cpu = time.perf_counter(), time.process_time()
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in book.active.iter_rows(values_only=True)) - 1
book.close()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "rows": rows, "problems": 0,
    "peak_rss_mb": peak_mb()}))
"""
)


def write_xlsx(data: list[list[object]], path: Path, *, inline: bool = False) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    sheet = book.add_worksheet("登记簿")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(data, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()


def write_csv(data: list[list[object]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([["" if v is None else v for v in row] for row in data])


def measure(path: Path, child: str = CHILD) -> dict[str, object]:
    runs = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", child, str(path)], capture_output=True, text=True, check=True, timeout=3600
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda run: run["cpu_s"])
    best["rows_per_s"] = round(best["rows"] / best["wall_s"])
    best["rows_per_cpu_s"] = round(best["rows"] / best["cpu_s"])
    best["runs_cpu_s"] = [round(run["cpu_s"], 3) for run in runs]
    best["file_mb"] = round(path.stat().st_size / 1024 / 1024, 2)
    for key in ("wall_s", "cpu_s", "peak_rss_mb"):
        best[key] = round(best[key], 3 if key.endswith("_s") else 1)
    return best


def main() -> None:
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "processor": platform.machine(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        },
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            data = rows(size)
            entry: dict[str, object] = {}
            shared = Path(folder) / "register.xlsx"
            inline = Path(folder) / "register-inline.xlsx"
            csv_path = Path(folder) / "register.csv"
            write_xlsx(data, shared)
            write_xlsx(data, inline, inline=True)
            write_csv(data, csv_path)
            for key, path, child in (
                ("xlsx", shared, CHILD),
                ("xlsx_inline", inline, CHILD),
                ("csv", csv_path, CHILD),
                ("openpyxl_read_only", shared, OPENPYXL_CHILD),
            ):
                entry[key] = measured = measure(path, child)
                print(size, key, {k: measured[k] for k in ("cpu_s", "wall_s", "rows_per_s", "peak_rss_mb")})
            results["sizes"][str(size)] = entry  # type: ignore[index]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
