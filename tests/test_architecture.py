"""Architecture (style.md §9): the core never imports the CLI or the web; the pipeline does not pull in Dask.

Each check runs in a fresh interpreter, so that what the test process already imported cannot hide a
forbidden import.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import jixiao

# the front ends of the design: each thin, over the core (batch may show a rich progress bar)
FRONT_ENDS = ("jixiao.cli", "jixiao.web", "jixiao.batch")
FORBIDDEN = ("typer", "rich", "django", *FRONT_ENDS)


def _run(code: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _is_under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def core_modules() -> list[str]:
    """Every module of the jixiao package except the front ends, found on disk (nothing imported)."""
    root = Path(jixiao.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(("jixiao", *parts))
        if not _is_under(name, FRONT_ENDS) and "migrations" not in parts:
            found.append(name)
    return found


def test_core_modules_are_found() -> None:
    modules = core_modules()
    for name in ("jixiao", "jixiao.numbers", "jixiao.scoring", "jixiao.pipeline", "jixiao.rules"):
        assert name in modules
    assert not any(_is_under(name, FRONT_ENDS) for name in modules)


def test_core_never_imports_cli_web_typer_rich_or_django() -> None:
    modules = core_modules()
    report = _run(
        f"""
        import importlib, json, sys, traceback
        failed = {{}}
        for name in {modules!r}:
            try:
                importlib.import_module(name)
            except Exception:
                failed[name] = traceback.format_exc(limit=3)
        forbidden = {FORBIDDEN!r}
        loaded = sorted(
            m for m in sys.modules if any(m == p or m.startswith(p + ".") for p in forbidden)
        )
        print(json.dumps({{"failed": failed, "loaded": loaded}}))
        """
    )
    assert report["failed"] == {}, report["failed"]
    assert report["loaded"] == [], f"the core imported front-end modules: {report['loaded']}"


def test_the_check_itself_can_fail() -> None:
    # the same probe sees a front end when one is imported: the assertion above is not vacuous
    report = _run(
        """
        import json, sys
        import jixiao.cli
        print(json.dumps({"loaded": sorted(m for m in sys.modules if m in ("typer", "rich", "jixiao.cli"))}))
        """
    )
    assert report["loaded"] == ["jixiao.cli", "rich", "typer"]


def test_pipeline_does_not_import_dask() -> None:
    report = _run(
        """
        import json, sys
        import jixiao.pipeline
        print(json.dumps({"loaded": sorted(m for m in sys.modules
                                           if m.split(".")[0] in ("dask", "distributed"))}))
        """
    )
    assert report["loaded"] == []


def test_batch_front_end_needs_neither_web_nor_dask() -> None:
    # the batch front end runs without the web app, and needs Dask only when given a scheduler
    report = _run(
        """
        import json, sys
        import jixiao.batch.run
        print(json.dumps({"loaded": sorted(m for m in sys.modules
                                           if m.split(".")[0] in ("dask", "distributed", "django")
                                           or m.startswith("jixiao.web"))}))
        """
    )
    assert report["loaded"] == []


# the intake (ADR 0016): reading a file never pulls in understanding it, and the core below the pipeline
# never reaches up into the intake (the file guard and the decoder are leaves any reader may use)
FILE_READERS = tuple(
    name for name in core_modules() if _is_under(name, ("jixiao.inputs.files",))
)  # one module per format (ADR 0025)
READERS = (
    *FILE_READERS,
    "jixiao.inputs.document",
    "jixiao.inputs.tables",
    "jixiao.inputs.guard",
    "jixiao.inputs.encoding",
    # what a user wrote as data: YAML/JSON and the input workbook, read and written
    "jixiao.inputs.kinds",
    "jixiao.inputs.structured.yaml_io",
    "jixiao.inputs.structured.writer",
    "jixiao.inputs.workbook.read",
    "jixiao.inputs.workbook.write",
)
UNDERSTANDING = (
    "jixiao.extract",  # every layout pass and what they share
    "jixiao.inputs.facts",
    "jixiao.inputs.stated",
    "jixiao.intake",
    "jixiao.pipeline",
)
BELOW_PIPELINE = (
    "jixiao.model",
    "jixiao.numbers",
    "jixiao.figures",
    "jixiao.formulas",
    "jixiao.issues",
    "jixiao.issue_codes",
    "jixiao.yaml_text",
    "jixiao.rules",
    "jixiao.scoring",
    "jixiao.checks",
    "jixiao.values",
    "jixiao.library",
    "jixiao.records",
    "jixiao.across",
)
LEAVES = ("jixiao.inputs", "jixiao.inputs.guard", "jixiao.inputs.encoding")


def _loaded_after_import(modules: tuple[str, ...], prefixes: tuple[str, ...]) -> dict[str, list[str]]:
    return _run(
        f"""
        import importlib, json, sys
        found = {{}}
        for name in {modules!r}:
            before = set(sys.modules)
            for loaded in [m for m in list(sys.modules) if m.startswith("jixiao")]:
                del sys.modules[loaded]
            importlib.import_module(name)
            found[name] = sorted(
                m for m in sys.modules if any(m == p or m.startswith(p + ".") for p in {prefixes!r})
            )
        print(json.dumps(found))
        """
    )  # type: ignore[return-value]


def test_readers_import_no_understanding_pass() -> None:
    found = _loaded_after_import(READERS, UNDERSTANDING)
    assert found == {name: [] for name in READERS}


def test_every_file_is_read_under_inputs_files() -> None:
    # issue 16: the file readers left extract/ for inputs/files/, one module per format (ADR 0025)
    for fmt in ("read", "text", "docx", "doc", "pdf", "html", "image"):
        assert f"jixiao.inputs.files.{fmt}" in FILE_READERS
    gone = ("readers", "docx_reader", "pdf_reader", "pdf_layout", "html_tables", "scans")
    assert [name for name in core_modules() if name.split(".")[-1] in gone and "extract" in name] == []


def test_nothing_below_the_pipeline_imports_the_intake() -> None:
    found = _loaded_after_import(BELOW_PIPELINE, ("jixiao.inputs", "jixiao.intake", "jixiao.extract"))
    assert {name: [m for m in loaded if m not in LEAVES] for name, loaded in found.items()} == {
        name: [] for name in BELOW_PIPELINE
    }


def test_every_input_is_read_under_inputs() -> None:
    # issue 16: one layer for input; the former jixiao.io (YAML/JSON, the workbook) sits in inputs/
    modules = core_modules()
    assert not [name for name in modules if _is_under(name, ("jixiao.io",))]
    for name in ("jixiao.inputs.kinds", "jixiao.inputs.structured", "jixiao.inputs.workbook"):
        assert name in modules


def test_the_layer_checks_can_fail() -> None:
    found = _loaded_after_import(("jixiao.intake",), ("jixiao.extract.builder",))
    assert found == {"jixiao.intake": ["jixiao.extract.builder"]}


def test_imports_inside_functions_are_checked_in_all_of_src() -> None:
    # issue 16: ruff's PLC0415 on for every module of src; a lazy import says why on its own line
    config = tomllib.loads((Path(jixiao.__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    ignored = config["tool"]["ruff"]["lint"]["per-file-ignores"]
    assert "PLC0415" not in config["tool"]["ruff"]["lint"].get("ignore", [])
    lazy_allowed = [pattern for pattern, codes in ignored.items() if "PLC0415" in codes]
    assert [pattern for pattern in lazy_allowed if pattern.startswith("src")] == []
