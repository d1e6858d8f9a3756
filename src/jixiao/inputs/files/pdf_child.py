"""PDF text through PDFium, always in a child process: a fresh one per file, or one kept per batch worker.

PDFium is not thread-safe, and a hostile PDF can crash it, hang it inside C code or make it allocate
without bound. So it never runs in the caller's process: its child has an address-space limit
(``RLIMIT_AS``) and a per-file alarm, and the parent waits with a timeout and kills it. The CLI and the
web app start a child per file (:func:`read_pdf_pages`: ~100 ms, a new Python importing pypdfium2). A
batch worker keeps one child for many files (:func:`kept_child`), which leaves only PDFium's own reading
time per file, with the same limits: a file that crashes, exhausts or hangs the child costs that file,
and the next file gets a fresh child.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

CHILD_MEMORY = 1024 * 1024 * 1024  # address-space limit of the PDF child (bytes)
PDF_TIMEOUT = 120.0  # seconds for one file
MAX_PAGES = 2000
KEPT_CHILD_FILES = 500  # files a kept child reads before it is replaced (bounds leaks, fragmentation)
POLL_SECONDS = 0.5  # the parent wakes this often, so a watchdog in the parent thread is not delayed

# The child: one JSON path per line in, one length-prefixed JSON result per path out.
_CHILD = r"""
import json, re, resource, signal, struct, sys
limit, alarm, max_pages = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import pypdfium2 as pdfium
import pypdfium2.raw as raw

rect = raw.FS_RECTF()

def loose_box(textpage, index):
    raw.FPDFText_GetLooseCharBox(textpage.raw, index, rect)
    return rect.left, rect.right, rect.bottom, rect.top

def segments(textpage, start, line):
    # the line cut where a space is wider than the font's height (between two table cells; autospacing
    # between Chinese and digits, and justification, stay spaces), each piece as its text and the
    # [left, right, bottom, top] of the loose boxes (font ascent to descent) of its first and last
    # character; an ideographic space indenting a piece counts for its left edge, not for its height
    pieces, cut, head = [], 0, None  # head: the box of the current piece's first visible character
    for gap in spaces.finditer(line):
        if gap.start() == 0 or gap.end() == len(line):
            continue
        before = loose_box(textpage, start + gap.start() - 1)
        after = loose_box(textpage, start + gap.end())
        if after[0] - before[1] > before[3] - before[2]:
            add_piece(pieces, textpage, start, line[cut:gap.start()], cut, head, before)
            cut, head = gap.end(), after
    add_piece(pieces, textpage, start, line[cut:], cut, head, None)
    return pieces

spaces = re.compile(" +")

def add_piece(pieces, textpage, start, text, cut, head, tail):
    body = text.strip(" ")
    visible = body.strip()
    if visible:
        first = cut + text.index(visible[0])
        indent = cut + text.index(body[0])
        head = head if head is not None and indent == first else loose_box(textpage, start + first)
        left = head[0] if indent == first else loose_box(textpage, start + indent)[0]
        tail = tail or loose_box(textpage, start + first + len(visible) - 1)
        bottom, top = min(head[2], tail[2]), max(head[3], tail[3])
        pieces.append([body, round(left, 1), round(tail[1], 1), round(bottom, 1), round(top, 1)])

def lay_out(textpage, text):
    # each line of the page as its pieces (see segments), [] when blank; None when a text index is not a
    # character index (a character outside the BMP): the text is then read as it is
    if len(text) != textpage.count_chars():
        return None
    lines, start = [], 0
    for line in text.split("\r\n"):
        lines.append(segments(textpage, start, line))
        start += len(line) + 2
    return lines

def image_share(page):
    # how much of the page its images cover (0-1, overlaps counted twice): a scan is one image over it all
    width, height = page.get_size()
    covered = 0.0
    for count, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)):
        if count >= 200:
            break
        left, bottom, right, top = obj.get_bounds()
        wide = max(0.0, min(right, width) - max(left, 0.0))
        covered += wide * max(0.0, min(top, height) - max(bottom, 0.0))
    return round(min(1.0, covered / (width * height or 1.0)), 3)

def read(path):
    pdf = pdfium.PdfDocument(path)
    try:
        pages, boxes, images = [], [], []
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            pages.append(text)
            boxes.append(lay_out(textpage, text))
            images.append(image_share(page))
            textpage.close()
            page.close()
        return {"pages": pages, "boxes": boxes, "images": images}
    finally:
        pdf.close()

out = sys.stdout.buffer
for line in sys.stdin.buffer:
    signal.alarm(alarm)  # SIGALRM's default action ends the child even inside PDFium's C code
    try:
        result = read(json.loads(line))
    except Exception as exc:
        result = {"error": type(exc).__name__ + ": " + str(exc)[:200]}
    signal.alarm(0)
    data = json.dumps(result, ensure_ascii=False).encode("utf-8")
    out.write(struct.pack(">I", len(data)) + data)
    out.flush()
