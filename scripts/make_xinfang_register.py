"""Write the made-up 信访 register of examples/ (deterministic: the same bytes on every run).

Every name, ID number, phone number and case in it is invented. It is built so that the seed department's
published satisfaction figures come out of it (857 matters in the evaluation scope, 851 evaluated, 846 of
them 满意 or 基本满意: 参评率 99.30 %, 满意率 99.41 %) and its backlog figure does not: 125 backlog cases,
111 of them resolved, 111/125 = 88.80 % (the report's 88.9 % is no whole count of 125; 112/125 = 89.60 %).
Acceptance and conclusion are all within their limits, with the edges a register has: a matter concluded
on day 60, one extended by 30 days and concluded on day 90, a 复查 concluded on day 30, matters carried
over from 2023, matters still open at the end of 2024, a few not accepted, a few outside the evaluation.

    python scripts/make_xinfang_register.py [OUT.xlsx]
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).resolve().parent.parent / "examples" / "yanfeng-xinfang-register-2024.xlsx"
HEADERS = (
    "编号", "信访人姓名", "身份证号码", "联系电话", "渠道", "登记日期", "是否受理", "受理日期",
    "交办/转送日期", "办结日期", "延期天数", "复查/复核", "是否积案", "积案化解日期", "评价", "纳入评价",
    "重复信访", "反映内容",
)  # fmt: skip
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
TOPICS = ("物业管理", "拆迁补偿", "劳资纠纷", "社会保障", "城市管理", "住房保障", "交通出行", "环境噪声")
CHANNELS = (("来访", 45), ("网上", 30), ("来信", 15), ("电话", 10))


def person(rng: random.Random, serial: int) -> tuple[str, str, str]:
    """A made-up name, an ID number of a region that does not exist (999999) and a made-up phone."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    body = f"999999{born:%Y%m%d}{serial % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return name, body + check, f"199{rng.randrange(10**8):08d}"


def channel(rng: random.Random) -> str:
    return rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]


def case(rng: random.Random, number: str, registered: date, **fields: object) -> dict[str, object]:
    name, id_number, phone = person(rng, int(number[-4:]))
    row: dict[str, object] = {
        "编号": number,
        "信访人姓名": name,
        "身份证号码": id_number,
        "联系电话": phone,
        "渠道": channel(rng),
        "登记日期": registered,
        "是否积案": "否",
        "纳入评价": "是",
        "重复信访": "是" if rng.random() < 0.05 else "否",
        "反映内容": rng.choice(TOPICS) + "问题",
    }
    row.update(fields)
    return row


def concluded_case(
    rng: random.Random,
    number: str,
    registered: date,
    evaluation: str,
    *,
    limit_days: int | None = None,
    **extra: object,
) -> dict[str, object]:
    accepted = registered + timedelta(days=rng.randint(1, 15))
    extension = extra.pop("延期天数", None)
    allowed = 60 + int(extension or 0) if limit_days is None else limit_days
    taken = extra.pop("taken", None) or rng.randint(10, allowed)
    concluded = accepted + timedelta(days=int(taken))  # type: ignore[call-overload]
    return case(
        rng, number, registered, 是否受理="是", 受理日期=accepted, 办结日期=concluded,
        延期天数=extension, 评价=evaluation, **extra,
    )  # fmt: skip


