"""Request bodies bounded at the WSGI door, before Django (or anything) reads them.

``BodyLimit`` wraps the WSGI application that every server runs (waitress, gunicorn, any other): a
request whose ``Content-Length`` is above ``settings.REQUEST_MAX_BYTES`` is answered 413 with a Chinese
page without one byte of its body being read. Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` applies only
while the body is parsed, and the upload form's size check only once the whole file has arrived. A body
sent without a length (chunked) is not read by Django at all (it reads ``CONTENT_LENGTH`` bytes, here 0);
waitress is also told not to buffer more than the limit (``max_request_body_size``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

TOO_LARGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>请求过大</title></head>'
    "<body><h1>请求过大</h1><p>上传的文件或提交的内容超过上限（{limit} MB），未被接收。"
    '请压缩或拆分后重试。</p><p><a href="/">返回首页</a></p></body></html>'
)


class BodyLimit:
    """WSGI middleware: refuse a body above ``limit`` bytes before it is read (413, Chinese page)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = environ.get("CONTENT_LENGTH") or "0"
        try:
            declared = int(length)
        except ValueError:
            declared = self.limit + 1  # a length that is not a number is refused like a large one
        if declared > self.limit:
            body = TOO_LARGE.format(limit=max(1, self.limit // (1024 * 1024))).encode("utf-8")
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                       ("Connection", "close")]  # fmt: skip
            start_response("413 Request Entity Too Large", headers)
            return [body]
        return self.app(environ, start_response)
