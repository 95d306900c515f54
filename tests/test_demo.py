"""`digest demo` as a new user runs it: no REDIS_URL, nothing running, an embedded Redis started and
stopped in a folder of the test's own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.readback import read_eml

pytestmark = pytest.mark.slow


def test_the_demo_runs_the_whole_path_on_an_embedded_redis(tmp_path: Path) -> None:
    digest = Path(sys.executable).parent / "digest"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DIGEST_", "CELERY_"))}
    environ["DIGEST_DATA_DIR"] = str(tmp_path / ".digest")

    def demo() -> subprocess.CompletedProcess[str]:
        command = [str(digest), "demo", "--outbox", str(tmp_path / "mail")]
        return subprocess.run(command, cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120)

    try:
        done = demo()
        assert done.returncode == 0, done.stderr
        assert "embedded Redis" in done.stdout
        # The outbox needs no postal address, and says so once; a real send would be refused.
        assert done.stdout.count("no postal address") == 1
        files = sorted((tmp_path / "mail").glob("demo-1--*.eml"))
        assert len(files) == 3
        message = read_eml(files[0])
        body = message.get_body(("plain",))
        assert body is not None
        unwrapped = " ".join(body.get_content().split())
        assert "Pakistan’s Foreign Minister Ishaq Dar joined key Muslim counterparts" in unwrapped
        # The tip points at a page a browser opens, not at quoted-printable soup.
        assert "less " not in done.stdout
        tip = re.search(r"file://(\S+\.html)", done.stdout)
        assert tip, done.stdout
        page = Path(tip.group(1)).read_text(encoding="utf-8")
        assert "Ishaq Dar" in page and "=\n" not in page
        # A second run finds nothing new and sends nothing twice.
        again = demo()
        assert again.returncode == 0, again.stderr
        assert "nothing new" in again.stdout
        assert len(list((tmp_path / "mail").glob("*.eml"))) == 3
    finally:
        subprocess.run([str(digest), "embedded", "stop"], cwd=tmp_path, env=environ, timeout=60)
