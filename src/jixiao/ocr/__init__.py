"""OCR of scanned pages: PDF pages without a usable text layer, and images (.png .jpg .tif).

The engine (PP-OCRv6 small models through ``rapidocr`` and onnxruntime, ADR 0012) is the optional extra
``jixiao[ocr]``; it runs in a child process (:mod:`jixiao.ocr.child`, :mod:`jixiao.ocr.engine`) with a
memory limit, no network and a time limit per page. What it reads, text lines with their boxes and
confidence, is laid out like the
PDF reader's pieces (:mod:`jixiao.ocr.layout`, ADR 0010), so tables come out as rows of cells; every
value read from a scan keeps its page, its box and the recogniser's confidence.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from contextvars import ContextVar

ENGINE_MODULE = "rapidocr"
ENGINE_NAME = "PP-OCRv6 small (rapidocr 3.10.0, onnxruntime)"
DPI = 200  # PDF pages are rendered at this resolution for OCR (ADR 0012: the lowest that keeps recall)
MAX_SIDE = 2400  # longest side (px) of the raster the detector sees; larger images are scaled down
PAGE_TIMEOUT = 120.0  # seconds for one page (model loading excluded)
STARTUP_TIMEOUT = 30.0  # seconds a fresh child may take to load the models
CHILD_MEMORY = 3 * 1024 * 1024 * 1024  # address-space limit of the OCR child (bytes)
MAX_OCR_PAGES = 200  # pages of one document read by OCR; the rest are reported, not read
INSTALL_HINT = "请安装文字识别组件：pip install 'jixiao[ocr]'（源码目录中运行 make install 即可）"

# Called with a page's time limit before each page is read: a batch worker extends the file's deadline
# by it, so a long scan is limited page by page rather than by the time limit of one file.
PAGE_STARTED: ContextVar[Callable[[float], None] | None] = ContextVar("jixiao_ocr_page_started", default=None)


def available() -> bool:
    """True when the OCR extra is installed (checked without importing it)."""
    return importlib.util.find_spec(ENGINE_MODULE) is not None
