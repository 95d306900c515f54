"""The README is the first thing a new operator follows: every file it names is in a clone, and its
production section says where a Redis comes from before it asks for REDIS_URL."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Paths the README gives from the top of the repository (short forms such as `admin/feeds.py`, read
# inside digest/, are not checked).
_FROM_THE_TOP = ("digest/", "tests/", "templates/", "scripts/", "worker/", ".ci/", "shared/", "../")


def test_every_file_the_readme_names_is_in_a_clone() -> None:
    named = {m for m in re.findall(r"`([^`\s]+)`", README) if m.startswith(_FROM_THE_TOP)}
    named |= set(re.findall(r"python (tests/benchmarks/\S+\.py)", README))
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"the README names files a clone does not have: {missing}"


def test_running_it_for_real_says_how_to_get_a_redis_before_asking_for_its_url() -> None:
    section = README.split("## Running it for real", 1)[1].split("\n## ", 1)[0]
    first_url = section.index("export REDIS_URL")
    before = section[:first_url]
    assert "apt-get install redis-server" in before
    assert "docker run" in before
    assert "unset" in before  # or keep the embedded one
