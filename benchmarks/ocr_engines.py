"""OCR engines side by side for the engine choice (ADR 0012): one engine over page images, in a process.

``python benchmarks/ocr_engines.py ENGINE IMAGE...`` prints one JSON line per image: the lines it read
(text, box ``[left, top, right, bottom]`` in pixels, confidence) and the CPU seconds the page took in this
process and its children (the model is loaded before the first page and not counted). ``ENGINE`` is
``rapidocr-onnxruntime`` (PP-OCRv4, the ``rapidocr_onnxruntime`` 1.4.4 wheel), ``rapidocr`` (3.x, its
wheel's PP-OCRv6 small models; run it with a Python that has it, since it cannot share an environment with
the former's ``opencv-python``) or ``tesseract`` (Debian's ``tesseract-ocr`` with ``chi_sim``, word boxes
from its TSV). Options after the engine, ``key=value``: ``threads`` (onnxruntime or OpenMP threads, default
1), ``max_side`` (rapidocr's longest image side), ``cls`` (0 or 1: the 180° classifier).
``benchmarks/ocr_accuracy.py --engines`` runs this for each engine and scores what it read.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from typing import Any

Line = tuple[str, list[float], float]


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def quad_box(points: Any) -> list[float]:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def rapidocr_v1(options: dict[str, str]) -> Callable[[str], list[Line]]:
    from rapidocr_onnxruntime import RapidOCR

    threads = int(options.get("threads", "1"))
    engine = RapidOCR(
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        max_side_len=int(options.get("max_side", "2000")),
    )
    use_cls = options.get("cls", "1") == "1"

    def read(image: str) -> list[Line]:
        result, _ = engine(image, use_cls=use_cls)
        return [(text, quad_box(box), float(score)) for box, text, score in result or []]

    return read


def rapidocr_v3(options: dict[str, str]) -> Callable[[str], list[Line]]:
    from rapidocr import RapidOCR

    threads = int(options.get("threads", "1"))
    engine = RapidOCR(
        params={
            "Global.log_level": "critical",
            "Global.max_side_len": int(options.get("max_side", "2000")),
            "Global.use_cls": options.get("cls", "1") == "1",
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )

    def read(image: str) -> list[Line]:
        result = engine(image)
        if result.boxes is None:
            return []
        return [
            (text, quad_box(box), float(score))
            for box, text, score in zip(result.boxes.tolist(), result.txts, result.scores, strict=True)
        ]

    return read


def tesseract(options: dict[str, str]) -> Callable[[str], list[Line]]:
    env = dict(os.environ, OMP_THREAD_LIMIT=options.get("threads", "1"))

    def read(image: str) -> list[Line]:
        done = subprocess.run(
            ["tesseract", image, "-", "-l", "chi_sim", "--psm", "3", "tsv"],
            capture_output=True,
            check=True,
            env=env,
            timeout=600,
        )
        lines: dict[tuple[str, ...], list[tuple[str, list[float], float]]] = {}
        for row in done.stdout.decode("utf-8").splitlines()[1:]:
            cells = row.split("\t")
            if len(cells) < 12 or not cells[11].strip() or float(cells[10]) < 0:
                continue
            left, top, width, height = (float(v) for v in cells[6:10])
            key = tuple(cells[1:5])  # page, block, paragraph, line
            lines.setdefault(key, []).append(
                (cells[11], [left, top, left + width, top + height], float(cells[10]) / 100)
            )
        out: list[Line] = []
        for words in lines.values():
            text = "".join(word for word, _, _ in words)
            box = [
                min(b[0] for _, b, _ in words),
                min(b[1] for _, b, _ in words),
                max(b[2] for _, b, _ in words),
                max(b[3] for _, b, _ in words),
            ]
            out.append((text, box, min(c for _, _, c in words)))
        return out

    return read


ENGINES = {"rapidocr-onnxruntime": rapidocr_v1, "rapidocr": rapidocr_v3, "tesseract": tesseract}


def main(argv: list[str]) -> int:
    name, rest = argv[1], argv[2:]
    options = dict(arg.split("=", 1) for arg in rest if "=" in arg and not os.path.exists(arg))
    images = [arg for arg in rest if arg not in {f"{k}={v}" for k, v in options.items()}]
    read = ENGINES[name](options)
    for image in images:
        started = cpu_seconds()
        lines = read(image)
        spent = cpu_seconds() - started
        print(json.dumps({"image": image, "cpu": round(spent, 3), "lines": lines}, ensure_ascii=False))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
