"""Django for the web tests only: settings are configured here, so the rest of the suite runs without.

pytest-django (installed, loaded as a plugin) then provides ``client``, ``db`` and ``live_server``.
``JIXIAO_DATABASE_URL`` (PostgreSQL) is honoured: pytest-django creates ``test_<name>`` there.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

SEED_YAML = Path(__file__).resolve().parents[2] / "examples" / "yanfeng-xinfang-2024.yaml"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-web-test-"))
    os.environ.setdefault("JIXIAO_FAST_HASHER", "1")
    import django

    django.setup()


PASSWORD = "pw-for-tests"


@pytest.fixture(scope="session", autouse=True)
def _end_stray_sessions(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Before the PostgreSQL test database is dropped, end the sessions the live server's request threads
    may still hold (a keep-alive connection of the browser test), so that the drop succeeds."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with empty process caches (the newest year is kept a minute; the year pages until
    the data stamp moves, and a rolled-back test can leave the next one the same history ids)."""
    from django.core.cache import cache

    from jixiao.web import stamp, year_data
    from jixiao.web.views import year

    cache.clear()
    stamp.forget()
    year_data.forget()
    year._PAGES.clear()


def make_user(username: str, role: str, department: Any = None, **extra: Any) -> Any:
    from django.contrib.auth import get_user_model

    from jixiao.web.models import Account

    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    Account.objects.create(user=user, role=role, department=department)
    return user


def seed_evaluation() -> Any:
    from jixiao.intake import load

    evaluation, issues = load(SEED_YAML)
    assert evaluation is not None, issues
    return evaluation


def clean_evaluation(name: str, year: int = 2024) -> Any:
    """A small evaluation with no error: budget adds up, scores within weights."""
    from jixiao.model import BasicLine, Budget, Declared, Evaluation, Indicator, Line, ProjectLine

    return Evaluation(
        department=name,
        year=year,
        budget=Budget(
            total=Line(initial=Decimal(100), adjusted=Decimal(100), executed=Decimal(100)),
            basic=BasicLine(initial=Decimal(60), adjusted=Decimal(60), executed=Decimal(60)),
            project=ProjectLine(initial=Decimal(40), adjusted=Decimal(40), executed=Decimal(40)),
        ),
        indicators=[
            Indicator(name="预算执行率", kind="execution_rate", weight=Decimal(10), score=Decimal(10)),
            Indicator(
                name="产出指标",
                weight=Decimal(90),
                score=Decimal(90),
                children=[
                    Indicator(name="完成率", kind="qualitative", weight=Decimal(90), score=Decimal(90))
                ],
            ),
        ],
        declared=Declared(total_score=Decimal(100)),
    )


@pytest.fixture
def district(db: Any) -> dict[str, Any]:
    """Two departments with a report each, their staff, a reviewer and an admin."""
    from jixiao.web import services
    from jixiao.web.models import Account, Department

    a = Department.objects.create(name="甲局")
    b = Department.objects.create(name="乙局")
    users = {
        "dept_a": make_user("dept_a", Account.DEPARTMENT, a),
        "dept_b": make_user("dept_b", Account.DEPARTMENT, b),
        "reviewer": make_user("reviewer", Account.REVIEWER),
        "admin": make_user("admin", Account.REVIEWER, is_staff=True, is_superuser=True),
    }
    report_a = services.get_or_create_report(a, 2024)
    services.save_evaluation(report_a, clean_evaluation("甲局"), users["dept_a"], 0)
    report_b = services.get_or_create_report(b, 2024)
    services.save_evaluation(report_b, clean_evaluation("乙局"), users["dept_b"], 0)
    report_a.refresh_from_db()
    report_b.refresh_from_db()
    return {"a": a, "b": b, "report_a": report_a, "report_b": report_b, **users}


@pytest.fixture
def seed() -> Any:
    return seed_evaluation()


@pytest.fixture
def clean() -> Any:
    return clean_evaluation


@pytest.fixture
def login(client: Any) -> Any:
    def as_user(user: Any) -> Any:
        client.force_login(user)
        return client

    return as_user


# Browser tests (Playwright in Debian's Chromium, headless): screenshots go to test-artifacts/web/.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        "Debian's chromium is required for browser tests (apt-get install chromium)"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # the app asks before submitting, approving, ...
        yield page
        context.close()
        browser.close()
