"""Static files: served by the app (WhiteNoise) before any middleware; once collected, under hashed names
with a gzip copy and cached for a year; before, by their plain names from the package."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from jixiao.web.staticfiles import collect_static

PACKAGE_STATIC = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "web" / "static"


def _stylesheet(page: str) -> str:
    return page.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]


def test_plain_names_before_any_collection(client: Any, district: dict[str, Any]) -> None:
    client.force_login(district["dept_a"])
    href = _stylesheet(client.get(reverse("home")).content.decode())
    assert href == "/static/jixiao/app.css"
    response = client.get(href)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (PACKAGE_STATIC / "jixiao" / "app.css").read_bytes()
    assert "immutable" not in response.get("Cache-Control", "")


@pytest.fixture
def collected(tmp_path: Path) -> Any:
    with override_settings(STATIC_ROOT=tmp_path / "static"):
        assert collect_static() is True
        yield tmp_path / "static"


def test_collected_files_are_hashed_compressed_and_kept_a_year(
    client: Any, district: dict[str, Any], collected: Path
) -> None:
    client.force_login(district["dept_a"])
    href = _stylesheet(client.get(reverse("home")).content.decode())
    assert href.startswith("/static/jixiao/app.")
    assert href != "/static/jixiao/app.css"
    response = client.get(href, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    body = gzip.decompress(b"".join(response.streaming_content))
    assert body == (collected / href.removeprefix("/static/")).read_bytes()
    echarts = next(collected.glob("jixiao/vendor/echarts.min.*.js"))
    assert Path(f"{echarts}.gz").stat().st_size < echarts.stat().st_size / 2  # 1 MB travels as a third
    assert collect_static() is False  # unchanged files: not collected again at the next start
