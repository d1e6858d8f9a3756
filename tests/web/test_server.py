"""End to end against the real server process (``jixiao serve --no-demo``, gunicorn, a random port): a
department user sends a YAML alias bomb, an .xlsx whose sharedStrings.xml inflates hundreds of times, and a
body larger than the limit; each gets a Chinese error and the server still answers the next request.

The server runs on its own SQLite database in a temporary data directory (whatever database the other
web tests use), prepared by a child process: migrated, one department, its user, its report.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

PASSWORD = "Qiche-lanshan-2025"
PREPARE = f"""
from jixiao.web.serve import prepare, setup
setup()
prepare(demo=False)
from django.contrib.auth import get_user_model
from jixiao.web.models import Account, Department, Report, YearSetting
department = Department.objects.create(name="甲局")
user = get_user_model().objects.create_user(username="dept", password={PASSWORD!r})
Account.objects.create(user=user, role=Account.DEPARTMENT, department=department)
YearSetting.objects.create(year=2024)
print(Report.objects.create(department=department, year=2024).pk)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k not in {"JIXIAO_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    data = tmp_path_factory.mktemp("server-data")
    env.update(JIXIAO_DATA_DIR=str(data), JIXIAO_FAST_HASHER="1", JIXIAO_UPLOAD_MAX_MB="2")
    prepared = subprocess.run([sys.executable, "-c", PREPARE], env=env, capture_output=True, text=True,
                              timeout=120, check=True)  # fmt: skip
    report = int(prepared.stdout.strip().splitlines()[-1])
    port = _free_port()
    command = [sys.executable, "-c", "from jixiao.cli import main; main()", "serve", "--no-demo",
               "--port", str(port), "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode() if process.stdout else "") from None
                time.sleep(0.2)
        yield {"base": base, "report": report, "port": port, "data": data}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


class Browser:
    """Cookies and CSRF token of one logged-in user, over plain HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value or "" for c in self.jar if c.name == "csrftoken")

    def open(self, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, str]:
        headers = {"Referer": self.base + path}
        if body is not None:
            headers.update({"X-CSRFToken": self.csrf(), "Content-Type": content_type})
        request = urllib.request.Request(self.base + path, body, headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def login(self) -> None:
        self.open("/login/")
        form = urllib.parse.urlencode({"username": "dept", "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()  # fmt: skip
        status, page = self.open("/login/", form, "application/x-www-form-urlencoded")
        assert status == 200, page[:500]
        assert "甲局" in page, page[:500]

    def upload(self, report: int, name: str, content: bytes) -> tuple[int, str, float]:
        status, page = self.open(f"/reports/{report}/")
        revision = re.search(r'name="revision" value="(\d+)"', page)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n",
            f'--{boundary}\r\nContent-Disposition: form-data; name="revision"\r\n\r\n'
            f"{revision.group(1) if revision else 0}\r\n",
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n",
        ]
        body = "".join(parts).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        started = time.monotonic()
        status, page = self.open(
            f"/reports/{report}/upload/", body, f"multipart/form-data; boundary={boundary}"
        )
        return status, page, time.monotonic() - started


def _messages(page: str) -> str:
    return page.split('class="messages"', 1)[1].split("</ul>", 1)[0] if 'class="messages"' in page else ""


def _alive(base: str) -> None:
    with urllib.request.urlopen(base + "/login/", timeout=10) as response:
        assert response.status == 200
        assert "登录" in response.read().decode()


def yaml_bomb(levels: int = 9, width: int = 9) -> bytes:
    """~600 bytes; expanded it would be 9^9 ≈ 387 million values (the billion-laughs shape)."""
    lines = ["department: 甲局", "year: 2024", "a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]" for n in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bomb(inflated_mb: int = 150) -> bytes:
    """A real input workbook whose sharedStrings.xml inflates to ``inflated_mb`` MB of tiny strings (~9
    million of them, several hundred times compressed): what cost openpyxl minutes and gigabytes."""
    from jixiao.inputs.workbook.write import write_template

    buffer = io.BytesIO()
    template = Path(os.environ.get("TMPDIR", "/tmp")) / f"jixiao-bomb-{uuid.uuid4().hex}.xlsx"
    write_template(template)
    try:
        with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                if item.filename != "xl/sharedStrings.xml":
                    out.writestr(item, source.read(item.filename))
            filler = "<si><t>x</t></si>" * 1000
            count = inflated_mb * 1024 * 1024 // len(filler.encode())
            with out.open("xl/sharedStrings.xml", "w") as strings:
                strings.write(f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                              f'count="{count * 1000}" uniqueCount="{count * 1000}">'.encode())  # fmt: skip
                for _ in range(count):
                    strings.write(filler.encode())
                strings.write(b"</sst>")
    finally:
        template.unlink(missing_ok=True)
    return buffer.getvalue()


def test_yaml_bomb_upload_gets_a_chinese_error_and_the_server_answers(server: dict[str, Any]) -> None:
    browser = Browser(server["base"])
    browser.login()
    status, page, seconds = browser.upload(server["report"], "bomb.yaml", yaml_bomb())
    assert status == 200
    shown = _messages(page)
    assert "无法读取“bomb.yaml”" in shown, page[:3000]
    assert re.search(r"[\u4e00-\u9fff]{4}", shown.split("无法读取“bomb.yaml”", 1)[1])
    assert seconds < 20, f"the bomb took {seconds:.1f} s"
    _alive(server["base"])
    assert browser.open(f"/reports/{server['report']}/")[0] == 200


def test_xlsx_bomb_upload_gets_a_chinese_error_and_the_server_answers(server: dict[str, Any]) -> None:
    content = xlsx_bomb()
    assert len(content) < 2 * 1024 * 1024  # under the upload limit: only the inflation gives it away
    browser = Browser(server["base"])
    browser.login()
    status, page, seconds = browser.upload(server["report"], "bomb.xlsx", content)
    assert status == 200
    shown = _messages(page)
    assert "上传失败" in shown or "无法读取“bomb.xlsx”" in shown, page[:3000]
    assert "sharedStrings" in shown or "压缩" in shown, shown
    assert seconds < 20, f"the bomb took {seconds:.1f} s"
    _alive(server["base"])


def test_oversize_body_refused_before_it_is_read(server: dict[str, Any]) -> None:
    """Only the headers are sent, announcing 500 MB: the answer comes at once, without the body."""
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=15) as sock:
        sock.sendall(
            f"POST /reports/{server['report']}/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 524288000\r\n\r\n".encode()
        )
        started = time.monotonic()
        answer = b""
        while b"</html>" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    text = answer.decode("utf-8", "replace")
    assert text.startswith("HTTP/1.1 413"), text[:200]
    assert "请求过大" in text
    assert "2 MB" in text
    assert time.monotonic() - started < 10
    _alive(server["base"])
    browser = Browser(server["base"])
    browser.login()  # the server still serves a whole login


def test_server_files_are_private(server: dict[str, Any]) -> None:
    for path in server["data"].iterdir():
        if path.name.startswith(("jixiao.sqlite3", "secret_key")):
            assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert server["data"].stat().st_mode & 0o077 == 0
