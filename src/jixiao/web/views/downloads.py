"""Downloads of a version as .docx, .pdf or .xlsx, rendered by the core (``jixiao.render``)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jixiao.web import services
from jixiao.web.models import ReportVersion
from jixiao.web.views.common import report_or_403

FORMATS = {
    "docx": ("自评报告", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("自评报告", "application/pdf"),
    "xlsx": ("绩效自评表", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


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


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = report_or_403(request, pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    number = request.GET.get("version")
    if number and number.isdigit():
        version = get_object_or_404(ReportVersion, report=report, number=int(number))
    else:
        version = report.current
    if version is None:
        raise Http404("报告尚无内容")
    checked = services.check_data(version.data, version.ruleset or services.ruleset_for(report.year))
    if checked.result is None:
        return render(request, "web/error.html", {"message": "该版本无法评分，不能生成文件。"}, status=422)
    from jixiao.render import RenderError, render_result

    directory = tempfile.mkdtemp(prefix="jixiao-render-")
    title, content_type = FORMATS[fmt]
    output = Path(directory) / f"out.{fmt}"
    try:
        render_result(checked.result, fmt, output)
    except RenderError as exc:
        shutil.rmtree(directory, ignore_errors=True)
        return render(request, "web/error.html", {"message": f"生成文件失败：{exc}"}, status=503)
    filename = f"{report.department.name}-{report.year}年-{title}-第{version.number}版.{fmt}"
    response = FileResponse(_CleanupFile(output, directory), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