def build() -> list[dict[str, object]]:
    rng = random.Random(20240101)
    rows: list[dict[str, object]] = []
    # 857 matters concluded in 2024 within the evaluation: 846 satisfied (800 满意, 46 基本满意),
    # 5 不满意, 6 未评价; 30 of them carried over from December 2023
    evaluations = ["满意"] * 800 + ["基本满意"] * 46 + ["不满意"] * 5 + ["未评价"] * 6
    rng.shuffle(evaluations)
    for i, evaluation in enumerate(evaluations, start=1):
        if i <= 30:  # concluded in January or February 2024
            registered = date(2023, 11, 25) + timedelta(days=rng.randrange(0, 30))
            row = concluded_case(rng, f"YF2023-{i:04d}", registered, evaluation)
            accepted: date = row["受理日期"]  # type: ignore[assignment]
            row["办结日期"] = max(row["办结日期"], date(2024, 1, 2))  # type: ignore[type-var]
            assert (row["办结日期"] - accepted).days <= 60  # type: ignore[operator]
        else:
            registered = date(2024, 1, 2) + timedelta(days=rng.randrange(0, 260))
            row = concluded_case(rng, f"YF2024-{i:04d}", registered, evaluation)
        rows.append(row)
    # the edges, inside the 857: day 60 exactly, an extension of 30 days used to day 90, a 复查 on day 30
    early = [row for row in rows if date(2024, 1, 2) <= row["登记日期"] < date(2024, 7, 1)][:3]  # type: ignore[operator]
    for row, change in zip(early, ({}, {"延期天数": 30}, {"复查/复核": "复查"}), strict=True):
        days = 60 + int(change.get("延期天数", 0)) if "复查/复核" not in change else 30  # type: ignore[call-overload]
        row.update({**change, "办结日期": row["受理日期"] + timedelta(days=days)})  # type: ignore[operator]
    serial = 900
    # 20 concluded in 2024 but outside the satisfaction evaluation (matters for 诉讼, 仲裁 …)
    for _ in range(20):
        serial += 1
        registered = date(2024, 2, 1) + timedelta(days=rng.randrange(0, 200))
        rows.append(concluded_case(rng, f"YF2024-{serial:04d}", registered, "未评价", 纳入评价="否"))
    # 12 not accepted, told so within 15 days
    for _ in range(12):
        serial += 1
        registered = date(2024, 1, 10) + timedelta(days=rng.randrange(0, 300))
        told = registered + timedelta(days=rng.randint(1, 15))
        rows.append(
            case(rng, f"YF2024-{serial:04d}", registered, 是否受理="否", 受理日期=told, 评价="未评价")
        )
    # 15 accepted in December and still open at the end of the year (not yet due), 3 not yet decided
    for _ in range(15):
        serial += 1
        registered = date(2024, 11, 25) + timedelta(days=rng.randrange(0, 20))
        accepted = registered + timedelta(days=rng.randint(1, 10))
        rows.append(
            case(rng, f"YF2024-{serial:04d}", registered, 是否受理="是", 受理日期=accepted, 评价="未评价")
        )
    for day in (28, 30, 31):
        serial += 1
        rows.append(case(rng, f"YF2024-{serial:04d}", date(2024, 12, day), 评价="未评价"))
    # 125 backlog cases handed down in four batches (2022-2023); 111 resolved during 2024
    resolved = [True] * 111 + [False] * 14
    rng.shuffle(resolved)
    for i, done in enumerate(resolved, start=1):
        registered = date(2022, 3, 1) + timedelta(days=rng.randrange(0, 600))
        accepted = registered + timedelta(days=rng.randint(1, 15))
        settled = date(2024, 1, 15) + timedelta(days=rng.randrange(0, 330)) if done else None
        rows.append(
            case(
                rng,
                f"JA{registered.year}-{i:04d}",
                registered,
                是否受理="是",
                受理日期=accepted,
                交办转送日期=registered,
                是否积案="是",
                积案化解日期=settled,
                评价="未评价",
                纳入评价="否",
            )
        )
    rows.sort(key=lambda row: (row["登记日期"], row["编号"]))  # type: ignore[arg-type, return-value]
    return rows


def write(rows: list[dict[str, object]], path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": "信访登记簿（虚构数据）", "created": datetime(2025, 1, 6, 9, 0, 0)})
    sheet = book.add_worksheet("登记簿")
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS, head)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(HEADERS):
            value = row.get(header)
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif value is not None:
                sheet.write(r, c, value)
    sheet.set_column(0, len(HEADERS) - 1, 13)
    book.close()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    write(build(), target)
    print(f"{target}: {len(build())} 行")
