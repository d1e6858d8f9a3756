"""Load benchmark of the web app: 50 concurrent users on the bureau's year table with 200 departments.

A fresh SQLite database (or ``JIXIAO_DATABASE_URL``) gets 200 generated departments; the app is served
by ``jixiao.web.serve`` (waitress, as ``jixiao serve``) on 127.0.0.1 in a child process. 25 reviewers browse
(year table, a report, the dashboard) and 25 department users open their report, ask for the live
preview and save it, each for a fixed number of rounds, the whole run capped in time. Latency per
request kind (p50/p95), errors and save conflicts go to ``benchmarks/results/web_load.json``.

Usage: ``python benchmarks/web_load.py [--users 50] [--departments 200] [--rounds 6] [--max-seconds 300]``
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "web_load.json"
PASSWORD = "jixiao2024"  # jixiao.web.demo.DEMO_PASSWORD
YEAR = 2024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def populate(departments: int) -> None:
    """Migrate and create the district (in this process, before the server starts)."""
    from jixiao.web.serve import prepare, setup

    setup()
    prepare(demo=False)
    from django.contrib.auth import get_user_model

    from jixiao.web.demo import REVIEWER, _account, generate
    from jixiao.web.models import Account

    _account(REVIEWER, Account.REVIEWER)
    for i in range(1, 26):
        _account(f"shenhe{i:02d}", Account.REVIEWER)
    generate(departments, (YEAR,), get_user_model().objects.get(username=REVIEWER))


class User:
    """One simulated browser: its own cookies, CSRF token and timings."""

    def __init__(self, base: str, record: Any) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.record = record

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def request(self, kind: str, path: str, data: dict[str, str] | None = None) -> str:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
            headers["X-CSRFToken"] = self.csrf()
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(
                urllib.request.Request(self.base + path, body, headers), timeout=60
            ) as resp:
                status, text = resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:
            text = str(exc)
        self.record(kind, time.perf_counter() - started, status)
        return text

    def login(self, username: str) -> None:
        self.request("login-page", "/login/")
        self.request("login", "/login/", {"username": username, "password": PASSWORD})


def reviewer_rounds(user: User, rounds: int, report_ids: list[int], deadline: float, n: int) -> None:
    for r in range(rounds):
        if time.monotonic() > deadline:
            return
        user.request("year-table", f"/years/{YEAR}/")
        user.request("report-view", f"/reports/{report_ids[(n * rounds + r) % len(report_ids)]}/")
        if r % 3 == 0:
            user.request("dashboard", f"/years/{YEAR}/dashboard/")


def department_rounds(user: User, rounds: int, report_id: int, deadline: float) -> None:
    from jixiao.web.forms import layout
    from jixiao.web.models import Report

    for r in range(rounds):
        if time.monotonic() > deadline:
            return
        page = user.request("report-open", f"/reports/{report_id}/")
        match = re.search(r'name="revision" value="(\d+)"', page)
        if not match:
            continue
        data = Report.objects.get(pk=report_id).current.data
        post = layout(data).fields()
        post["revision"] = match.group(1)
        post["narrative.summary"] = f"第{r + 1}次保存：全年目标基本完成。"
        user.request("preview", f"/reports/{report_id}/preview/", post)
        user.request("save", f"/reports/{report_id}/", post)


def summarise(values: list[float]) -> dict[str, float]:
    return {
        "count": len(values),
        "p50_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    """The app in a child process on a free port, once it answers."""
    port = free_port()
    code = f"from jixiao.web.serve import run_server; run_server('127.0.0.1', {port}, False)"
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def run(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-web-load-"))
    os.environ["JIXIAO_FAST_HASHER"] = "1"  # logins are setup, not what is measured
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    started = time.perf_counter()
    populate(args.departments)
    setup_seconds = time.perf_counter() - started
    from jixiao.web.models import Account, Report

    server, base = start_server()
    try:
        timings: dict[str, list[float]] = {}
        statuses: dict[str, int] = {}
        lock = threading.Lock()

        def record(kind: str, seconds: float, status: int) -> None:
            with lock:
                timings.setdefault(kind, []).append(seconds)
                key = str(status)
                statuses[key] = statuses.get(key, 0) + 1

        reports = list(Report.objects.filter(year=YEAR).values_list("pk", "department_id"))
        report_of = {dept: pk for pk, dept in reports}
        dept_users = list(  # submitted reports are locked for their department: edit the others
            Account.objects.filter(role=Account.DEPARTMENT)
            .exclude(department__report__status=Report.SUBMITTED)
            .values_list("user__username", "department_id")
        )[: args.users // 2]
        threads = []
        deadline = time.monotonic() + args.max_seconds
        barrier = threading.Barrier(args.users)

        def reviewer(n: int) -> None:
            user = User(base, record)
            user.login(f"shenhe{n + 1:02d}")
            barrier.wait()
            reviewer_rounds(user, args.rounds, [pk for pk, _ in reports], deadline, n)

        def department(username: str, dept: int) -> None:
            user = User(base, record)
            user.login(username)
            barrier.wait()
            department_rounds(user, args.rounds, report_of[dept], deadline)

        for n in range(args.users - len(dept_users)):
            threads.append(threading.Thread(target=reviewer, args=(n,)))
        for username, dept in dept_users:
            threads.append(threading.Thread(target=department, args=(username, dept)))
        load_started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_seconds = time.perf_counter() - load_started
    finally:
        server.terminate()
        server.wait(timeout=10)
    measured = {k: v for k, v in timings.items() if not k.startswith("login")}
    every = [t for values in measured.values() for t in values]
    errors = sum(n for status, n in statuses.items() if not (status.startswith(("2", "3"))))
    return {
        "users": args.users,
        "departments": args.departments,
        "rounds": args.rounds,
        "database": "postgresql" if os.environ.get("JIXIAO_DATABASE_URL") else "sqlite",
        "server": "jixiao.web.serve (waitress, 8 threads), 127.0.0.1",
        "setup_seconds": round(setup_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "requests": len(every),
        "requests_per_second": round(len(every) / load_seconds, 1) if load_seconds else None,
        "p50_ms": round(statistics.median(every) * 1000, 1) if every else None,
        "p95_ms": round(percentile(every, 0.95) * 1000, 1),
        "errors": errors,
        "conflicts_409": statuses.get("409", 0),
        "statuses": statuses,
        "by_kind": {kind: summarise(v) for kind, v in sorted(timings.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    result = run(args)
    RESULT.parent.mkdir(exist_ok=True)
    RESULT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("requests", "p50_ms", "p95_ms", "errors", "load_seconds")}))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
