"""The OCR child: PP-OCR (``rapidocr``, its wheel's models) over PDF pages and images, one page a request.

Run as ``python -m jixiao.ocr.engine MEMORY THREADS MAX_SIDE`` by :mod:`jixiao.ocr.child`, never imported
by the parent: the models (~300 MB resident), the image decoders and PDFium all stay in this process,
under an address-space limit (``RLIMIT_AS``) and without network, and the parent kills it when a page
overruns its time.

Protocol: one JSON request per line on stdin, one length-prefixed JSON answer per request on stdout.

- ``{"pdf": path, "page": i, "dpi": d}`` — page ``i`` (0-based) rendered by PDFium at ``d`` dpi (less
  when the page is so large that it would pass ``MAX_PIXELS``) and read;
- ``{"image": path}`` — how many pages (frames) an image has, after its checks: format PNG, JPEG or
  TIFF, at most ``MAX_PIXELS`` pixels a page and ``MAX_FRAMES`` pages (a decompression bomb is refused
  from its header, before any pixel is decoded);
- ``{"image": path, "page": i}`` — page ``i`` of an image read.

A read page answers ``{"lines": [[text, [left, top, right, bottom], confidence], ...], "rules": {"h":
[[y, left, right], ...], "v": [[x, top, bottom], ...]}, "skew": degrees, "width": px, "height": px, "dpi": d,
"cpu": s}``: one entry per text line the detector found, its box in pixels from the page's top-left corner,
the recogniser's confidence (0–1, the mean of its characters' probabilities), and the table rulings; boxes
and rulings as if the page were straight (a scan is often turned by a degree or so).
Anything refused or broken answers ``{"error": "..."}``.
"""

from __future__ import annotations

import json
import math
import os
import resource
import socket
import struct
import sys
import time
from typing import Any

MAX_PIXELS = 60_000_000  # a page: A4 at 600 dpi is 35 M; above this a raster is refused (or rendered smaller)
MAX_FRAMES = 200  # pages of a multi-page TIFF
RED_EDGE_PER_INCH = 50  # the seal's outline removed with its red: 1/50 inch each side of a red pixel
TEXT_DARKNESS = 100  # a pixel whose lightest channel is above this, beside red ink, is not black text
IMAGE_FORMATS = {"PNG", "JPEG", "TIFF", "MPO"}  # MPO: a JPEG from a camera with a preview frame


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Reader:
    """The loaded models and what they read."""

    def __init__(self, threads: int, max_side: int) -> None:
        from rapidocr import RapidOCR  # noqa: PLC0415  (the OCR extra, in its child only)

        self.ocr = RapidOCR(
            params={
                "Global.log_level": "critical",
                "Global.max_side_len": max_side,
                "Global.use_cls": False,  # pages are upright: the 180° classifier is not run
                "EngineConfig.onnxruntime.intra_op_num_threads": threads if threads > 0 else -1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                # a GPU worker (onnxruntime-gpu installed in place of onnxruntime) sets JIXIAO_OCR_DEVICE=cuda
                "EngineConfig.onnxruntime.use_cuda": os.environ.get("JIXIAO_OCR_DEVICE") == "cuda",
            }
        )

    def read(self, pixels: Any, dpi: float) -> dict[str, Any]:
        """Text lines of an RGB raster, ``[text, [left, top, right, bottom], confidence]``, and the table
        rulings, both as if the page were straight (``skew``: the degrees it was turned by)."""
        result: Any = self.ocr(without_red_ink(pixels, dpi)[:, :, ::-1])  # RapidOCR takes OpenCV's BGR order
        if result.boxes is None or result.txts is None or result.scores is None:
            return {"lines": [], "rules": {"h": [], "v": []}, "skew": 0.0}
        quads = result.boxes.tolist()
        angle = skew(quads)
        height, width = pixels.shape[:2]
        centre = (width / 2, height / 2)
        lines = []
        for quad, text, score in zip(quads, result.txts, result.scores, strict=True):
            points = [turn(float(x), float(y), -angle, centre) for x, y in quad]
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            box = [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)]
            lines.append([str(text), box, round(float(score), 4)])
        return {"lines": lines, "rules": rulings(pixels, angle, dpi), "skew": round(math.degrees(angle), 3)}


