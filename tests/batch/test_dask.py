"""The same audit on a real dask.distributed cluster on loopback gives the local run's rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import make_corpus
from .test_run import audit, documents


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        host="127.0.0.1", processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as local:
        yield local


@pytest.mark.slow
def test_cluster_rows_equal_local_rows(cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "c"
    make_corpus(folder, 12)
    local, remote = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    assert audit([folder], local)[0] == 0
    assert audit([folder], remote, scheduler=cluster.scheduler_address)[0] == 0
    assert documents(remote) == documents(local)
    assert len(documents(remote)) == 13
    with sqlite3.connect(local) as a, sqlite3.connect(remote) as b:
        query = "SELECT file, code, severity, line, message FROM issues ORDER BY 1, 2, 3, 4, 5"
        assert b.execute(query).fetchall() == a.execute(query).fetchall()
        workers = {r[0].rsplit(":", 1)[1] for r in b.execute("SELECT worker FROM documents")}
    assert len(workers) == 2  # both Dask workers did some of the files


@pytest.mark.slow
def test_cluster_run_resumes_like_a_local_one(cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "c"
    make_corpus(folder, 4)
    out = tmp_path / "r.sqlite"
    audit([folder], out, scheduler=cluster.scheduler_address)
    code, text = audit([folder], out, scheduler=cluster.scheduler_address)
    assert code == 0
    assert "本次处理 0 份，跳过已有结果 5 份" in text
