"""``manage.py jixiao_import FOLDER [--year N]``: import every report in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.web.importing import import_folder


class Command(BaseCommand):
    help = "导入一个文件夹中的全部自评报告（.yaml .json .xlsx 及公开的 .docx .pdf .doc .txt .html）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--year", type=int, default=None, help="统一改为该年度")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"不是文件夹：{folder}")
        summary = import_folder(folder, year=options["year"])
        self.stdout.write(summary.text())
        if summary.failed and not summary.imported:
            raise CommandError("没有导入任何报告")