def without_red_ink(pixels: Any, dpi: float = 200.0) -> Any:
    """The raster with red ink made white: an official seal over a line of text hid it from the detector
    (the seed's budget line under the seal's ring was found only once the red was gone). Red text (a
    document's red masthead) is dropped with it; figures are printed in black.

    The seal's edges go too: a JPEG scan keeps colour at half the resolution of brightness, so each red
    stroke is outlined by grey pixels without red in them, and the outline of the seal's lettering across a
    heading hid it from the detector as the red had (the clean-archives example at 150 dpi lost
    ``（二）产出指标…`` to it). Within a few pixels of red ink, every pixel lighter than black text is
    made white; black text under and beside the seal stays."""
    import cv2  # noqa: PLC0415  (the OCR extra, in its child only)
    import numpy  # noqa: PLC0415  (the OCR extra, in its child only)

    red = pixels[:, :, 0].astype(numpy.int16)
    other = numpy.maximum(pixels[:, :, 1], pixels[:, :, 2]).astype(numpy.int16)
    mask = (red > 140) & (red - other > 50)
    if not mask.any():
        return pixels
    size = round(dpi / RED_EDGE_PER_INCH) | 1  # 5 px at 200 dpi: the seal's outline after JPEG and blur
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    near = cv2.dilate(mask.astype(numpy.uint8), kernel).astype(bool)
    clean = pixels.copy()
    clean[mask | (near & (pixels.min(axis=2) > TEXT_DARKNESS))] = 255
    return clean


def skew(quads: list[Any]) -> float:
    """The page's rotation (radians, clockwise positive in image coordinates): the median slope of the top
    edges of the text lines at least three times as wide as high."""
    slopes = []
    for quad in quads:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        wide = x1 - x0
        high = abs(quad[3][1] - y0)
        if wide > 3 * max(high, 1.0):
            slopes.append(math.atan2(y1 - y0, wide))
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


def turn(x: float, y: float, angle: float, centre: tuple[float, float]) -> tuple[float, float]:
    """A point turned by ``angle`` radians about ``centre`` (image coordinates, y down)."""
    cx, cy = centre
    cos, sin = math.cos(angle), math.sin(angle)
    return cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos


def rulings(pixels: Any, angle: float, dpi: float) -> dict[str, list[list[float]]]:
    """The table rules of a page straightened by ``angle``: horizontal ones as ``[y, left, right]``,
    vertical ones as ``[x, top, bottom]``, in pixels; a rule is a dark line at least an inch long, or
    half an inch down (the two rows of a table's end carried over to a new page) meeting two rules across."""
    import cv2  # noqa: PLC0415  (the OCR extra, in its child only)

    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    if angle:
        height, width = gray.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), math.degrees(angle), 1.0)
        gray = cv2.warpAffine(gray, matrix, (width, height), borderValue=255)
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    step = max(15, round(dpi / 4))  # a quarter inch: longer than any stroke of a character
    inch = max(40.0, dpi)
    found: dict[str, list[list[float]]] = {"h": [], "v": []}
    for key, kernel in (("h", (step, 1)), ("v", (1, step))):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines)
        for index in range(1, min(count, 2000)):
            x, y, w, h = (int(v) for v in stats[index][:4])
            if key == "h" and w >= inch:
                found["h"].append([y + h / 2, float(x), float(x + w)])
            elif key == "v" and h >= inch / 2:
                found["v"].append([x + w / 2, float(y), float(y + h)])
    # a column rule meets two row rules (a table's top and bottom, or two rows): the strokes of characters
    # stacked in a cell (the 1s of ``716批`` / ``1550余``, blurred together) meet none and cut no line
    near = dpi / 20
    found["v"] = [
        [x, top, bottom]
        for x, top, bottom in found["v"]
        if sum(a - near <= x <= b + near and top - near <= y <= bottom + near for y, a, b in found["h"]) >= 2
    ]
    return found


