"""``jixiao serve`` and ``jixiao init``: migrate the database, load the demo or create the first
administrator, and serve the app (gunicorn processes with threads on Linux, waitress elsewhere).

The demo district (known passwords) is only ever served on a loopback address; a production start
(``--no-demo``) names the host names it answers to (``--allowed-hosts``) when it listens beyond
loopback. The SQLite database and the secret key are readable by their owner only (0600).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
THREADS = 8  # per process: Python runs one request at a time (GIL); threads cover waits (DB, PBKDF2)


class StartError(Exception):
    """The server cannot start as asked (Chinese message)."""


def setup() -> None:
    """Configure Django for this process (settings from the environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django  # noqa: PLC0415  (Django only when serving)

    django.setup()


def default_workers() -> int:
    """One process per core (at least 2: a slow request never holds every other one up)."""
    return max(2, os.cpu_count() or 1)


def private_files() -> None:
    """The SQLite database (and its WAL files) and the data directory readable by the owner only."""
    from django.conf import settings  # noqa: PLC0415  (after django.setup())

    db = settings.DATABASES["default"]
    paths = [Path(settings.DATA_DIR)]
    if db["ENGINE"].endswith("sqlite3"):
        name = Path(str(db["NAME"]))
        paths += [name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")]
    for path in paths:
        if path.exists():
            path.chmod(0o700 if path.is_dir() else 0o600)


def prepare(demo: bool) -> list[tuple[str, str]]:
    """Migrate, collect the static files when they changed and (optionally) load the demo district;
    return the demo logins."""
    from django.core.management import call_command  # noqa: PLC0415  (after django.setup())

    from jixiao.web.staticfiles import collect_static  # noqa: PLC0415  (after django.setup())

    old = os.umask(0o077)  # a new SQLite file is created 0600
    try:
        call_command("migrate", interactive=False, verbosity=0)
        collect_static()
    finally:
        os.umask(old)
    private_files()
    if not demo:
        return []
    from jixiao.web.demo import load_demo  # noqa: PLC0415  (after django.setup())

    return load_demo()


def configure_hosts(host: str, demo: bool, allowed_hosts: list[str]) -> None:
    """Check the start is safe and set ``ALLOWED_HOSTS`` (``StartError`` with a Chinese message)."""
    from django.conf import settings  # noqa: PLC0415  (after django.setup())

    if demo and host not in LOOPBACK:
        raise StartError(
            f"演示数据的账号密码是公开的，只能在本机地址（127.0.0.1）上运行；监听 {host} 请加 --no-demo，"
            "并先用 jixiao init 创建管理员"
        )
    if host not in LOOPBACK and not allowed_hosts:
        raise StartError(
            f"监听 {host} 时请用 --allowed-hosts 指定用户访问本系统所用的域名或 IP（逗号分隔），"
            "例如 --allowed-hosts jixiao.czj.example.gov.cn"
        )
    if any("*" in name for name in allowed_hosts):
        raise StartError("--allowed-hosts 不能是 *：请列出实际使用的域名或 IP")
    for name in [*allowed_hosts, host]:
        if name and name not in settings.ALLOWED_HOSTS and name not in {"0.0.0.0", "::"}:
            settings.ALLOWED_HOSTS.append(name)


def run_server(
    host: str, port: int, demo: bool, *, workers: int | None = None, allowed_hosts: list[str] | None = None
) -> None:
    """Start the web app: gunicorn (Linux) with ``workers`` processes × THREADS threads, else waitress."""
    setup()
    from django.conf import settings  # noqa: PLC0415  (after django.setup())

    os.umask(0o077)  # everything the server writes (database, WAL, cache, locks) is the owner's only
    configure_hosts(host, demo, allowed_hosts or [])
    db = settings.DATABASES["default"]
    print(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    logins = prepare(demo)
    if not demo and not _has_admin():
        print("尚无管理员账号：请先运行 jixiao init 创建第一个管理员。", file=sys.stderr)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    count = workers or default_workers()
    print(f"绩效自评网页已启动：http://{shown}:{port}/（{count} 个进程）")
    if logins:
        from jixiao.web.demo import DEMO_PASSWORD  # noqa: PLC0415  (after django.setup())

        print(f"演示账号（密码均为 {DEMO_PASSWORD}，仅供本机演示）：")
        for username, who in logins[:8]:
            print(f"  {username:<10} {who}")
        if len(logins) > 8:
            print(f"  …… 另有 {len(logins) - 8} 个部门账号（bm001 起），管理后台 /admin/ 可查看")
    print("按 Ctrl+C 停止。")
    if gunicorn_available():
        serve_gunicorn(host, port, count)
    else:
        serve_wsgi(host, port)


def _has_admin() -> bool:
    from django.contrib.auth import get_user_model  # noqa: PLC0415  (after django.setup())

    return get_user_model().objects.filter(is_superuser=True).exists()


def gunicorn_available() -> bool:
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401, PLC0415  (the server chosen at start)
    except ImportError:
        return False
    return True


def application() -> Any:
    """The WSGI app with the request-size door (static files are served by the WhiteNoise middleware)."""
    from django.conf import settings  # noqa: PLC0415  (after django.setup())
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415  (after django.setup())

    from jixiao.web.limits import BodyLimit  # noqa: PLC0415  (after django.setup())

    return BodyLimit(get_wsgi_application(), settings.REQUEST_MAX_BYTES)


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """Processes × threads, bounded request lines and headers, a timeout longer than a PDF conversion."""
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "backlog": 256,
        "timeout": 120,
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "jixiao",
    }


def serve_gunicorn(host: str, port: int, workers: int) -> None:
    """Serve with gunicorn until Ctrl+C (the database is prepared before the workers fork)."""
    from django.db import connections  # noqa: PLC0415  (after django.setup())
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415  (the server chosen at start)

    connections.close_all()  # no connection is shared with the forked workers

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in gunicorn_options(host, port, workers).items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application()

    Server().run()


def make_server(host: str, port: int, threads: int = THREADS) -> Any:
    """The app under waitress (one process; Windows, or where gunicorn is missing)."""
    from django.conf import settings  # noqa: PLC0415  (after django.setup())
    from waitress.server import create_server  # noqa: PLC0415  (the server chosen at start)

    return create_server(
        application(),
        host=host,
        port=port,
        threads=threads,
        backlog=128,  # many browsers connecting at once must queue, not be reset
        connection_limit=256,
        max_request_body_size=settings.REQUEST_MAX_BYTES,
        ident="jixiao",
    )


def serve_wsgi(host: str, port: int, threads: int = THREADS) -> None:
    """Serve with waitress until Ctrl+C."""
    make_server(host, port, threads).run()


def init(username: str, password: str) -> None:
    """Migrate the database (no demo) and create the first administrator (``ValueError`` in Chinese)."""
    setup()
    prepare(demo=False)
    from jixiao.web.accounts import create_first_admin  # noqa: PLC0415  (after django.setup())

    create_first_admin(username, password)
