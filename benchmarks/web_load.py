"""Load benchmark of the web app: the real server (``jixiao serve --no-demo``, gunicorn processes x threads)
on 127.0.0.1 with 200 generated departments, driven by simulated browsers, on SQLite and on PostgreSQL.

Two load models, each with 50 users (half bureau reviewers: year table, a report, the dashboard; half
department users: open their report, live preview, save):

- ``think``: each user pauses 1-3 s (uniform) between requests, for ``--think-seconds``: the realistic
  load of a busy day (target: p95 < 150 ms, no errors);
- ``saturation``: no pauses, for ``--saturation-seconds``: the requests per second the machine serves.

Every HTTP request counts once (a save's 302 and the page loaded after it are two requests, as in a
browser). The server's CPU per request (all its processes) is measured too: on a machine shared with
other work, the wall-clock figures move with the neighbours, the CPU per request much less.

The district is generated in a child process (this process never imports Django), the server runs in
another, and each simulated browser keeps one HTTP/1.1 connection with its own cookies. Logins happen
before the measurement. Results (p50/p95/p99 per request kind, errors, requests/s) are written to
``benchmarks/results/web_load.json``.

Usage: ``python benchmarks/web_load.py [--databases sqlite,postgresql] [--users 50] [--workers N]
[--compare REV]`` (PostgreSQL: ``--postgres-url postgresql://postgres@127.0.0.1:5432/web_bench``, dropped
and created anew; ``--compare REV`` measures that commit first, the same way, for a before/after). It
prints one headline line per database and load model: requests/s, p50/p95, errors, the server's CPU
per request (user + system of all its processes), PostgreSQL's backends' CPU per request, the 1-minute
load average at both ends of the phase and the cores the rest of the machine used meanwhile.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "web_load.json"
YEAR = 2024
PASSWORD = "jixiao2024"  # jixiao.web.demo.DEMO_PASSWORD: the generated accounts' password

POPULATE = """
import json, sys
from jixiao.web.serve import prepare, setup
setup()
prepare(demo=False)
from django.contrib.auth import get_user_model
from jixiao.web.demo import REVIEWER, _account, generate
from jixiao.web.forms import layout
from jixiao.web.models import Account, Report
_account(REVIEWER, Account.REVIEWER)
for i in range(1, 51):
    _account(f"shenhe{i:02d}", Account.REVIEWER)
generate(int(sys.argv[1]), (2024,), get_user_model().objects.get(username=REVIEWER))
editable = (Account.objects.filter(role=Account.DEPARTMENT, department__report__year=2024,
            department__report__status__in=[Report.DRAFT, Report.RETURNED])
            .values_list("user__username", "department__report__pk"))
departments = [{"username": u, "report": pk,
                "fields": layout(Report.objects.get(pk=pk).current.data).fields()} for u, pk in editable]