def no_network() -> None:
    """Refuse every network connection in this process: the models are the wheel's own, and a model
    missing from it must fail here rather than be fetched (the engine carries download code)."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("jixiao's OCR child makes no network connection")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def pdf_page(path: str, index: int, dpi: float) -> tuple[Any, float]:
    """Page ``index`` of a PDF as an RGB array, and the resolution it was rendered at."""
    import numpy  # noqa: PLC0415  (the OCR extra, in its child only)
    import pypdfium2 as pdfium  # noqa: PLC0415  (the OCR extra, in its child only)

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[index]
        width, height = page.get_size()  # points
        scale = dpi / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil().convert("RGB")
        page.close()
        return numpy.asarray(image), scale * 72
    finally:
        pdf.close()


def open_image(path: str) -> Any:
    """The image, opened lazily (header only) and checked: format, pixels per frame, frames."""
    from PIL import Image  # noqa: PLC0415  (the OCR extra, in its child only)

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own bomb check as a second guard
    image = Image.open(path)
    if image.format not in IMAGE_FORMATS:
        raise ValueError(f"unsupported image format {image.format}")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValueError(f"too many pixels: {width}x{height}")
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise ValueError(f"too many pages: {frames}")
    return image


def image_page(path: str, index: int) -> tuple[Any, float]:
    """Frame ``index`` of an image as an RGB array, and its resolution (72 dpi when it states none)."""
    import numpy  # noqa: PLC0415  (the OCR extra, in its child only)
    from PIL import ImageOps  # noqa: PLC0415  (the OCR extra, in its child only)

    image = open_image(path)
    try:
        image.seek(index)
        dpi = image.info.get("dpi", (72, 72))[0] or 72
        if image.size[0] * image.size[1] > MAX_PIXELS:  # each frame of a TIFF has its own size
            raise ValueError(f"too many pixels: {image.size[0]}x{image.size[1]}")
        frame = ImageOps.exif_transpose(image.convert("RGB"))
        return numpy.asarray(frame), float(dpi)
    finally:
        image.close()


def answer(reader: Reader, request: dict[str, Any]) -> dict[str, Any]:
    started = cpu()
    if "pdf" in request:
        pixels, dpi = pdf_page(request["pdf"], int(request["page"]), float(request["dpi"]))
    elif "page" not in request:
        image = open_image(request["image"])
        frames = getattr(image, "n_frames", 1)
        image.close()
        return {"pages": frames}
    else:
        pixels, dpi = image_page(request["image"], int(request["page"]))
    read = reader.read(pixels, dpi)
    height, width = pixels.shape[:2]
    return {**read, "width": width, "height": height, "dpi": dpi, "cpu": round(cpu() - started, 3)}


def main(argv: list[str]) -> None:
    memory, threads, max_side = int(argv[1]), int(argv[2]), int(argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    no_network()
    started = time.monotonic()
    try:
        reader = Reader(threads, max_side)
        ready: dict[str, Any] = {"ready": round(time.monotonic() - started, 3)}
    except Exception as exc:  # the models could not be loaded: every request gets the reason
        reader, ready = None, {"error": f"{type(exc).__name__}: {exc}"[:300]}
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        if reader is None:
            result = ready
        else:
            try:
                result = answer(reader, json.loads(line))
            except Exception as exc:
                result = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        data = json.dumps(result, ensure_ascii=False).encode("utf-8")
        out.write(struct.pack(">I", len(data)) + data)
        out.flush()


if __name__ == "__main__":
    main(sys.argv)
