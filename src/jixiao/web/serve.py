"""``jixiao serve``: migrate the database, load the demo district when asked, print the logins, serve."""

from __future__ import annotations

import os
from typing import Any


def setup() -> None:
    """Configure Django for this process (settings from the environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def prepare(demo: bool) -> list[tuple[str, str]]:
    """Migrate and (optionally) load the demo district; return the demo logins."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not demo:
        return []
    from jixiao.web.demo import load_demo

    return load_demo()


def run_server(host: str, port: int, demo: bool) -> None:
    """Start the web app (waitress, static files served by the app itself)."""
    setup()
    from django.conf import settings

    if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:
        settings.ALLOWED_HOSTS.append(host)
    if host in {"0.0.0.0", "::"}:
        settings.ALLOWED_HOSTS.append("*")
    db = settings.DATABASES["default"]
    print(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    logins = prepare(demo)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    print(f"绩效自评网页已启动：http://{shown}:{port}/")
    if logins:
        from jixiao.web.demo import DEMO_PASSWORD

        print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, who in logins[:8]:
            print(f"  {username:<10} {who}")
        if len(logins) > 8:
            print(f"  …… 另有 {len(logins) - 8} 个部门账号（bm001 起），管理后台 /admin/ 可查看")
    print("按 Ctrl+C 停止。")
    serve_wsgi(host, port)


THREADS = 8  # Python runs one request at a time (GIL); threads cover waits (database, PBKDF2, renders)


def make_server(host: str, port: int, threads: int = THREADS) -> Any:
    """The app under waitress (a pure-Python production WSGI server), static files included.

    Waitress answers from a fixed pool of threads and queues the rest: under 50 concurrent users it
    serves about half again as many requests per second as Django's thread-per-connection development
    server, with half its p95 latency (``benchmarks/results/web_load.json``).
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from waitress.server import create_server

    from jixiao.web.wsgi import application

    return create_server(
        StaticFilesHandler(application),  # the app's own CSS/JS/ECharts: intranets have no CDN
        host=host,
        port=port,
        threads=threads,
        backlog=128,  # many browsers connecting at once must queue, not be reset
        connection_limit=256,
        ident="jixiao",
    )


def serve_wsgi(host: str, port: int, threads: int = THREADS) -> None:
    """Serve until Ctrl+C."""
    make_server(host, port, threads).run()
