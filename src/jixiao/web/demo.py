"""The demo district: the seed department, the project's other examples, and generated departments.

Generated departments are variations of the seed (budget sizes, execution, scores) drawn from a fixed
random seed, over three years, in every review status, so that the year table, the dashboards and
the load benchmark have something realistic to show.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.inputs.structured.normalise import build_evaluation
from jixiao.intake import load
from jixiao.model import Evaluation
from jixiao.numbers import round_half_up
from jixiao.web import services
from jixiao.web.importing import store
from jixiao.web.models import Account, Department, Report, YearSetting

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SEED_FILE = "yanfeng-xinfang-2024.yaml"
DEMO_PASSWORD = "jixiao2024"
REVIEWER = "shenhe"
ADMIN = "admin"
NAMES = ["区教育局", "区卫生健康局", "区民政局", "区农业农村局", "区住房和城乡建设局", "区司法局",
         "区文化旅游体育局", "区市场监督管理局", "区人力资源和社会保障局", "区自然资源局", "区交通运输局",
         "区应急管理局", "区统计局", "区审计局", "区商务局", "区退役军人事务局"]  # fmt: skip
YEARS = (2022, 2023, 2024)
APPROVAL_NOTE = "演示数据：原样录入的报告，错误留待对照演示"


def _money(value: Decimal) -> str:
    return str(round_half_up(value, 2))


def _rate(executed: Decimal, adjusted: Decimal) -> str:
    return f"{round_half_up(executed / adjusted * 100, 2)}%"


def _indicators(nodes: list[dict[str, Any]], rng: random.Random) -> Decimal:
    """Vary the declared leaf scores; parents declare the sum of their children. Returns the total."""
    total = Decimal(0)
    for node in nodes:
        if node.get("children"):
            node["score"] = str(_indicators(node["children"], rng))
        elif node.get("weight") is not None:
            weight = Decimal(node["weight"])
            node["score"] = str(max(Decimal(0), weight - rng.choice([0, 0, 0, 1, 2, Decimal("0.5")])))
        total += Decimal(node.get("score") or 0)
    return total


def variant(seed: Evaluation, name: str, year: int, rng: random.Random) -> Evaluation:
    """A plausible department built from the seed's structure with its own figures."""
    data = seed.model_dump(mode="json", exclude_none=True)
    for key in ("spans", "source", "stated", "rates"):
        data.pop(key, None)
    adjusted = Decimal(rng.randint(8_000, 500_000)) / 100
    basic_adj = round_half_up(adjusted * Decimal(rng.randint(40, 70)) / 100, 2)
    project_adj = adjusted - basic_adj
    basic_exe = round_half_up(basic_adj * Decimal(rng.randint(960, 1000)) / 1000, 2)
    project_exe = round_half_up(project_adj * Decimal(rng.randint(700, 1000)) / 1000, 2)
    executed = basic_exe + project_exe
    personnel = round_half_up(basic_exe * Decimal(rng.randint(75, 92)) / 100, 2)
    public = basic_exe - personnel
    stated_rate = _rate(executed, adjusted) if rng.random() > 0.15 else "100%"  # some state it wrongly
    data["budget"] = {
        "total": {"name": "财政拨款", "initial": _money(adjusted * Decimal("0.8")),
                  "adjusted": _money(adjusted), "executed": _money(executed), "rate": stated_rate},
        "basic": {"initial": _money(basic_adj * Decimal("0.9")), "adjusted": _money(basic_adj),
                  "executed": _money(basic_exe), "rate": _rate(basic_exe, basic_adj),
                  "personnel": {"executed": _money(personnel), "share": _rate(personnel, basic_exe)},
                  "public": {"executed": _money(public), "share": _rate(public, basic_exe)}},
        "project": {"initial": _money(project_adj * Decimal("0.7")), "adjusted": _money(project_adj),
                    "executed": _money(project_exe), "rate": _rate(project_exe, project_adj)},
    }  # fmt: skip
    total = _indicators(data["indicators"], rng)
    data["declared"] = {"total_score": str(total if rng.random() > 0.2 else min(Decimal(100), total + 2))}
    data.update(department=name, year=year)
    data["narrative"]["title"] = f"{year}年度部门整体支出绩效自评报告"
    evaluation, issues = build_evaluation(data, {}, file=None, fmt="demo")
    if evaluation is None:
        raise RuntimeError("; ".join(issue.one_line() for issue in issues))
    return evaluation


