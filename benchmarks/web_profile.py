"""Where a web request's CPU goes: each page of the load benchmark requested in-process through the whole
WSGI stack (the request-size door, static files, every middleware, sessions in the database), timed in CPU
ms per request and profiled with cProfile.

The district is the load benchmark's (200 generated departments, SQLite in a temporary data directory, or
PostgreSQL with ``--postgres-url``). For each request kind (year table, report as the reviewer sees it,
dashboard, report as its department opens it, live preview, save, a static file) the script warms up, then
measures ``--repeat`` requests: process CPU time per request, and the functions with the most cumulative
time (``--top``, 0 for none).

Usage: ``python benchmarks/web_profile.py [--kinds year-table,report-view] [--repeat 50] [--top 25]``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
YEAR = 2024


def populate(departments: int) -> dict[str, Any]:
    """The load benchmark's district, generated in this process (returns logins and report ids)."""
    sys.path.insert(0, str(HERE))
    from web_load import POPULATE

    out = io.StringIO()
    stdout, sys.stdout = sys.stdout, out
    argv, sys.argv = sys.argv, ["populate", str(departments)]
    try:
        exec(compile(POPULATE, "populate", "exec"), {"__name__": "populate"})
    finally:
        sys.stdout, sys.argv = stdout, argv
    return dict(json.loads(out.getvalue().strip().splitlines()[-1]))


class Client:
    """Requests through the WSGI application every server runs (``jixiao.web.serve.application``)."""

    def __init__(self, app: Any, username: str, password: str) -> None:
        from django.test import Client as DjangoClient

        self.client = DjangoClient()
        self.client.handler = _WsgiHandler(app)  # the real WSGI app, CSRF checks included
        self.get("/login/")
        response = self.post("/login/", {"username": username, "password": password})
        if response.status_code != 302:
            raise SystemExit(f"登录失败：{username} {response.status_code}")

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def post(self, path: str, data: dict[str, str]) -> Any:
        """A form post as browsers and htmx send it (urlencoded, with the CSRF token)."""
        token = self.client.cookies["csrftoken"].value
        body = urlencode({**data, "csrfmiddlewaretoken": token})
        return self.client.post(path, body, content_type="application/x-www-form-urlencoded")


class _WsgiHandler:
    """Django's test client calls its handler with a WSGI environ; answer through the real app."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any]) -> Any:
        from django.core.handlers.wsgi import WSGIRequest
        from django.http import HttpResponse

        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"] = int(status.split(maxsplit=1)[0])
            captured["headers"] = headers
            return lambda data: None

        body = b"".join(self.app(environ, start_response))
        response = HttpResponse(body, status=captured["status"])
        for name, value in captured["headers"]:
            if name.lower() == "set-cookie":
                from http.cookies import SimpleCookie

                response.cookies.update(SimpleCookie(value))
            else:
                response[name] = value
        response.wsgi_request = WSGIRequest(environ)
        return response


def requests(district: dict[str, Any], app: Any) -> dict[str, Callable[[], Any]]:
    """One callable per request kind of the load benchmark (and a static file)."""
    from jixiao.web.demo import DEMO_PASSWORD

    reviewer = Client(app, "shenhe01", DEMO_PASSWORD)
    department = district["departments"][0]
    writer = Client(app, department["username"], DEMO_PASSWORD)
    report = f"/reports/{department['report']}/"
    reports = district["reports"]
    state = {"n": 0}
    post = dict(department["fields"])

    def revision() -> str:
        from jixiao.web.models import Report

        return str(Report.objects.get(pk=department["report"]).revision)

    def save() -> Any:
        state["n"] += 1
        post["narrative.summary"] = f"第{state['n']}次保存：全年目标基本完成。"
        post["revision"] = revision()
        response = writer.post(report, post)
        assert response.status_code == 302, response.status_code
        return response

    def report_view() -> Any:
        state["n"] += 1
        return reviewer.get(f"/reports/{reports[state['n'] % len(reports)]}/")

    return {
        "year-table": lambda: reviewer.get(f"/years/{YEAR}/"),
        "report-view": report_view,
        "dashboard": lambda: reviewer.get(f"/years/{YEAR}/dashboard/"),
        "report-open": lambda: writer.get(report),
        "preview": lambda: writer.post(f"{report}preview/", {**post, "revision": "0"}),
        "save": save,
        "static": lambda: reviewer.get("/static/jixiao/app.css"),
        "not-found": lambda: reviewer.get("/no-such-page/"),  # every middleware, the session and the user
    }


AREAS = (
    ("jixiao.web", "/jixiao/web/"),
    ("jixiao core", "/jixiao/"),
    ("django template", "/django/template"),
    ("django db", "/django/db/"),
    ("sessions/auth/csrf", "/django/contrib/"),
    ("axes", "/axes/"),
    ("csp", "/csp/"),
    ("simple_history", "/simple_history/"),
    ("rules", "/rules/"),
    ("django other", "/django/"),
    ("pydantic", "pydantic"),
    ("sqlite/psycopg", "sqlite3"),
    ("sqlite/psycopg", "psycopg"),
)


def by_area(stats: pstats.Stats, repeat: int) -> str:
    """Own time (tottime) summed by area of code, in ms per request."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        area = next((name for name, part in AREAS if part in filename), "python/stdlib/builtins")
        totals[area] = totals.get(area, 0.0) + tottime
    return "  ".join(f"{k} {v * 1000 / repeat:.2f}" for k, v in sorted(totals.items(), key=lambda kv: -kv[1]))


