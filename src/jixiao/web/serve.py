"""``jixiao serve``: migrate the database, load the demo district when asked, print the logins, serve."""

from __future__ import annotations

import os


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
    """Start the web app (Django's threaded server, static files served by the app itself)."""
    setup()
    from django.conf import settings
    from django.core.management import call_command

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
    from django.core.servers.basehttp import WSGIServer

    WSGIServer.request_queue_size = 128  # many browsers connecting at once must queue, not be reset
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True, skip_checks=True)
