"""`digest issue send --inline` killed with SIGKILL mid-send: `issue resume` takes the send over once the
dead process's lease has run out, and nobody gets the issue twice."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from digest.runtime import Runtime
from tests.support.cli import fails, ok
from tests.support.issues import make_issue
from tests.support.processes import wait_until

PEOPLE = 450  # three batches of the outbox (200 each), paced by DIGEST_SEND_RATE


def _recipients_of_files(outbox: Path) -> Counter[str]:
    return Counter(str(email.message_from_bytes(path.read_bytes())["To"]) for path in outbox.rglob("*.eml"))


def test_resume_takes_over_an_inline_send_whose_process_was_killed(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = Runtime.from_env().store
    make_issue(store, PEOPLE)
    monkeypatch.setenv("DIGEST_SEND_RATE", "150")
    monkeypatch.setenv("DIGEST_LEASE_SECONDS", "1")
    with (tmp_path / "send.out").open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "digest", "issue", "send", "morning", "--inline"],
            cwd=tmp_path, env=dict(os.environ), stdout=out, stderr=out, start_new_session=True,
        )  # fmt: skip
        try:
            wait_until(lambda: store.issues.summary("morning", 1)["counts"]["sent"] > 0, 60, "a first batch")
            # While the send lives, its lease holds: resume refuses to start a second one.
            assert "being sent" in fails("issue", "resume", "morning-1")
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
    assert store.issues.status("morning", 1)[0].value == "sending"
    time.sleep(1.5)  # the dead send's lease (DIGEST_LEASE_SECONDS) runs out
    resumed = ok("issue", "resume", "morning-1", "--inline")
    assert resumed["status"] == "sent"
    counts = ok("issue", "status", "morning-1")["counts"]
    assert counts["sent"] + counts["unconfirmed"] == PEOPLE and counts["failed"] == 0
    files = _recipients_of_files(Path(env["DIGEST_OUTBOX_DIR"]))
    assert max(files.values()) == 1  # nobody twice
    assert len(files) >= counts["sent"]  # the unconfirmed may or may not have been written
