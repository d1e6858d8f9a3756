"""Pages of a batch's PDFs and images counted before the run, for the progress bar (issue 17)."""

from __future__ import annotations

import itertools
from pathlib import Path

from PIL import Image

from extract.pdf_maker import make_pdf  # tests/ is on sys.path (rootdir conftest)
from jixiao.batch.pages import count_pages


def files(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    make_pdf(folder / "three.pdf", [["Page one"], ["Page two"], ["Page three"]])
    make_pdf(folder / "one.pdf", [["Only page"]])
    frames = [Image.new("L", (40, 30), shade) for shade in (0, 128)]
    frames[0].save(folder / "two.tif", save_all=True, append_images=frames[1:])
    Image.new("RGB", (40, 30), "white").save(folder / "photo.png")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a pdf at all")
    (folder / "report.txt").write_text("某单位2024年度绩效自评报告\n", "utf-8")
    return sorted(folder.iterdir())


def test_the_pages_of_pdfs_and_images_are_counted_and_other_files_have_none(tmp_path: Path) -> None:
    count = count_pages(files(tmp_path))
    pages = {Path(path).name: number for path, number in count.pages.items()}
    assert pages == {"three.pdf": 3, "one.pdf": 1, "two.tif": 2, "photo.png": 1, "broken.pdf": 1}
    assert (count.total, count.unreadable, count.estimated) == (8, 1, 0)  # a broken PDF counts as one
    assert count.of(str(tmp_path / "report.txt")) == 0
    assert count_pages([tmp_path / "report.txt"]).total == 0  # no child started for a batch without pages


def test_counting_stops_at_its_budget_and_estimates_the_rest_at_the_mean(tmp_path: Path) -> None:
    files(tmp_path)
    batch = [tmp_path / name for name in ("three.pdf", "photo.png", "one.pdf", "two.tif")]
    ticks = itertools.count()  # a clock that advances one second each time it is read
    count = count_pages(batch, budget=2.5, clock=lambda: float(next(ticks)))
    # read at 0 (the deadline set), 1 and 2: three.pdf and photo.png counted; at 3 the budget is spent
    pages = {Path(path).name: number for path, number in count.pages.items()}
    assert pages == {"three.pdf": 3, "photo.png": 1, "one.pdf": 2, "two.tif": 2}  # the rest at the mean
    assert (count.estimated, count.total) == (2, 8)
    nothing = count_pages(batch, budget=0.0)
    assert (nothing.estimated, nothing.total) == (4, 4)  # nothing counted: one page each