def _account(username: str, role: str, department: Department | None = None, **extra: Any) -> None:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults=extra)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Account.objects.update_or_create(user=user, defaults={"role": role, "department": department})


def _status_for(year: int, index: int) -> str:
    if year < max(YEARS):
        return Report.APPROVED
    return [Report.SUBMITTED, Report.DRAFT, Report.APPROVED, Report.RETURNED][index % 4]


def store_with_status(evaluation: Evaluation, status: str, reviewer: Any) -> Report:
    """Store an evaluation and walk it to ``status`` as the workflow would (approval freezes it)."""
    report = store(evaluation, reviewer, status=Report.SUBMITTED)
    if status == Report.APPROVED:
        services.approve(report, reviewer, APPROVAL_NOTE, confirmed=True)
    elif status == Report.RETURNED:
        services.return_report(report, reviewer, "请补充偏差原因分析。")
    elif status == Report.DRAFT:  # saved, not update(): every change leaves its history row (stamp.py)
        report = Report.objects.get(pk=report.pk)
        report.status = Report.DRAFT
        report._change_reason = "演示：退回草稿"  # type: ignore[attr-defined]
        report.save()
    return Report.objects.get(pk=report.pk)


def seed_evaluation() -> Evaluation:
    evaluation, issues = load(EXAMPLES / SEED_FILE)
    if evaluation is None:
        raise RuntimeError("; ".join(issue.one_line() for issue in issues))
    return evaluation


def generate(count: int, years: tuple[int, ...], reviewer: Any, *, start: int = 0) -> list[Department]:
    """``count`` generated departments with a report for each year, each with a demo account."""
    seed = seed_evaluation()
    rng = random.Random(20240601 + start)
    made = []
    for i in range(start, start + count):
        name = NAMES[i] if i < len(NAMES) else f"区直单位{i + 1:03d}"
        department, _ = Department.objects.get_or_create(name=name, defaults={"code": f"D{i + 1:03d}"})
        for year in years:
            store_with_status(variant(seed, name, year, rng), _status_for(year, i), reviewer)
        _account(f"bm{i + 1:03d}", Account.DEPARTMENT, department)
        made.append(department)
    return made


@transaction.atomic
def load_demo(generated: int = 8) -> list[tuple[str, str]]:
    """Load the demo district once; return the demo logins as (username, who)."""
    user_model = get_user_model()
    if not user_model.objects.filter(username=REVIEWER).exists():
        _account(ADMIN, Account.REVIEWER, is_staff=True, is_superuser=True)
        _account(REVIEWER, Account.REVIEWER)
        reviewer = user_model.objects.get(username=REVIEWER)
        for year in YEARS:
            YearSetting.objects.get_or_create(year=year, defaults={"ruleset": "cz2020-self"})
        seed = seed_evaluation()
        rng = random.Random(7)
        for year in YEARS[:-1]:
            store_with_status(variant(seed, seed.department, year, rng), Report.APPROVED, reviewer)
        store_with_status(seed, Report.DRAFT, reviewer)
        _account("xinfang", Account.DEPARTMENT, Department.objects.get(name=seed.department))
        others = [p for p in sorted(EXAMPLES.glob("*.yaml")) if p.name != SEED_FILE]
        for n, path in enumerate(others, start=1):
            evaluation, _issues = load(path)
            # the seed department's year is the seed's (the records example binds the same report)
            if evaluation is not None and (evaluation.department, evaluation.year) != (
                seed.department,
                seed.year,
            ):
                report = store_with_status(evaluation, Report.SUBMITTED, reviewer)
                _account(f"sl{n:02d}", Account.DEPARTMENT, report.department)
        generate(generated, YEARS, reviewer)
    return logins()


def logins() -> list[tuple[str, str]]:
    found = [(ADMIN, "系统管理员（后台）"), (REVIEWER, "财政局审核人")]
    for account in Account.objects.filter(role=Account.DEPARTMENT).select_related("user", "department"):
        found.append((account.user.get_username(), f"{account.department}填报人"))
    return found
