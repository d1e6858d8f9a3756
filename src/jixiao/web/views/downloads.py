"""Downloads of a version as .docx, .pdf, .xlsx (the 绩效自评表) or the fillable input workbook, and
the blank input template. Rendering is the core's (``jixiao.render``, ``jixiao.inputs.workbook.write``);
PDF goes through the machine's bounded LibreOffice slots, and a frozen version's files are rendered once."""

from __future__ import annotations

import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jixiao.render import RenderError, render_result
from jixiao.web import services
from jixiao.web.conversions import ConversionsBusyError, cached_render, conversion_slot
from jixiao.web.models import Report, ReportVersion
from jixiao.web.views.common import report_or_403

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "docx": ("自评报告", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("自评报告", "pdf", "application/pdf"),
    "xlsx": ("绩效自评表", "xlsx", XLSX),
    "input": ("填报表", "xlsx", XLSX),
}
BUSY = "正在生成的文件较多，请稍后再试。"


class RenderFailedError(Exception):
    """The version cannot be rendered (Chinese message)."""


class _CleanupFile:
    """A file object that removes its temporary directory when the response closes it."""

    def __init__(self, path: Path, directory: str) -> None:
        self._file = path.open("rb")
        self._directory = directory

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def close(self) -> None:
        self._file.close()
        shutil.rmtree(self._directory, ignore_errors=True)


def render_version(report: Report, version: ReportVersion, fmt: str, output: Path) -> None:
    """Write ``version`` as ``fmt`` into ``output`` (``RenderFailedError``, ``ConversionsBusyError``)."""

    def write(out: Path) -> None:
        if fmt == "input":
            evaluation, _issues = services.build(version.data)
            if evaluation is None:
                raise RenderFailedError("该版本数据不完整，不能生成填报表")
            from jixiao.inputs.workbook.write import write_workbook  # noqa: PLC0415  (heavy: on an .xlsx only)

            write_workbook(evaluation, out)
            return
        checked = services.check_data(version.data, version.ruleset or services.ruleset_for(report.year))
        if checked.result is None:
            raise RenderFailedError("该版本无法评分，不能生成文件")

        try:
            if fmt == "pdf":
                with conversion_slot():
                    render_result(checked.result, fmt, out)
            else:
                render_result(checked.result, fmt, out)
        except RenderError as exc:
            raise RenderFailedError(f"生成文件失败：{exc}") from exc

    cached_render(version.pk, fmt, version.frozen, write, output)


def file_name(report: Report, version: ReportVersion, fmt: str) -> str:
    title, suffix, _type = FORMATS[fmt]
    return f"{report.department.name}-{report.year}年-{title}-第{version.number}版.{suffix}"


def attachment(path: Path, directory: str, name: str, content_type: str) -> FileResponse:
    response = FileResponse(_CleanupFile(path, directory), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = report_or_403(request, pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    number = request.GET.get("version")
    if number and number.isdigit():
        chosen = get_object_or_404(ReportVersion, report=report, number=int(number))
    else:
        chosen = report.current
    if chosen is None:
        raise Http404("报告尚无内容")
    directory = tempfile.mkdtemp(prefix="jixiao-render-")
    output = Path(directory) / f"out.{FORMATS[fmt][1]}"
    try:
        render_version(report, chosen, fmt, output)
    except (RenderFailedError, ConversionsBusyError) as exc:
        shutil.rmtree(directory, ignore_errors=True)
        message = BUSY if isinstance(exc, ConversionsBusyError) else str(exc)
        return render(request, "web/error.html", {"message": message}, status=503)
    return attachment(output, directory, file_name(report, chosen, fmt), FORMATS[fmt][2])


@login_required
@require_GET
def blank_template(request: HttpRequest) -> HttpResponse:
    """The blank input workbook (written once into the data directory's cache, then copied)."""
    kept = Path(settings.DATA_DIR) / "cache" / f"blank-template-{version('jixiao')}.xlsx"
    if not kept.is_file():
        from jixiao.inputs.workbook.write import write_template  # noqa: PLC0415  (heavy: on an .xlsx only)

        kept.parent.mkdir(parents=True, exist_ok=True)
        write_template(kept)  # atomic: a concurrent request never reads half a file
    directory = tempfile.mkdtemp(prefix="jixiao-template-")
    copy = Path(directory) / "template.xlsx"
    shutil.copyfile(kept, copy)
    return attachment(copy, directory, "自评填报模板.xlsx", XLSX)
