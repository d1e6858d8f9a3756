"""LibreOffice for the reader tests: a document converted to .pdf or .doc, as a user's office suite would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def convert(source: Path, target: str, outdir: Path) -> Path:
    """``source`` converted to ``target`` (``pdf``, ``doc``) in ``outdir``, with a profile of its own."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is part of the project's system dependencies and is missing")
    profile = (outdir / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run(
        [*command, "--outdir", str(outdir), str(source)],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return outdir / f"{source.stem}.{target}"
