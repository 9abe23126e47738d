"""Past one machine: workers on a Dask cluster, the gradebook on PostgreSQL.

Both for real: a Dask ``LocalCluster`` of worker processes, and a PostgreSQL server on
loopback (``.ci/run`` installs it; here a private cluster is started in a temporary folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from interviewlab.course import grade_submissions, release
from tests.conftest import make_toy_course
from tests.grading.conftest import CORRECT, TEST_LIMITS, WRONG, build, write_submission
from tests.grading.test_resume import gradebook_dump


@pytest.fixture(scope="module")
def toy_class(tmp_path_factory):
    """A toy course, six learners, and the gradebook of a plain local run."""
    root = tmp_path_factory.mktemp("scale")
    course = make_toy_course(root / "course")
    release(course)
    subs = root / "subs"
    for index in range(6):
        write_submission(subs, f"learner{index}", build(course, CORRECT if index % 2 else WRONG))
    local = grade_submissions(
        subs, course, work_dir=root / "local", limits=TEST_LIMITS, progress=False
    )
    return course, subs, local


@pytest.mark.slow
def test_grading_on_a_dask_cluster_matches_local_processes(toy_class, tmp_path):
    """Tasks run on Dask workers; the grades equal a run on local processes."""
    from distributed import Client, LocalCluster

    course, subs, local = toy_class
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        report = grade_submissions(
            subs,
            course,
            work_dir=tmp_path / "dask",
            executor=client.get_executor(),
            limits=TEST_LIMITS,
            progress=False,
        )
        ran_on = set(client.run(os.getpid).values())
    assert not report.failed, report.summary()
    assert [(r.learner, r.score) for r in report.records] == [
        (r.learner, r.score) for r in local.records
    ]
    assert gradebook_dump(report.gradebook) == gradebook_dump(local.gradebook)
    assert len(ran_on) == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    """A PostgreSQL database on loopback: the one CI provides, or a private server."""
    url = os.environ.get("INTERVIEWLAB_TEST_POSTGRES")
    if url:
        yield url
        return
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins or os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("no PostgreSQL server here (CI installs one; see .ci/run)")
    pgbin = bins[-1]
    # Not under pytest's own temporary folder: the postgres user cannot enter that one.
    data = Path(tempfile.mkdtemp(prefix="interviewlab-test-pg-"))
    shutil.chown(data, "postgres")
    os.chmod(data, 0o700)
    port = _free_port()

    def as_postgres(*command):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True
        )

    as_postgres(str(pgbin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    as_postgres(
        str(pgbin / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-l",
        str(data / "log"),
        "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {data}",
        "start",
    )
    try:
        as_postgres(str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "gradebook")
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/gradebook"
    finally:
        as_postgres(str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.slow
def test_gradebook_on_postgresql_matches_sqlite(toy_class, tmp_path, postgres_url):
    """nbgrader's gradebook works on PostgreSQL: same grades as the SQLite run, and a rerun
    resumes from the journal without doubling anything."""
    course, subs, local = toy_class
    report = grade_submissions(
        subs,
        course,
        work_dir=tmp_path / "pg",
        db_url=postgres_url,
        limits=TEST_LIMITS,
        progress=False,
    )
    assert not report.failed, report.summary()
    assert report.gradebook.startswith("postgresql")
    assert gradebook_dump(report.gradebook) == gradebook_dump(local.gradebook)
    again = grade_submissions(
        subs,
        course,
        work_dir=tmp_path / "pg",
        db_url=postgres_url,
        limits=TEST_LIMITS,
        progress=False,
    )
    assert all(r.resumed for r in again.records)
    assert gradebook_dump(again.gradebook) == gradebook_dump(local.gradebook)
