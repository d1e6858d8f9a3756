"""What the intake makes of a set of files, dumped so that two versions of the code can be compared.

Usage::

    python benchmarks/intake_snapshot.py dump OUT.json    # every file below, through evaluate()
    python benchmarks/intake_snapshot.py compare A.json B.json

The files: the open half of ``../shared/corpus/dev`` (the locked half, odd ids 201-239, is never opened),
the seed as .txt, GB18030 .txt, .docx and .pdf, and every example rendered to .md (read as .txt), .docx,
.pdf and .html, and the first 80 reports of each format of the benchmark corpus when it is built (ADR 0009).
Renderings are made once into ``benchmarks/.cache/snapshot`` (delete it after changing a renderer).
For each file: the Evaluation as JSON, the extraction issues and every issue the pipeline finds (code,
severity, line, path and message). ``compare`` prints ``results identical on N documents`` or each
file's differences.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev" / "raw"
SEED = SHARED / "seeds" / "000_98209eac8879b050.txt"
CACHE = ROOT / "benchmarks" / ".cache" / "snapshot"
LOCKED_IDS = range(201, 240)


def is_locked(stem: str) -> bool:
    return stem.isdigit() and int(stem) in LOCKED_IDS and int(stem) % 2 == 1


def soffice(source: Path, target: str, outdir: Path) -> Path:
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return outdir / f"{source.stem}.{target}"


def seed_files() -> list[Path]:
    if not SEED.exists():
        return []
    folder = CACHE / "seed"
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    gb = folder / "seed-gb18030.txt"
    if not gb.exists():
        gb.write_bytes(text.encode("gb18030"))
    docx_path = folder / "seed.docx"
    if not docx_path.exists():
        import docx

        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        document.save(str(docx_path))
    pdf = folder / "seed.pdf"
    if not pdf.exists():
        soffice(docx_path, "pdf", folder)
    return [SEED, gb, docx_path, pdf]


def example_files() -> list[Path]:
    files = []
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        if example.stem.endswith("-records"):
            continue
        folder = CACHE / example.stem
        folder.mkdir(parents=True, exist_ok=True)
        for target in ("md", "docx", "pdf", "html"):
            output = folder / f"report.{target}"
            if not output.exists():
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "jixiao.cli",
                        "render",
                        str(example),
                        "--to",
                        target,
                        "-o",
                        str(output),
                    ],
                    capture_output=True,
                    timeout=300,
                    check=True,
                )
            if target == "md":
                text = folder / "report.txt"
                text.write_bytes(output.read_bytes())
                output = text
            files.append(output)
    return files


def corpus_files() -> list[Path]:
    if not CORPUS.exists():
        return []
    return [path for path in sorted(CORPUS.glob("*.txt")) if not is_locked(path.stem)]


def generated_files(count: int = 80) -> list[Path]:
    """The first ``count`` reports of each format of the benchmark corpus (``make_corpus.py``), if built."""
    corpus = ROOT / "benchmarks" / ".cache" / "corpus"
    return [
        path for fmt in ("txt", "docx", "html", "pdf") for path in sorted((corpus / fmt).glob("*"))[:count]
    ]


def snapshot(path: Path) -> dict[str, Any]:
    from jixiao.intake import extract_file
    from jixiao.pipeline import evaluate

    evaluation, issues = extract_file(path)
    result = evaluate(path)
    dumped = None
    if evaluation is not None:
        dumped = evaluation.model_dump(mode="json", exclude={"source"})
    return {
        "evaluation": dumped,
        "extract_issues": [[i.code, i.line, list(i.span) if i.span else None, i.message] for i in issues],
        "codes": sorted(f"{i.code}@{i.line}" for i in result.issues),
        "issues": [[i.code, i.severity.value, i.line, i.path, i.message] for i in result.issues],
    }


def name_of(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path.relative_to(SHARED))


def dump(out: Path) -> None:
    files = corpus_files() + seed_files() + example_files() + generated_files()
    data = {name_of(path): snapshot(path) for path in files}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(data)} documents written to {out}")


def compare(a: Path, b: Path) -> int:
    left = json.loads(a.read_text(encoding="utf-8"))
    right = json.loads(b.read_text(encoding="utf-8"))
    differing = 0
    for name in sorted(set(left) | set(right)):
        if left.get(name) == right.get(name):
            continue
        differing += 1
        before = json.dumps(left.get(name), ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        after = json.dumps(right.get(name), ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        print(f"=== {name}")
        for line in difflib.unified_diff(before, after, lineterm="", n=2):
            print(line)
    total = len(set(left) | set(right))
    if differing:
        print(f"{differing} of {total} documents differ")
        return 1
    print(f"results identical on {total} documents")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"]:
        dump(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        print(__doc__)
        sys.exit(2)