"""


class PdfChild:
    """A PDFium child process that reads PDFs one at a time, restarted after any failure.

    :meth:`read` returns ``{"pages": [...], "boxes": [...]}`` (each page's text, and each of its lines cut
    into pieces at the gaps between table cells, with their boxes: :mod:`jixiao.inputs.files.pdf_layout`) or
    one of ``{"error": ...}`` (PDFium refused the file), ``{"crashed": returncode}`` (the child died: a
    crash or the memory limit) and ``{"timeout": seconds}``.
    Calls from several threads are serialised (PDFium is not thread-safe).
    """

    def __init__(
        self,
        memory: int = CHILD_MEMORY,
        timeout: float | None = None,
        max_files: int = KEPT_CHILD_FILES,
    ) -> None:
        self.memory, self.max_files = memory, max_files
        self.timeout = PDF_TIMEOUT if timeout is None else timeout
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.files = 0

    @property
    def pid(self) -> int | None:
        """The running child's process id (None when no child is running)."""
        return self.process.pid if self.process is not None else None

    def read(self, path: Path) -> dict[str, Any]:
        """The text of every page of ``path`` (at most ``MAX_PAGES``), or why there is none."""
        return self.ask(os.path.abspath(path))

    def ask(self, payload: object, timeout: float | None = None) -> dict[str, Any]:
        """Send one JSON request and wait for its answer (``timeout`` seconds, else the child's own)."""
        request = json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n"
        with self.lock:
            try:
                process = self._send(request)
                result = self._receive(process, timeout)
            except BaseException:  # e.g. the batch watchdog's FileTimeout: never leave a busy child
                self.close(kill=True)
                raise
            self.files += 1
            if not self.answered(result) or self.files >= self.max_files:
                self.close()  # a child that failed once is not trusted with the next file
            return result

    def answered(self, result: dict[str, Any]) -> bool:
        """True when ``result`` is an answer rather than a failure (the child is then kept)."""
        return "pages" in result

    def command(self) -> list[str]:
        """The child's command line."""
        alarm = int(self.timeout) + 5  # the parent's timeout acts first; the alarm outlives a dead parent
        return [sys.executable, "-c", _CHILD, str(self.memory), str(alarm), str(MAX_PAGES)]

    def close(self, kill: bool = False) -> None:
        """End the child (it exits at the end of its input; killed if busy or ``kill``) and reap it."""
        process, self.process, self.files = self.process, None, 0
        if process is None:
            return
        assert process.stdin is not None
        assert process.stdout is not None
        if not kill and process.poll() is None:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                process.stdin.close()
                process.wait(timeout=2)
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def _start(self) -> subprocess.Popen[bytes]:
        self.process = subprocess.Popen(
            self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        return self.process

    def _send(self, request: bytes) -> subprocess.Popen[bytes]:
        """Write one request, to a fresh child if the kept one has exited in the meantime."""
        for attempt in range(2):
            process = self.process
            if process is None or process.poll() is not None:
                self.close()
                process = self._start()
            assert process.stdin is not None
            try:
                process.stdin.write(request)
                process.stdin.flush()
                return process
            except BrokenPipeError:
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _receive(self, process: subprocess.Popen[bytes], timeout: float | None = None) -> dict[str, Any]:
        """One length-prefixed answer, or ``crashed``/``timeout`` (the child is then killed)."""
        assert process.stdout is not None
        fd = process.stdout.fileno()
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        buffer = b""
        needed = 4
        while len(buffer) < needed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                process.kill()
                return {"timeout": timeout}
            ready, _, _ = select.select([fd], [], [], min(remaining, POLL_SECONDS))
            if not ready:
                continue
            data = os.read(fd, max(needed - len(buffer), 65536))
            if not data:  # end of file: the child died (crash, memory limit, alarm)
                return {"crashed": process.wait()}
            buffer += data
            if needed == 4 and len(buffer) >= 4:
                needed = 4 + struct.unpack(">I", buffer[:4])[0]
        result: dict[str, Any] = json.loads(buffer[4:needed].decode("utf-8"))
        return result


def read_pdf_pages(path: Path) -> dict[str, Any]:
    """Read one PDF in a fresh child process (the default outside a batch worker)."""
    child = PdfChild(max_files=1)
    try:
        return child.read(path)
    finally:
        child.close()


C = TypeVar("C", bound=PdfChild)


class Kept(Generic[C]):
    """One long-lived child per process, made by ``factory`` on first use (a forked process makes its own,
    never using its parent's) and ended at interpreter exit."""

    def __init__(self, factory: Callable[[], C]) -> None:
        self.factory = factory
        self.children: dict[int, C] = {}  # process id → its kept child
        self.lock = threading.Lock()
        atexit.register(self.close)

    def get(self) -> C:
        pid = os.getpid()
        with self.lock:
            child = self.children.get(pid)
            if child is None:
                self.children.clear()  # inherited through fork: the parent's child is not ours to use
                child = self.children[pid] = self.factory()
            return child

    def close(self) -> None:
        """End this process's kept child, if any."""
        with self.lock:
            child = self.children.pop(os.getpid(), None)
        if child is not None:
            with child.lock:
                child.close()


_KEPT = Kept(PdfChild)


def kept_child() -> PdfChild:
    """This process's long-lived PDF child, created on first use."""
    return _KEPT.get()


def close_kept_child() -> None:
    """End this process's kept child, if any (also done at interpreter exit)."""
    _KEPT.close()
