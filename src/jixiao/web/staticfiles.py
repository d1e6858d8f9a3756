"""The app's own static files (CSS, htmx, ECharts), served by the app itself through WhiteNoise.

``jixiao serve`` and ``jixiao init`` collect them once per upgrade into ``$JIXIAO_DATA_DIR/static``: each
file under a name holding a hash of its content (``app.3f2a….css``) with a gzip copy beside it, so that a
browser keeps it for a year and never asks again (``Cache-Control: immutable``), and ECharts' 1 MB travels
as ~340 KB. Before any collection (tests, a checkout run by hand) the files are served by their plain
names from the package, revalidated after a minute.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

FINGERPRINT = ".jixiao-collected"


class Storage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed storage, with plain names while nothing has been collected."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # no manifest yet: the plain name, served from the package's files
            return name
        return str(super().stored_name(name))


def _fingerprint() -> str:
    """What would be collected: every static file's path, size and modification time."""
    from django.contrib.staticfiles import finders  # noqa: PLC0415  (after django.setup())

    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in sorted(finder.list(None), key=lambda item: item[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static() -> bool:
    """Collect the static files into ``STATIC_ROOT`` when they changed since the last collection (an
    upgrade); True when collected. The process then serves the hashed names."""
    from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: PLC0415  (after django.setup())
    from django.core.files.storage import storages  # noqa: PLC0415  (after django.setup())
    from django.core.management import call_command  # noqa: PLC0415  (after django.setup())
    from django.utils.functional import empty  # noqa: PLC0415  (after django.setup())

    root = Path(settings.STATIC_ROOT)
    stamp = root / FINGERPRINT
    wanted = _fingerprint()
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return False
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    stamp.write_text(wanted, encoding="utf-8")
    storages._storages.pop("staticfiles", None)  # type: ignore[attr-defined]  # the manifest, read again
    staticfiles_storage._wrapped = empty
    return True
