"""Coverage-guided fuzzing of the number parser, the value parser (with scoring) and the YAML reader.

    nice -n 10 .venv/bin/python scripts/fuzz.py -runs=1000000 -dict=tests/fuzz/values.dict tests/fuzz/seeds

(libFuzzer options; a crash writes ``crash-*`` with the input and exits non-zero). The targets are
``tests/fuzz/targets.py``; the suite runs them briefly (``tests/fuzz/test_fuzz.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["jixiao"]):
    from tests.fuzz.targets import one_input


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
