"""Folder import (command and admin action), the demo district, settings from the environment."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from jixiao.web.models import Account, Department, Report, YearSetting
from jixiao.web.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "yanfeng-xinfang-2024.yaml"


def test_import_folder_command(db: Any, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.yaml")
    (tmp_path / "broken.yaml").write_text("department: [\n", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # unsupported: ignored
    out = io.StringIO()
    call_command("jixiao_import", str(tmp_path), "--year", "2025", stdout=out)
    assert "导入 1 份，失败 1 份" in out.getvalue()
    assert "broken.yaml" in out.getvalue()
    report = Report.objects.get(department__name="衡阳市雁峰区信访局", year=2025)
    assert report.status == Report.SUBMITTED
    assert report.current.declared_score == 99


def test_import_reports_undated_and_unnamed_documents_as_failures(db: Any, tmp_path: Path) -> None:
    (tmp_path / "undated.txt").write_text(
        "某区信访局部门整体支出绩效自评报告\n基本支出100万元。\n", encoding="utf-8"
    )
    (tmp_path / "unnamed.txt").write_text("2024年度绩效自评报告\n基本支出100万元。\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="没有导入任何报告"):
        call_command("jixiao_import", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "导入 0 份，失败 2 份" in text
    assert "undated.txt：文件中未能识别年度" in text
    assert "unnamed.txt：文件中未能识别部门" in text
    assert not Department.objects.filter(name="").exists()


def test_import_command_refuses_missing_folder(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="不是文件夹"):
        call_command("jixiao_import", str(tmp_path / "nope"))


def test_admin_action_imports_folder(client: Any, district: dict[str, Any], tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.yaml")
    setting = YearSetting.objects.create(year=2024, ruleset="cz2020-self")
    client.force_login(district["admin"])
    url = "/admin/web/yearsetting/"
    form = client.post(url, {"action": "import_reports", "_selected_action": [setting.pk]})
    assert "导入报告文件夹" in form.content.decode()
    done = client.post(
        url,
        {"action": "import_reports", "_selected_action": [setting.pk], "apply": "1", "folder": str(tmp_path),
         "year": "2024"},
        follow=True,
    )  # fmt: skip
    assert "导入 1 份" in done.content.decode()
    assert Department.objects.filter(name="衡阳市雁峰区信访局").exists()


def test_year_setting_chooses_the_ruleset(district: dict[str, Any], clean: Any) -> None:
    from jixiao.web import services

    YearSetting.objects.create(year=2024, ruleset="hn-dept-2015")
    report = district["report_a"]
    version = services.save_evaluation(report, clean("甲局"), district["dept_a"], report.revision)
    assert version.ruleset == "hn-dept-2015"


def test_demo_district_loads_once(db: Any) -> None:
    from jixiao.web.demo import load_demo

    logins = load_demo(generated=3)
    names = [name for name, _who in logins]
    assert names[:3] == ["admin", "shenhe", "xinfang"]
    assert "bm003" in names
    seed = Report.objects.get(department__name="衡阳市雁峰区信访局", year=2024)
    assert seed.current.score is not None
    assert (
        Report.objects.filter(department__name="衡阳市雁峰区信访局").count() == 3
    )  # three years for the trend
    assert {r.status for r in Report.objects.filter(year=2024)} >= {Report.DRAFT, Report.SUBMITTED}
    assert Account.objects.get(user__username="xinfang").department == seed.department
    count = Report.objects.count()
    load_demo(generated=3)
    assert Report.objects.count() == count


def test_database_url_parsing() -> None:
    db = database_from_url("postgresql://postgres@127.0.0.1:5432/test")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["HOST"], db["PORT"]) == ("test", "postgres", "127.0.0.1", "5432")
    with pytest.raises(ValueError, match="postgresql"):
        database_from_url("mysql://x@y/z")


def test_server_answers_pages_and_static_files() -> None:
    """``jixiao serve``'s waitress server: the login page and the app's own static files over HTTP."""
    import threading
    import urllib.request

    from jixiao.web.serve import make_server

    server = make_server("127.0.0.1", 0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        with urllib.request.urlopen(f"{base}/login/", timeout=10) as page:
            assert page.status == 200
            assert "登录" in page.read().decode()
            assert "csrftoken" in page.headers["Set-Cookie"]
        with urllib.request.urlopen(f"{base}/static/jixiao/vendor/htmx.min.js", timeout=10) as js:
            assert js.status == 200
            assert len(js.read()) > 10_000
    finally:
        server.close()
        server.task_dispatcher.shutdown()
