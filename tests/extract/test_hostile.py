"""Hostile input ends in one clear Chinese EXT issue, within bounded time and memory.

Each case runs the extractor in a child process with an address-space limit (resource.RLIMIT_AS) and a
wall-clock timeout: a reader that inflated a bomb or recursed into a deep tree would be killed and fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the child
TIME_LIMIT = 60  # seconds

_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pathlib import Path
from jixiao.intake import extract_file
evaluation, issues = extract_file(Path(sys.argv[1]))
found = [[i.code, i.message] for i in issues]
print(json.dumps({{"ok": evaluation is not None, "issues": found}}, ensure_ascii=False))
"""


def extract_bounded(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), str(path)],
        capture_output=True,
        timeout=TIME_LIMIT,
        check=False,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_refused(result: dict[str, object], code: str) -> None:
    assert result["ok"] is False
    issues = result["issues"]
    assert isinstance(issues, list)
    assert len(issues) == 1
    assert issues[0][0] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in issues[0][1])  # the message is Chinese


def test_zip_bomb_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MB inflated, ~300 KB on disk
                member.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_refused(extract_bounded(path), "EXT004")


def test_not_a_zip_docx(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_bytes(b"this is not a zip archive at all" * 100)
    assert_refused(extract_bounded(path), "EXT003")


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa")
    assert_refused(extract_bounded(path), "EXT007")


def test_200_mb_text_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    assert_refused(extract_bounded(path), "EXT002")


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 4000)
    assert_refused(extract_bounded(path), "EXT005")


@pytest.mark.parametrize("depth", [5000, 200_000])
def test_deeply_nested_html(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "nested.html"
    path.write_text(
        "<html><body>" + "<div>" * depth + "预算" + "</div>" * depth + "</body></html>", encoding="utf-8"
    )
    assert_refused(extract_bounded(path), "EXT009")


def test_empty_and_unknown_files(tmp_path: Path) -> None:
    from jixiao.intake import extract_file

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    evaluation, issues = extract_file(empty)
    assert evaluation is None
    assert [i.code for i in issues] == ["EXT010"]
