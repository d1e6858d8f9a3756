"""The report as .pdf: the .docx converted by LibreOffice headless (CJK through fonts-noto-cjk).

Each conversion runs with its own LibreOffice profile (``-env:UserInstallation``) in a temporary
directory, so that parallel conversions do not lock each other out; the process group is killed on
timeout and the directory removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from jixiao.render import TEMPLATES, RenderError
from jixiao.render.docx import write_docx
from jixiao.report import ReportView

TIMEOUT_SECONDS = 180
FONTS_CONF = TEMPLATES / "fonts.conf"  # maps 仿宋_GB2312, 黑体, … to Noto CJK SC


def conversion_env() -> dict[str, str]:
    """The environment of soffice: our font aliases, unless the user set FONTCONFIG_FILE."""
    env = dict(os.environ)
    env.setdefault("FONTCONFIG_FILE", str(FONTS_CONF))
    return env


def find_soffice() -> str | None:
    """The LibreOffice binary: ``$JIXIAO_SOFFICE``, else ``soffice`` / ``libreoffice`` on PATH."""
    configured = os.environ.get("JIXIAO_SOFFICE")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path, outdir: Path, timeout: float | None = None) -> Path:
    """Convert ``docx`` into ``outdir`` with a fresh profile; return the PDF's path."""
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise RenderError("未找到 LibreOffice（soffice），无法生成 PDF；请安装 LibreOffice 和 fonts-noto-cjk")
    profile = outdir / "lo-profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(docx),
    ]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=conversion_env(),
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RenderError(f"LibreOffice 转换 PDF 超时（{timeout:g} 秒）") from None
    pdf = outdir / (docx.stem + ".pdf")
    if process.returncode != 0 or not pdf.is_file():
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            f"退出码 {process.returncode}"
        ]
        raise RenderError(f"LibreOffice 转换 PDF 失败：{detail[0]}")
    return pdf


def write_pdf(view: ReportView, output: Path, template: Path | None = None) -> None:
    """Render the .docx and convert it to ``output`` (.pdf)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        work = Path(tmp)
        docx = work / "report.docx"
        write_docx(view, docx, template)
        pdf = convert_to_pdf(docx, work)
        shutil.move(str(pdf), str(output))
