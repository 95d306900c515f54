"""A real Celery worker (a subprocess, as in production) renders with the list's own template set, which
it reads from Redis: the set is stored after the worker started, with no file of it on any disk the
worker reads, and the issue the worker builds at its tick carries it to the outbox."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.config import load_settings
from digest.runtime import Runtime
from tests.support.cli import ok, succeeds
from tests.support.processes import start_worker, stop, wait_until
from tests.support.readback import read_eml

pytestmark = pytest.mark.slow

MARK = "Rendered from the set in Redis"


@pytest.fixture
def worker(env: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(tmp_path, "worker")
    yield process
    stop(process)


def test_a_worker_builds_the_issue_with_the_set_stored_in_redis(
    worker: subprocess.Popen[bytes], morning: str, sample_feed_url: str, tmp_path: Path, runtime: Runtime
) -> None:
    from worker.app import app, configure

    folder = tmp_path / "set"
    succeeds("templates", "export", morning, str(folder))
    body = folder / "digest-body.txt.j2"
    body.write_text(body.read_text().replace("{{ heading }}\n", f"{{{{ heading }}}}\n{MARK}\n", 1))
    ok("lists", "update", morning, "--templates", str(folder))
    for path in folder.iterdir():
        path.unlink()  # the worker can only have it from Redis
    succeeds("subscribers", "add", morning, "ada@example.com")
    succeeds("feeds", "add", morning, sample_feed_url)
    succeeds("schedule", "set", morning, "0 7 * * *")

    configure(app, load_settings()).send_task("digest.tick", args=[morning, "default", True])
    wait_until(lambda: bool(list((tmp_path / "outbox").glob("morning-1--*.eml"))), 60, "the worker's send")

    (path,) = (tmp_path / "outbox").glob("morning-1--*.eml")
    text = read_eml(path).get_body(("plain",))
    assert text is not None and MARK in text.get_content()
    assert runtime.store.issues.template_fallback(morning, 1) == ""
    assert "digest.tick" in (tmp_path / "worker.log").read_text()