reports = list(Report.objects.filter(year=2024).values_list("pk", flat=True))
print(json.dumps({"departments": departments, "reports": reports}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Browser:
    """One simulated browser: a kept-alive HTTP/1.1 connection, cookies, the CSRF token, redirects."""

    def __init__(self, port: int, record: Any) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.record = record
        self.connection: http.client.HTTPConnection | None = None

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, str, str]:
        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, response.getheader("Location", ""), text
        raise AssertionError("unreachable")

    def request(self, kind: str, path: str, data: dict[str, str] | None = None) -> str:
        headers = {"Referer": f"http://127.0.0.1:{self.port}{path}", "Host": f"127.0.0.1:{self.port}"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        status, location, text = 0, "", ""
        try:
            method = "POST" if body else "GET"
            status, location, text = self._send(method, path, body.encode() if body else None, headers)
        except (http.client.HTTPException, OSError) as exc:
            text = str(exc)
        self.record(kind, time.perf_counter() - started, status)
        if status == 302 and location and kind != "login":  # after a save the browser loads the page again
            return self.request("report-open", location)
        return text

    def login(self, username: str) -> bool:
        self.request("login-page", "/login/")
        self.request("login", "/login/", {"username": username, "password": PASSWORD})
        return "sessionid" in self.cookies


def reviewer_script(reports: list[int], rng: random.Random) -> Any:
    """The requests of a reviewer, as (kind, path, form data); the page's text is sent back."""
    step = 0
    while True:
        yield ("year-table", f"/years/{YEAR}/", None)
        yield ("report-view", f"/reports/{rng.choice(reports)}/", None)
        if step % 3 == 0:
            yield ("dashboard", f"/years/{YEAR}/dashboard/", None)
        step += 1


def department_script(department: dict[str, Any]) -> Any:
    """Open the report, then again and again: live preview, save (the page loads again after a save,
    showing the revision the next save names)."""
    post = dict(department["fields"])
    report = f"/reports/{department['report']}/"
    saves = 0
    page = yield ("report-open", report, None)
    while True:
        match = re.search(r'name="revision" value="(\d+)"', page or "")
        post["revision"] = match.group(1) if match else "0"
        saves += 1
        post["narrative.summary"] = f"第{saves}次保存：全年目标基本完成。"
        yield ("preview", f"{report}preview/", post)
        page = yield ("save", report, post)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def summarise(values: list[float]) -> dict[str, float]:
    return {
        "count": len(values),
        "p50_ms": round(statistics.median(values) * 1000, 1) if values else 0.0,
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
    }


def server_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds (user, system) used so far by the server: its master and its worker processes."""
    import psutil

    try:
        master = psutil.Process(pid)
        processes = [master, *master.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    user = system = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        user += times.user
        system += times.system
    return user, system


def machine_busy() -> float:
    """CPU seconds every core of the machine has been busy so far (all processes)."""
    import psutil

    times = psutil.cpu_times()
    return float(sum(getattr(times, field) for field in ("user", "nice", "system", "irq", "softirq", "steal")
                     if hasattr(times, field)))  # fmt: skip


def database_cpu(url: str | None) -> dict[int, float]:
    """CPU seconds (user + system) so far of each PostgreSQL backend serving ``url``'s database, by pid
    (the server keeps its connections, so the same backends serve a whole load phase)."""
    if not url:
        return {}
    import psutil
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as connection:
        pids = [row[0] for row in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        )]  # fmt: skip
    found = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        found[pid] = times.user + times.system
    return found


class Meter:
    """The CPU the server (user, system), this load generator, the database's backends and the whole
    machine used between ``start`` and ``stop``, with the load average at both ends."""

    def __init__(self, pid: int, database_url: str | None) -> None:
        self.pid, self.database_url = pid, database_url

    def start(self) -> None:
        self.load = [os.getloadavg()[0]]
        self.server = server_cpu(self.pid)
        self.client = time.process_time()
        self.database = database_cpu(self.database_url)
        self.machine = machine_busy()
        self.started = time.perf_counter()

    def stop(self) -> None:
        self.elapsed = time.perf_counter() - self.started
        user, system = server_cpu(self.pid)
        self.user, self.system = user - self.server[0], system - self.server[1]
        after = database_cpu(self.database_url)
        self.database_seconds = sum(cpu - self.database.get(pid, 0.0) for pid, cpu in after.items())
        self.client_seconds = time.process_time() - self.client
        self.machine_seconds = machine_busy() - self.machine
        self.load.append(os.getloadavg()[0])

    def figures(self, requests: int) -> dict[str, Any]:
        def per_request(cpu_seconds: float) -> float:
            return round(cpu_seconds * 1000 / max(requests, 1), 1)

        server = self.user + self.system
        others = self.machine_seconds - server - self.client_seconds - self.database_seconds
        return {
            # CPU per request, what a shared machine cannot hide: the server's (all its processes), the
            # database's backends (PostgreSQL) and this load generator's; 2 dedicated cores give at most
            # 2000 / (server + database ms) requests per second
            "server_cpu_ms_per_request": per_request(server),
            "server_user_ms_per_request": per_request(self.user),
            "server_sys_ms_per_request": per_request(self.system),
            "database_cpu_ms_per_request": per_request(self.database_seconds) if self.database_url else None,
            "client_cpu_ms_per_request": per_request(self.client_seconds),
            "capacity_per_2_cores": round(2000 / max(per_request(server + self.database_seconds), 0.1), 1),
            "load_average_1min": [round(x, 2) for x in self.load],
            # the cores the rest of the machine used meanwhile (other people's work)
            "others_cores": round(max(others, 0.0) / self.elapsed, 2),
        }


def drive(
    port: int, meter: Meter, district: dict[str, Any], users: int, seconds: float, think: bool
) -> dict[str, Any]:
    """``users`` browsers (half reviewers) logged in, then their scripts for ``seconds``."""
    timings: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    measuring = threading.Event()

    def record(kind: str, elapsed: float, status: int) -> None:
        if not measuring.is_set():
            return
        with lock:
            timings.setdefault(kind, []).append(elapsed)
            statuses[str(status)] = statuses.get(str(status), 0) + 1

    departments = district["departments"][: users // 2]
    plans: list[tuple[str, Any]] = [(d["username"], d) for d in departments]
    plans += [(f"shenhe{n + 1:02d}", None) for n in range(users - len(departments))]
    barrier = threading.Barrier(len(plans) + 1)
    stop = threading.Event()
    failed_logins: list[str] = []

    def user(username: str, department: dict[str, Any] | None, seed: int) -> None:
        rng = random.Random(seed)
        browser = Browser(port, record)
        if not browser.login(username):
            failed_logins.append(username)
        script = department_script(department) if department else reviewer_script(district["reports"], rng)
        barrier.wait()
        if think:
            time.sleep(rng.uniform(0, 3))  # arrivals spread, as people's are
        step = next(script)
        while not stop.is_set():
            kind, path, data = step
            text = browser.request(kind, path, data)
            if think:
                time.sleep(rng.uniform(1, 3))
            step = script.send(text)

    threads = [threading.Thread(target=user, args=(name, dept, n)) for n, (name, dept) in enumerate(plans)]
    for thread in threads:
        thread.start()
    barrier.wait()
    meter.start()
    measuring.set()
    time.sleep(seconds)
    stop.set()
    measuring.clear()
    meter.stop()
    for thread in threads:
        thread.join(timeout=120)
    measured = {k: v for k, v in timings.items() if not k.startswith("login")}
    every = [t for values in measured.values() for t in values]
    errors = sum(n for status, n in statuses.items() if not status.startswith(("2", "3")))
    return {
        "users": len(plans),
        "think_seconds": "1-3" if think else 0,
        "seconds": round(meter.elapsed, 1),
        "requests": len(every),
        "requests_per_second": round(len(every) / meter.elapsed, 1),
        **{k: v for k, v in summarise(every).items() if k != "count"},
        "errors": errors,
        "conflicts_409": statuses.get("409", 0),
        "failed_logins": len(failed_logins),
        **meter.figures(len(every)),
        "statuses": statuses,
        "by_kind": {kind: summarise(values) for kind, values in sorted(measured.items())},
    }


def recreate_postgres(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_database(database: str, args: argparse.Namespace, source: Path | None = None) -> dict[str, Any]:
    """Generate the district and serve it on ``database``, then both load models; ``source`` is another
    checkout's ``src`` to run instead of the installed jixiao (``--compare``)."""
    env = {k: v for k, v in os.environ.items() if k not in {"JIXIAO_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    data = tempfile.mkdtemp(prefix=f"jixiao-web-load-{database}-")
    env.update(JIXIAO_DATA_DIR=data, JIXIAO_FAST_HASHER="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    if database == "postgresql":
        recreate_postgres(args.postgres_url)
        env["JIXIAO_DATABASE_URL"] = args.postgres_url
        env["JIXIAO_DB_CONN_MAX_AGE"] = "60"
    started = time.perf_counter()
    populated = subprocess.run([sys.executable, "-c", POPULATE, str(args.departments)], env=env,
                               capture_output=True, text=True, check=True)  # fmt: skip
    district = json.loads(populated.stdout.strip().splitlines()[-1])
    setup_seconds = time.perf_counter() - started
    port = free_port()
    command = [sys.executable, "-c", "from jixiao.cli import main; main()", "serve", "--no-demo",
               "--port", str(port), "--workers", str(args.workers)]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        result: dict[str, Any] = {"setup_seconds": round(setup_seconds, 1)}
        for model, seconds in (("think", args.think_seconds), ("saturation", args.saturation_seconds)):
            meter = Meter(server.pid, env.get("JIXIAO_DATABASE_URL"))
            result[model] = drive(port, meter, district, args.users, seconds, think=model == "think")
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


HEADLINE = "{:<18} {:<10} {:>6} {:>7} {:>7} {:>6} {:>17} {:>5} {:>5} {:>6} {:>11} {:>13}"


def headline(database: str, model: str, run: dict[str, Any]) -> str:
    """One line of the figures the issue asks for, and the CPU per request that a busy machine hides."""
    database_ms = run.get("database_cpu_ms_per_request")
    return HEADLINE.format(
        database, model, run["requests_per_second"], run["p50_ms"], run["p95_ms"], run["errors"],
        run["server_cpu_ms_per_request"], run["server_user_ms_per_request"], run["server_sys_ms_per_request"],
        "—" if database_ms is None else database_ms,
        "→".join(str(x) for x in run["load_average_1min"]), run["others_cores"],
    )  # fmt: skip


def commit() -> str:
    """The commit measured (with ``+`` when the work tree has changes)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=HERE, capture_output=True,
                               text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("+" if dirty else "")


def run_all(args: argparse.Namespace, label: str, source: Path | None = None) -> dict[str, Any]:
    """Every database asked for, a headline line per load model as each finishes."""
    runs = {}
    for database in args.databases.split(","):
        runs[database] = run_database(database, args, source)
        for model in ("think", "saturation"):
            print(headline(f"{label}{database}", model, runs[database][model]), flush=True)
    return runs


def compare_with(revision: str, args: argparse.Namespace) -> dict[str, Any]:
    """The same runs on another commit (a temporary worktree of this repository), for a before/after
    measured back to back in the same conditions."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-web-load-compare-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(folder), revision], cwd=HERE, check=True)
    try:
        return {"commit": revision, "runs": run_all(args, f"{revision[:7]} ", folder / "src")}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=HERE, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/web_bench")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 1))
    parser.add_argument("--think-seconds", type=float, default=60)
    parser.add_argument("--saturation-seconds", type=float, default=30)
    parser.add_argument("--out", type=Path, default=RESULT, help="where the results go (JSON)")
    parser.add_argument(
        "--compare", metavar="REV", help="first measure this commit the same way (before/after)"
    )
    args = parser.parse_args()
    result: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "load_average_before": list(os.getloadavg())},
        "server": f"jixiao serve --no-demo --workers {args.workers} (gunicorn gthread, 8 threads), 127.0.0.1",
        "departments": args.departments,
        "targets": {"think_p95_ms": 150, "think_errors": 0, "saturation_requests_per_second": 120},
    }
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(HEADLINE.format("database", "model", "req/s", "p50 ms", "p95 ms", "errors", "server CPU ms/req",
                          "user", "sys", "db CPU", "load 1m", "others' cores"))  # fmt: skip
    if args.compare:
        result["before"] = compare_with(args.compare, args)
    result["runs"] = run_all(args, "")
    result["machine"]["load_average_after"] = list(os.getloadavg())
    result["commit"] = commit()
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"targets: think p95 < 150 ms with 0 errors; saturation >= 120 req/s. Written: {args.out}")
    failed = any(run[model]["errors"] for run in result["runs"].values() for model in ("think", "saturation"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
