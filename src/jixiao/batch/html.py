"""The audit summary as one self-contained HTML page: inline SVG bar charts, no script, no CDN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment

from jixiao.batch.summary import Summary

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 6, 150, 420


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int


def bars(items: list[tuple[str, int]]) -> tuple[list[Bar], int]:
    """Horizontal bars scaled to the largest value, and the SVG height they need."""
    top = max((v for _, v in items), default=0) or 1
    laid = [
        Bar(label, value, i * (BAR_HEIGHT + BAR_GAP), round(value / top * (CHART_WIDTH - 60)))
        for i, (label, value) in enumerate(items)
    ]
    return laid, max(1, len(items)) * (BAR_HEIGHT + BAR_GAP)


TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>批量审核汇总</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;color:#222}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:.8rem 1.2rem}
.card b{display:block;font-size:1.6rem} table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;vertical-align:top}
svg text{font-size:13px;dominant-baseline:middle}
</style></head><body>
<h1>批量审核汇总</h1>
<p>生成于 {{ generated }}{% if summary.interrupted %}（运行被中断，以下为已完成部分）{% endif %}</p>
<div class="cards">
<div class="card"><b>{{ summary.documents }}</b>文档</div>
<div class="card"><b>{{ summary.ok }}</b>可读</div>
<div class="card"><b>{{ summary.unreadable }}</b>无法读取</div>
<div class="card"><b>{{ summary.failed }}</b>处理失败</div>
<div class="card"><b>{{ summary.issues }}</b>问题</div>
<div class="card"><b>{{ summary.score_mismatch }}</b>申报总分与计算不一致</div>
</div>
{% for title, chart in charts %}
<h2>{{ title }}</h2>
{% if chart[0] %}
<svg role="img" aria-label="{{ title }}" width="{{ label_width + chart_width }}" height="{{ chart[1] }}"
 xmlns="http://www.w3.org/2000/svg">
{% for bar in chart[0] %}
<text x="{{ label_width - 8 }}" y="{{ bar.y + bar_height // 2 }}" text-anchor="end">{{ bar.label }}</text>
<rect x="{{ label_width }}" y="{{ bar.y }}" width="{{ bar.width }}" height="{{ bar_height }}" fill="#3b76c4"/>
<text x="{{ label_width + bar.width + 6 }}" y="{{ bar.y + bar_height // 2 }}">{{ bar.value }}</text>
{% endfor %}
</svg>
{% else %}<p>（无数据）</p>{% endif %}
{% endfor %}
<h2>最常见的十类问题</h2>
<table><tr><th>代码</th><th>次数</th><th>示例</th></tr>
{% for code, message, count in summary.top_codes %}
<tr><td>{{ code }}</td><td>{{ count }}</td><td>{{ message }}</td></tr>
{% endfor %}
</table>
</body></html>
"""


def render_html(summary: Summary) -> str:
    """The page's text."""
    charts = [
        ("按规则总分分布", bars(summary.score_bins)),
        ("等级分布", bars(summary.grades)),
        ("问题代码（前十）", bars([(code, n) for code, _, n in summary.top_codes])),
        (
            "文档状态",
            bars([("可读", summary.ok), ("无法读取", summary.unreadable), ("处理失败", summary.failed)]),
        ),
    ]
    template = Environment(autoescape=True).from_string(TEMPLATE)
    return template.render(
        summary=summary,
        charts=charts,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        label_width=LABEL_WIDTH,
        chart_width=CHART_WIDTH,
        bar_height=BAR_HEIGHT,
    )


def write_html(summary: Summary, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(summary), encoding="utf-8")
