"""OCR accuracy and speed on scans made from documents whose text is known.

The documents: the examples rendered as jixiao renders a report (.docx → PDF by LibreOffice, tables and
all), the open half of ``../shared/corpus/dev`` (never the locked half, odd ids 201–239) and the seed,
each ``.txt`` converted to PDF by LibreOffice. Each PDF page is rasterised by ``pdftoppm`` at 150 and 300
dpi and made into a scan: a slight rotation, blur, a red stamp over text, JPEG artefacts (``scan``).

Two measures:

- ``--engines NAME[=PYTHON][:opt=v,...] ...``: each engine (``benchmarks/ocr_engines.py``) reads the page
  images; per dpi, the character accuracy (bag of characters against the PDF's own text layer, matched
  over the larger of the two counts), numbers recall and precision (every number of the page, as a
  multiset) and CPU seconds a page. This chose the engine (ADR 0012).
- default: jixiao itself reads each scan as an image-only PDF (``jixiao.ocr``) and its extraction is
  compared with the extraction of the text twin (the PDF with its text layer): character accuracy (the
  text jixiao reads from the scan against the text it reads from the twin, as bags of characters over the
  larger count), amounts precision and
  recall (values in 万元 to the cent, as a multiset), the issue codes ``jixiao check`` finds on both
  (the seed's problems must still be found), pages OCRed, mean confidence, CPU seconds a page.

Results: ``benchmarks/results/ocr_accuracy.json``. Run with ``nice -n 19``; sources and scans are cached in
``benchmarks/.cache/ocr``.

    nice -n 19 .venv/bin/python benchmarks/ocr_accuracy.py [--docs N] [--dpi 150,300]
    nice -n 19 .venv/bin/python benchmarks/ocr_accuracy.py --engines rapidocr-onnxruntime tesseract \\
        rapidocr=/tmp/ocr-b/bin/python --docs 8
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache" / "ocr"
RESULTS = ROOT / "benchmarks" / "results" / "ocr_accuracy.json"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
SEED = SHARED / "seeds" / "000_98209eac8879b050.txt"
ENGINES_SCRIPT = Path(__file__).resolve().parent / "ocr_engines.py"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_accuracy import cents, is_locked  # noqa: E402

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SPACE = re.compile(r"\s+")


# --- sources --------------------------------------------------------------------------------------


def sources(limit: int | None) -> list[Path]:
    """The source PDFs (built once): examples, the dev corpus's open half, the seed."""
    out = CACHE / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    jixiao = Path(sys.executable).parent / "jixiao"
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        target = out / f"example-{example.stem}.pdf"
        if not target.is_file():
            subprocess.run(
                [str(jixiao), "render", str(example), "--to", "pdf", "-o", str(target)],
                check=True,
                capture_output=True,
            )
    texts = [raw for raw in sorted((DEV / "raw").glob("*.txt")) if not is_locked(raw.stem)]
    if SEED.is_file():
        texts.append(SEED)
    missing = [t for t in texts if not (out / f"{name_of(t)}.pdf").is_file()]
    if missing:
        with tempfile.TemporaryDirectory() as tmp:
            for text in missing:
                shutil.copy(text, Path(tmp, f"{name_of(text)}.txt"))
            from jixiao.render.pdf import conversion_env, find_soffice

            soffice = find_soffice()
            if soffice is None:
                sys.exit("未找到 LibreOffice：无法生成 PDF")
            command = [soffice, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless"]
            command += ["--convert-to", "pdf", "--outdir", str(out)]
            command += sorted(str(p) for p in Path(tmp).glob("*.txt"))
            subprocess.run(command, check=True, capture_output=True, env=conversion_env(), timeout=1800)
    found = sorted(out.glob("*.pdf"), key=lambda p: (not p.stem.startswith(("example", "seed")), p.stem))
    return found[:limit] if limit else found


def name_of(text: Path) -> str:
    return "seed" if text == SEED else f"dev-{text.stem}"


# --- scans ----------------------------------------------------------------------------------------


def scan(image: Any, rng: random.Random, dpi: int) -> Any:
    """A page as a scanner and a stamp leave it: red stamp over text, rotation, blur, JPEG (by the caller)."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    page = image.convert("RGB")
    width, height = page.size
    stamp = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(stamp)
    radius = int(0.75 * dpi)  # a 38 mm official seal
    cx = int(width * rng.uniform(0.45, 0.7))
    cy = int(height * rng.uniform(0.25, 0.75))
    red = (225, 60, 60)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(2, dpi // 40))
    star = [
        (
            cx + radius * 0.3 * math.cos(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.4),
            cy - radius * 0.3 * math.sin(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.4),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=red)
    for k in range(14):  # the seal's lettering round the rim, as strokes
        angle = math.pi * (0.15 + 0.7 * k / 13)
        x = cx - radius * 0.78 * math.cos(angle)
        y = cy - radius * 0.78 * math.sin(angle)
        size = radius * 0.09
        draw.rectangle((x - size, y - size, x + size, y + size), outline=red, width=max(1, dpi // 75))
    page = ImageChops.multiply(page, stamp)  # ink over ink: the text stays dark under the red
    page = page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor="white")
    return page.filter(ImageFilter.GaussianBlur(radius=0.4 * dpi / 150))


def page_scans(pdf: Path, dpi: int) -> list[Path]:
    """The scans of every page of ``pdf`` at ``dpi`` (JPEG quality 50), built once."""
    from PIL import Image

    folder = CACHE / "scans" / f"{pdf.stem}-{dpi}"
    done = folder / "done"
    if not done.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True)
            for index, png in enumerate(sorted(Path(tmp).glob("p-*.png"), key=page_number)):
                rng = random.Random(f"{pdf.stem}-{index}")
                with Image.open(png) as image:
                    scan(image, rng, dpi).save(folder / f"{index + 1:03d}.jpg", quality=50)
        done.touch()
    return sorted(folder.glob("*.jpg"))


def page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def scanned_pdf(pdf: Path, dpi: int) -> Path:
    """The scans of ``pdf`` as one image-only PDF (what a scanner gives an auditor)."""
    from PIL import Image

    target = CACHE / "scanned" / f"{pdf.stem}-{dpi}.pdf"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        images = [Image.open(path) for path in page_scans(pdf, dpi)]
        images[0].save(target, save_all=True, append_images=images[1:], resolution=float(dpi))
        for image in images:
            image.close()
    return target


def page_texts(pdf: Path) -> list[str]:
    """The text layer of each page (pdftotext), the truth for character accuracy."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


# --- scoring --------------------------------------------------------------------------------------


def characters(text: str) -> Counter[str]:
    return Counter(_SPACE.sub("", text.replace("：", ":").replace("，", ",").replace("（", "(")))


def numbers(text: str) -> Counter[str]:
    return Counter(m.group().replace(",", "") for m in _NUMBER.finditer(text))


def tally(found: Counter[str], truth: Counter[str]) -> list[int]:
    return [sum((found & truth).values()), sum(found.values()), sum(truth.values())]


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- engines side by side -------------------------------------------------------------------------


def run_engine(spec: str, images: list[Path]) -> list[dict[str, Any]]:
    """``NAME[=PYTHON][:opt=v,...]`` over ``images`` in its own process: one record per image."""
    head, _, opts = spec.partition(":")
    name, _, python = head.partition("=")
    command = [python or sys.executable, str(ENGINES_SCRIPT), name, *opts.split(",")] if opts else None
    command = command or [python or sys.executable, str(ENGINES_SCRIPT), name]
    done = subprocess.run(
        [*command, *map(str, images)], capture_output=True, check=True, timeout=36000, text=True
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def compare_engines(specs: list[str], pdfs: list[Path], dpis: list[int]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for spec in specs:
        per_dpi: dict[str, Any] = {}
        for dpi in dpis:
            chars, nums, cpu, pages, conf = [0, 0, 0], [0, 0, 0], 0.0, 0, []
            for pdf in pdfs:
                truth = page_texts(pdf)
                scans = page_scans(pdf, dpi)
                for record, text in zip(run_engine(spec, scans), truth, strict=False):
                    read = "\n".join(line[0] for line in record["lines"])
                    chars = [
                        a + b for a, b in zip(chars, tally(characters(read), characters(text)), strict=True)
                    ]
                    nums = [a + b for a, b in zip(nums, tally(numbers(read), numbers(text)), strict=True)]
                    cpu += record["cpu"]
                    pages += 1
                    conf.extend(line[2] for line in record["lines"])
            per_dpi[str(dpi)] = {
                "pages": pages,
                "char_accuracy": ratio(chars[0], max(chars[1], chars[2])),
                "numbers_precision": ratio(nums[0], nums[1]),
                "numbers_recall": ratio(nums[0], nums[2]),
                "cpu_s_per_page": round(cpu / pages, 3) if pages else None,
                "mean_confidence": round(sum(conf) / len(conf), 4) if conf else None,
            }
            print(spec, dpi, per_dpi[str(dpi)], flush=True)
        report[spec] = per_dpi
    return report


# --- jixiao end to end ----------------------------------------------------------------------------


def amounts(evaluation: Any) -> Counter[Any]:
    if evaluation is None:
        return Counter()
    return Counter(cents(s.value, s.unit) for s in evaluation.stated if s.kind == "amount")


def calibration(evaluation: Any, twin: Counter[Any]) -> tuple[list[float], list[float]]:
    """The confidences of the amounts read right (found among the twin's) and of those read wrong."""
    right, wrong = [], []
    left = Counter(twin)
    for figure in evaluation.stated if evaluation is not None else []:
        if figure.kind != "amount" or figure.confidence is None:
            continue
        value = cents(figure.value, figure.unit)
        if left[value] > 0:
            left[value] -= 1
            right.append(figure.confidence)
        else:
            wrong.append(figure.confidence)
    return right, wrong


def _cache_pages() -> None:
    """Keep the OCR child's answer for each page on disk (``--cached``): a change to the layout or the
    understanding is measured again in minutes instead of an hour. A cached answer keeps the CPU seconds
    the child took for it, so the speed figures stay those of the engine."""
    import hashlib

    from jixiao.ocr.child import OcrChild

    folder = CACHE / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    ask = OcrChild.page

    def page(self: OcrChild, request: dict[str, Any]) -> dict[str, Any]:
        source = Path(request.get("pdf") or request.get("image") or "")
        key = json.dumps([source.name, source.stat().st_size, request.get("page"), request.get("dpi")])
        key += "" if ENGINE_VERSION == 1 else f" engine {ENGINE_VERSION}"
        where = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:20]}.json"
        if where.is_file():
            answer: dict[str, Any] = json.loads(where.read_text())
            if "lines" in answer and answer.get("rules_version") != RULES_VERSION:
                answer = _rules_again(request, answer)
                where.write_text(json.dumps(answer, ensure_ascii=False))
            return answer
        answer = ask(self, request)
        if "lines" in answer or "pages" in answer:
            answer["rules_version"] = RULES_VERSION
            where.write_text(json.dumps(answer, ensure_ascii=False))
        return answer

    OcrChild.page = page  # type: ignore[method-assign]


ENGINE_VERSION = 2  # of what the OCR child reads: 2 = the seal's grey outline removed with its red
RULES_VERSION = 3  # of jixiao.ocr.engine.rulings: 2 = vertical rules from half an inch (a two-row table end),
# 3 = a vertical rule meets two horizontal ones


def _rules_again(request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """A cached answer's table rules found again by today's ``rulings`` on the same raster and skew (the
    rules depend on the pixels and the skew only: the text lines need no second OCR)."""
    from jixiao.ocr.engine import image_page, pdf_page, rulings

    if "pdf" in request:
        pixels, dpi = pdf_page(request["pdf"], int(request["page"]), float(request["dpi"]))
    else:
        pixels, dpi = image_page(request["image"], int(request["page"]))
    angle = math.radians(float(answer.get("skew", 0.0)))
    return {**answer, "rules": rulings(pixels, angle, dpi), "rules_version": RULES_VERSION}


def end_to_end(pdfs: list[Path], dpis: list[int], render_dpi: int, cached: bool = False) -> dict[str, Any]:
    """jixiao on each scan against jixiao on its text twin: amounts, issue codes, OCR pages, CPU.

    Read as a batch worker reads (one kept OCR child, one onnxruntime thread); CPU seconds are the
    child's own for the pages it read, the models' loading excluded.
    """
    from jixiao import ocr, pipeline
    from jixiao.ocr.child import kept_child
    from jixiao.pipeline import evaluate
    from jixiao.unsure import TRUST

    texts: dict[str, str] = {}  # the text jixiao read from each file (its Document), for character accuracy
    read_report = pipeline.read_report

    def keeping_text(path: Any, **options: Any) -> Any:
        report = read_report(path, **options)
        texts[str(path)] = report.document.text if report.document is not None else ""
        return report

    pipeline.read_report = keeping_text  # type: ignore[assignment]
    if cached:
        _cache_pages()

    ocr.DPI = render_dpi
    ocr.PAGE_TIMEOUT = 900.0  # a shared VM under load: a page's limit must not cut a measurement short
    report: dict[str, Any] = {"render_dpi": render_dpi}
    for dpi in dpis:
        rows = []
        right: list[float] = []
        wrong: list[float] = []
        for pdf in pdfs:
            scanned = scanned_pdf(pdf, dpi)
            twin_result = evaluate(pdf)
            twin = twin_result.evaluation
            before = kept_child().cpu
            result = evaluate(scanned, keep_children=True)
            cpu = kept_child().cpu - before
            evaluation = result.evaluation
            info = evaluation.source.ocr if evaluation is not None and evaluation.source else None
            twin_codes = sorted({i.code for i in twin_result.issues if i.severity.value != "info"})
            codes = sorted({i.code for i in result.issues if i.severity.value != "info"})
            twin_errors = {i.code for i in twin_result.issues if i.severity.value == "error"}
            errors = {i.code for i in result.issues if i.severity.value == "error"}
            good, bad = calibration(evaluation, amounts(twin))
            right += good
            wrong += bad
            rows.append(
                {
                    "doc": pdf.stem,
                    "amounts": tally(amounts(evaluation), amounts(twin)),
                    "characters": tally(characters(texts.get(str(scanned), "")), characters(texts[str(pdf)])),
                    "pages": len(info.pages) if info else 0,
                    "mean_confidence": info.confidence if info else None,
                    "cpu_s": round(cpu, 2),
                    "codes_twin": twin_codes,
                    "codes_missed": sorted(set(twin_codes) - set(codes)),
                    "codes_extra": sorted(set(codes) - set(twin_codes)),
                    "errors_extra": sorted(errors - twin_errors),  # an error the text twin does not have
                }
            )
            print(dpi, rows[-1], flush=True)
        matched = sum(r["amounts"][0] for r in rows)
        pages = sum(r["pages"] for r in rows)
        seed = next((r for r in rows if r["doc"] == "seed"), None)
        chars = [sum(r["characters"][k] for r in rows) for k in range(3)]
        report[str(dpi)] = {
            "documents": len(rows),
            "pages": pages,
            "char_accuracy": ratio(chars[0], max(chars[1], chars[2])),
            "amounts_precision": ratio(matched, sum(r["amounts"][1] for r in rows)),
            "amounts_recall": ratio(matched, sum(r["amounts"][2] for r in rows)),
            "cpu_s_per_page": round(sum(r["cpu_s"] for r in rows) / pages, 3) if pages else None,
            "pages_per_second_per_core": round(pages / sum(r["cpu_s"] for r in rows), 4) if pages else None,
            "amounts_read_right": len(right),
            "amounts_read_wrong": len(wrong),
            f"right_below_{TRUST}": sum(c < TRUST for c in right),
            f"wrong_below_{TRUST}": sum(c < TRUST for c in wrong),
            "seed_codes_missed": seed["codes_missed"] if seed else None,
            "documents_with_an_extra_error": sum(bool(r["errors_extra"]) for r in rows),
            "documents_with_an_extra_warning": sum(
                bool(set(r["codes_extra"]) - set(r["errors_extra"])) for r in rows
            ),
            "rows": rows,
        }
    return report


# --- what cuts the cost ---------------------------------------------------------------------------


def speed(pdfs: list[Path], pages: int, dpis: list[int], extras: bool) -> dict[str, Any]:
    """CPU seconds a page and numbers recall under each setting, on the first ``pages`` 300-dpi scans.

    Settings: the resolution the detector sees (the scan resized to each of ``dpis``), and with
    ``extras`` onnxruntime threads, the recogniser's batch, and a blank page (the detector's cost
    alone: recognition runs only on the regions it finds).
    """
    import resource

    import numpy
    from PIL import Image
    from rapidocr import RapidOCR

    scans = [
        (scan, text)
        for pdf in pdfs
        for scan, text in zip(page_scans(pdf, 300), page_texts(pdf), strict=False)
    ]
    scans = scans[:pages]

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def engine(threads: int = 1, batch: int = 6) -> Any:
        return RapidOCR(
            params={
                "Global.log_level": "critical",
                "Global.use_cls": False,
                "Global.max_side_len": 4000,
                "Rec.rec_batch_num": batch,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def run(ocr: Any, dpi: int, images: list[tuple[Path, str]]) -> dict[str, Any]:
        spent, wall, found, truth = 0.0, 0.0, [0, 0, 0], 0
        for path, text in images:
            with Image.open(path) as image:
                scaled = image.convert("RGB")
                if dpi != 300:
                    size = (round(scaled.width * dpi / 300), round(scaled.height * dpi / 300))
                    scaled = scaled.resize(size, Image.Resampling.LANCZOS)
            pixels = numpy.asarray(scaled)[:, :, ::-1]
            started, clock = cpu(), time.perf_counter()
            result = ocr(pixels)
            spent += cpu() - started
            wall += time.perf_counter() - clock
            read = "\n".join(result.txts or [])
            found = [a + b for a, b in zip(found, tally(numbers(read), numbers(text)), strict=True)]
            truth += 1
        return {
            "pages": truth,
            "cpu_s_per_page": round(spent / truth, 3),
            "wall_s_per_page": round(wall / truth, 3),
            "pages_per_second_per_core": round(truth / spent, 4),
            "numbers_recall": ratio(found[0], found[2]),
            "numbers_precision": ratio(found[0], found[1]),
        }

    report: dict[str, Any] = {}
    single = engine()
    run(single, 150, scans[:1])  # warm up: onnxruntime's first run allocates
    for dpi in dpis:
        report[f"dpi_{dpi}"] = run(single, dpi, scans)
        print(dpi, report[f"dpi_{dpi}"], flush=True)
    if not extras:
        return report
    for batch in (16, 32):
        report[f"dpi_200_rec_batch_{batch}"] = run(engine(batch=batch), 200, scans)
        print("batch", batch, report[f"dpi_200_rec_batch_{batch}"], flush=True)
    report["dpi_200_threads_2"] = run(engine(threads=2), 200, scans)
    print("threads 2", report["dpi_200_threads_2"], flush=True)
    blank = CACHE / "blank.png"
    Image.new("RGB", (1654, 2339), "white").save(blank)
    report["blank_page_200"] = run(single, 300, [(blank, "")])
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="the first N documents only")
    parser.add_argument("--dpi", default="150,300", help="scan resolutions")
    parser.add_argument("--render-dpi", type=int, default=None, help="jixiao's OCR resolution for PDF pages")
    parser.add_argument("--engines", nargs="*", default=None)
    parser.add_argument("--only", default=None, help="these documents only (names, comma-separated)")
    parser.add_argument("--speed", type=int, default=None, help="what cuts the cost, on N pages")
    parser.add_argument(
        "--speed-extras",
        action="store_true",
        help="with --speed: the recogniser's batch, threads, a blank page",
    )
    parser.add_argument("--cached", action="store_true", help="reuse the OCR answers of earlier runs")
    args = parser.parse_args(argv[1:])
    if not DEV.is_dir():
        print(f"没有找到语料目录：{DEV}", file=sys.stderr)
        return 2
    pdfs = sources(args.docs)
    if args.only:
        pdfs = [pdf for pdf in pdfs if pdf.stem in args.only.split(",")]
    dpis = [int(d) for d in args.dpi.split(",")]
    if args.speed:
        changed = {"speed": speed(pdfs, args.speed, dpis, args.speed_extras)}
    elif args.engines:
        changed = {
            "engines": {
                "documents": [p.stem for p in pdfs],
                "results": compare_engines(args.engines, pdfs, dpis),
            }
        }
    else:
        from jixiao import ocr

        render = args.render_dpi or ocr.DPI
        key = "jixiao" if args.render_dpi is None and not args.only and not args.docs else f"jixiao-{render}"
        changed = {key: end_to_end(pdfs, dpis, render, args.cached)}
    # read again now: another run (--speed beside the accuracy run) may have written its part meanwhile
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    for key, value in changed.items():
        results[key] = {**results.get(key, {}), **value}  # the other dpis' (settings') results kept
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
