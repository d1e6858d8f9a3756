"""Build the benchmark corpus once: the examples with figures varied, rendered to .txt .docx .pdf .html.

Each variant scales an example's budget (every amount by the same factor, then the executed total moved
by up to −3 %), so the reports differ in figures and some carry findings, like real ones. Every variant
is rendered with ``jixiao.render`` to .docx; .pdf is the .docx converted by LibreOffice (many files per
call); .txt is the .docx's text; .html is ``render_result(…, "html")`` when that renderer exists, else
the same text as paragraphs. Cached under ``benchmarks/.cache/corpus`` with a manifest: a second call
with the same parameters does nothing.

    .venv/bin/python benchmarks/make_corpus.py [--count 750] [--formats txt,docx,pdf,html]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache" / "corpus"
EXAMPLES = ROOT / "examples"
FORMATS = ("txt", "docx", "pdf", "html")
AMOUNT_KEYS = {"initial", "adjusted", "executed", "additions", "reductions", "carryover"}
CENT = Decimal("0.01")
PDF_BATCH = 50  # .docx files per LibreOffice call
VERSION = 1


def examples() -> list[Path]:
    found = sorted(EXAMPLES.glob("*.yaml"))
    if not found:
        sys.exit("examples/*.yaml 不存在：无法生成基准语料")
    return found


def scale(node: Any, factor: Decimal) -> Any:
    """Every amount in a budget tree multiplied by ``factor`` (to the 分 of 万元, half-up)."""
    if isinstance(node, dict):
        return {
            k: (v * factor).quantize(CENT)
            if k in AMOUNT_KEYS and isinstance(v, Decimal)
            else scale(v, factor)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [scale(item, factor) for item in node]
    return node


def variant(base: dict[str, Any], index: int, rng: random.Random) -> dict[str, Any]:
    """One varied copy of an example's model data."""
    data = json.loads(json.dumps(base, default=str))  # a deep copy with Decimals as strings
    data = _decimals(data)
    factor = Decimal(rng.randint(50, 300)) / 100
    data["budget"] = scale(data.get("budget") or {}, factor)
    total = data["budget"].get("total")
    if total and total.get("executed") is not None:
        total["executed"] = (total["executed"] * (1 - Decimal(rng.randint(0, 300)) / 10000)).quantize(CENT)
    data["department"] = f"{data['department']}（样本{index:05d}）"
    data["year"] = rng.choice([2022, 2023, 2024])
    for key in ("stated", "spans", "source"):
        data.pop(key, None)
    return data


def _decimals(node: Any) -> Any:
    """Strings that are plain numbers back to Decimal (amounts only; names stay text)."""
    if isinstance(node, dict):
        return {k: _decimal_value(k, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decimals(item) for item in node]
    return node


def _decimal_value(key: str, value: Any) -> Any:
    if key in AMOUNT_KEYS and isinstance(value, str):
        return Decimal(value)
    return _decimals(value)


def docx_text(path: Path) -> str:
    """The text of a rendered .docx: paragraphs, then table rows with tab-separated cells."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend("\t".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines) + "\n"


def write_html(result: Any, text: str, out: Path) -> None:
    from jixiao.render import RenderError, render_result

    try:
        render_result(result, "html", out)
    except (RenderError, ImportError):
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
        out.write_text(
            f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>\n{body}\n</body></html>\n'
        )


def convert_pdfs(docx_files: list[Path], outdir: Path) -> None:
    """Convert .docx files to PDF with LibreOffice, many per call, with a throwaway profile."""
    from jixiao.render.pdf import conversion_env, find_soffice

    soffice = find_soffice()
    if soffice is None:
        sys.exit("未找到 LibreOffice：无法生成 PDF 语料")
    with tempfile.TemporaryDirectory() as profile:
        for start in range(0, len(docx_files), PDF_BATCH):
            batch = docx_files[start : start + PDF_BATCH]
            command = [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, batch),
            ]
            subprocess.run(command, check=True, capture_output=True, env=conversion_env(), timeout=1800)
            print(f"  pdf {start + len(batch)}/{len(docx_files)}", flush=True)


def sources_fingerprint() -> str:
    """A hash of what the corpus is made from: the examples, the renderers and their templates, this
    script. A change to any of them rebuilds the corpus (a report that gained its 绩效自评表 must not be
    measured on copies rendered without it)."""
    digest = hashlib.sha256()
    files = [*EXAMPLES.glob("*.yaml"), *(ROOT / "src" / "jixiao" / "render").rglob("*"), Path(__file__)]
    for path in sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def build(count: int, formats: tuple[str, ...], seed: int) -> Path:
    """Render ``count`` variants in each format under CACHE (skipped when the manifest matches)."""
    from jixiao.model import Evaluation
    from jixiao.pipeline import evaluate
    from jixiao.render import render_result

    manifest_file = CACHE / "manifest.json"
    wanted = {
        "version": VERSION,
        "count": count,
        "formats": list(formats),
        "seed": seed,
        "sources": sources_fingerprint(),
    }
    if manifest_file.is_file() and json.loads(manifest_file.read_text()) == wanted:
        print(f"语料已存在：{CACHE}")
        return CACHE
    rng = random.Random(seed)
    bases = [evaluate(path).evaluation for path in examples()]
    base_data = [b.model_dump(mode="python") for b in bases if b is not None]
    for fmt in (*formats, "_docx"):
        (CACHE / fmt).mkdir(parents=True, exist_ok=True)
    pdf_sources: list[Path] = []
    for i in range(count):
        evaluation = Evaluation.model_validate(variant(base_data[i % len(base_data)], i, rng))
        result = evaluate(evaluation)
        name = f"report-{i:05d}"
        docx_file = (CACHE / "docx" if "docx" in formats else CACHE / "_docx") / f"{name}.docx"
        render_result(result, "docx", docx_file)
        text = docx_text(docx_file)
        if "txt" in formats:
            (CACHE / "txt" / f"{name}.txt").write_text(text, encoding="utf-8")
        if "html" in formats:
            write_html(result, text, CACHE / "html" / f"{name}.html")
        if "pdf" in formats:
            pdf_sources.append(docx_file)
        if (i + 1) % 100 == 0:
            print(f"  rendered {i + 1}/{count}", flush=True)
    if pdf_sources:
        convert_pdfs(pdf_sources, CACHE / "pdf")
    manifest_file.write_text(json.dumps(wanted))
    return CACHE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=750, help="documents per format")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    build(args.count, tuple(args.formats.split(",")), args.seed)


if __name__ == "__main__":
    main()