def district_for(args: argparse.Namespace) -> dict[str, Any]:
    """Django set up on a generated district (kept in JIXIAO_DATA_DIR for ``--reuse``)."""
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-web-profile-"))
    os.environ["JIXIAO_FAST_HASHER"] = "1"
    if args.postgres_url:
        sys.path.insert(0, str(HERE))
        from web_load import recreate_postgres

        recreate_postgres(args.postgres_url)
        os.environ["JIXIAO_DATABASE_URL"] = args.postgres_url
    kept = Path(os.environ["JIXIAO_DATA_DIR"]) / "district.json"
    if args.reuse and kept.exists() and not args.postgres_url:
        from jixiao.web.serve import setup

        setup()
        return dict(json.loads(kept.read_text(encoding="utf-8")))
    district = populate(args.departments)
    kept.write_text(json.dumps(district), encoding="utf-8")
    return district


def sql_of(call: Callable[[], Any]) -> list[str]:
    """The SQL statements one request sends."""
    from django.db import connection

    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    return queries


def profile_of(call: Callable[[], Any], args: argparse.Namespace) -> str:
    """cProfile of ``args.repeat`` requests: own time by area, then the top functions."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.repeat):
        call()
    profile.disable()
    stats = pstats.Stats(profile)
    text = io.StringIO()
    stats.stream = text  # type: ignore[attr-defined]
    stats.sort_stats(args.sort).print_stats(args.top)
    return by_area(stats, args.repeat) + "\n" + text.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--postgres-url", default="")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request of each kind")
    parser.add_argument("--reuse", action="store_true", help="JIXIAO_DATA_DIR's district if generated before")
    args = parser.parse_args()
    district = district_for(args)
    from jixiao.web.serve import application

    kinds = requests(district, application())
    chosen = [k for k in args.kinds.split(",") if k] or list(kinds)
    figures: dict[str, Any] = {}
    for kind in chosen:
        call = kinds[kind]
        for _ in range(5):
            call()
        queries = sql_of(call)
        started = time.process_time()
        for _ in range(args.repeat):
            call()
        cpu_ms = (time.process_time() - started) * 1000 / args.repeat
        figures[kind] = {"cpu_ms": round(cpu_ms, 2), "queries": len(queries)}
        print(f"== {kind}: {cpu_ms:.2f} ms CPU/request, {len(queries)} queries", flush=True)
        if args.sql:
            print("\n".join(f"   {sql[:160]}" for sql in queries))
        if args.top:
            print(profile_of(call, args))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
