"""LibreOffice conversions (PDF out, .doc in) bounded machine-wide, and each frozen version's files kept.

A conversion costs a LibreOffice process (~2 s of a core and ~200 MB): ``conversion_slot`` lets at most
``settings.CONVERSIONS`` run at once on the machine, whatever the number of server processes and
threads, with one lock file per slot under the data directory (``fcntl.flock``: a slot is freed
when its holder ends, even if it crashes). A request that finds no free slot within ``wait`` seconds
gets ``ConversionsBusyError`` (the views answer 503 with a Chinese message) instead of piling up.

An approved (frozen) version never changes, so its rendered files are kept in ``cache/`` under the
data directory and served again without converting (``cached_render``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings

try:
    import fcntl
except ImportError:  # Windows: slots are per process (a semaphore)
    fcntl = None  # type: ignore[assignment]

_local_slots = threading.BoundedSemaphore(max(1, getattr(settings, "CONVERSIONS", 2)))


class ConversionsBusyError(Exception):
    """Every conversion slot stayed taken for the whole wait."""


def _lock_dir() -> Path:
    directory = Path(settings.DATA_DIR) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@contextlib.contextmanager
def conversion_slot(wait: float = 60.0) -> Iterator[None]:
    """Hold one of the machine's conversion slots while converting (``ConversionsBusyError`` after
    ``wait`` seconds)."""
    slots = max(1, int(settings.CONVERSIONS))
    if fcntl is None:
        if not _local_slots.acquire(timeout=wait):
            raise ConversionsBusyError
        try:
            yield
        finally:
            _local_slots.release()
        return
    deadline = time.monotonic() + wait
    directory = _lock_dir()
    while True:
        for n in range(slots):
            handle = os.open(directory / f"conversion-{n}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(handle)
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                os.close(handle)
            return
        if time.monotonic() > deadline:
            raise ConversionsBusyError
        time.sleep(0.2)


def cache_path(version_pk: int, fmt: str) -> Path:
    return Path(settings.DATA_DIR) / "cache" / f"version-{version_pk}.{fmt}"


def cached_render(version_pk: int, fmt: str, frozen: bool, render: Callable[[Path], None], out: Path) -> None:
    """Write the version's ``fmt`` file into ``out``: from the cache when the version is frozen and
    was rendered before, else by ``render(out)`` (kept in the cache when frozen)."""
    kept = cache_path(version_pk, fmt)
    if frozen and kept.is_file():
        shutil.copyfile(kept, out)
        return
    render(out)
    if frozen:
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_name(f"{kept.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        shutil.copyfile(out, temporary)
        os.replace(temporary, kept)
