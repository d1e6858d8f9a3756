"""The file guard: one test per bound (size, inflated size, ratio over the archive and of a member, entry
count), OLE and broken containers, on paths and on upload streams. Bombs are built small, here."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from jixiao.inputs import guard
from jixiao.inputs.guard import LIMITS, MB, OLE_MAGIC, RATIO_FLOOR, check_file
from jixiao.inputs.structured.yaml_io import load_yaml
from jixiao.records.table import REGISTER_LIMITS, precheck

ZEROS = b"\0" * (1024 * 1024)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _moderate(size: int) -> bytes:
    """Data that deflates about 25x: random bytes among runs of zeros (far under any ratio limit)."""
    runs = size // 416 + 1
    noise = os.urandom(16 * runs)
    return b"".join(noise[16 * i : 16 * i + 16] + b"\0" * 400 for i in range(runs))[:size]


def test_a_real_docx_and_a_real_workbook_pass(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、基本情况")
    document.save(str(tmp_path / "report.docx"))
    assert check_file(tmp_path / "report.docx") is None
    from jixiao.inputs.workbook.write import write_template

    write_template(tmp_path / "template.xlsx")
    assert check_file(tmp_path / "template.xlsx") is None


@pytest.mark.parametrize(
    ("suffix", "code"),
    [(".txt", "EXT002"), (".yaml", "EXT002"), (".pdf", "EXT002"), (".docx", "EXT002"), (".xlsx", "INP022")],
)
def test_size_bound_per_kind(tmp_path: Path, suffix: str, code: str) -> None:
    limit = LIMITS[guard.KIND_OF_SUFFIX[suffix]].max_bytes
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as handle:  # sparse: the size is what counts, not the bytes
        handle.truncate(limit + 1)
    refused = check_file(path)
    assert refused is not None
    assert refused.code == code
    assert "文件过大" in refused.message
    with path.open("r+b") as handle:
        handle.truncate(limit)
    refused = check_file(path)
    assert refused is None or refused.code != code or "文件过大" not in refused.message


def test_inflated_size_bound(tmp_path: Path) -> None:
    limit = LIMITS["xlsx"].max_inflated
    members = {f"xl/worksheets/sheet{i}.xml": _moderate(MB) for i in range(limit // MB + 1)}
    path = _zip(tmp_path / "large.xlsx", members)
    refused = check_file(path)
    assert refused is not None
    assert refused.code == "INP022"
    assert "解压后体积异常" in refused.message
    del members["xl/worksheets/sheet0.xml"]
    assert check_file(_zip(tmp_path / "fits.xlsx", members)) is None


def test_ratio_bound_over_the_archive(tmp_path: Path) -> None:
    # every member under RATIO_FLOOR, so only the archive's ratio can catch it
    count = 40
    members = {f"word/part{i}.xml": ZEROS[: RATIO_FLOOR - 1] for i in range(count)}
    path = _zip(tmp_path / "bomb.docx", members)
    refused = check_file(path)
    assert refused is not None
    assert refused.code == "EXT004"
    assert "压缩比异常" in refused.message
    assert "其中" not in refused.message


def test_ratio_bound_of_one_member(tmp_path: Path) -> None:
    # an incompressible part keeps the archive's ratio low; the one bomb member is still refused
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/media/image1.png", os.urandom(4 * MB), compress_type=zipfile.ZIP_STORED)
        archive.writestr("xl/sharedStrings.xml", ZEROS * 3, compress_type=zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert sum(i.file_size for i in infos) / sum(i.compress_size for i in infos) < 2
    refused = check_file(path)
    assert refused is not None
    assert refused.code == "INP022"
    assert "sharedStrings.xml" in refused.message
    assert _is_chinese(refused.message)


def test_a_small_part_may_compress_well(tmp_path: Path) -> None:
    path = tmp_path / "styles.docx"
    _zip(path, {"word/styles.xml": ZEROS[: RATIO_FLOOR // 2], "word/media/a.png": os.urandom(MB)})
    assert check_file(path) is None


def test_entry_count_bound(tmp_path: Path) -> None:
    limit = LIMITS["docx"].max_entries
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(limit + 1):
            archive.writestr(f"p/{i}", b"")
    refused = check_file(path)
    assert refused is not None
    assert refused.code == "EXT004"
    assert f"{limit + 1} 个部件" in refused.message


@pytest.mark.parametrize(("suffix", "code"), [(".docx", "EXT003"), (".xlsx", "INP021")])
def test_ole_files_where_a_zip_is_expected(tmp_path: Path, suffix: str, code: str) -> None:
    path = tmp_path / f"locked{suffix}"
    path.write_bytes(OLE_MAGIC + b"\0" * 600)
    refused = check_file(path)
    assert refused is not None
    assert (refused.code, refused.file) == (code, str(path))
    assert "加密" in refused.message


@pytest.mark.parametrize(("suffix", "code"), [(".docx", "EXT003"), (".xlsx", "INP020")])
def test_broken_containers(tmp_path: Path, suffix: str, code: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"PK\x03\x04" + b"not really a zip" * 50)
    refused = check_file(path)
    assert refused is not None
    assert refused.code == code


def test_an_upload_stream_is_checked_and_left_where_it_was() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", ZEROS * 5)
    buffer.seek(3)
    refused = check_file(buffer, ".docx", name="上传的报告.docx")
    assert refused is not None
    assert (refused.code, refused.file) == ("EXT004", "上传的报告.docx")
    assert buffer.tell() == 3
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    assert check_file(good, ".docx") is None
    assert check_file(io.BytesIO(b"x" * 10), ".pdf") is None


def test_unknown_suffixes_are_left_to_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "a.exe"
    path.write_bytes(b"MZ")
    assert check_file(path) is None


@pytest.mark.parametrize(
    ("suffix", "head", "matches"),
    [
        (".docx", b"PK\x03\x04rest", True),
        (".docx", b"%PDF-1.7", False),
        (".xlsx", OLE_MAGIC, False),  # an encrypted workbook: check_file says so, the upload refuses it first
        (".XLSX", b"PK\x03\x04", True),
        (".pdf", b"%PDF-1.4\n", True),
        (".pdf", b"PK\x03\x04", False),
        (".doc", OLE_MAGIC + b"\0", True),
        (".doc", b"PK\x03\x04", False),
        (".txt", "一、基本情况".encode(), True),
        (".txt", "一、基本情况".encode("gb18030"), True),
        (".yaml", b"department: x\x00", False),
        (".json", b"\xff\xfe{\x00", True),  # UTF-16 with its byte-order mark holds NUL bytes
        (".html", b"<html>\x00\x00", False),
        (".exe", b"MZ", False),
        ("", b"text", False),
    ],
)
def test_content_matches_what_the_suffix_claims(suffix: str, head: bytes, matches: bool) -> None:
    assert guard.content_matches(suffix, head) is matches


def test_yaml_and_json_go_through_the_guard(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(LIMITS["structured"].max_bytes + 1)
    evaluation, [issue] = load_yaml(path)
    assert evaluation is None
    assert issue.code == "INP001"
    assert "过大" in issue.message
    assert _is_chinese(issue.message)


def test_a_register_workbook_has_its_own_bounds(tmp_path: Path) -> None:
    # a register may be larger than an input workbook (REGISTER_LIMITS through check_file's ``limits``)
    between = tmp_path / "register.xlsx"
    with between.open("wb") as handle:  # above the input workbook's 20 MB, under the register's 50 MB
        handle.truncate(LIMITS["xlsx"].max_bytes + MB)
    problem = precheck(between)
    assert problem is not None
    assert "过大" not in problem.message  # refused as no zip, not for its size
    above = tmp_path / "big-register.xlsx"
    with above.open("wb") as handle:
        handle.truncate(REGISTER_LIMITS.max_bytes + 1)
    problem = precheck(above)
    assert problem is not None
    assert problem.code == "REC006"
    assert "文件过大" in problem.message
