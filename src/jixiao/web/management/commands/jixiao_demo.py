"""``manage.py jixiao_demo``: load the demo district (once) and list the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jixiao.web.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "载入演示区县数据（信访局样例、其他示例及若干生成的部门）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--generated", type=int, default=8, help="生成的部门数")

    def handle(self, *args: Any, **options: Any) -> None:
        for username, who in load_demo(options["generated"]):
            self.stdout.write(f"{username}\t{who}")
        self.stdout.write(f"演示账号密码均为 {DEMO_PASSWORD}")
