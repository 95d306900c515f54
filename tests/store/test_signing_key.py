"""The generated signing key (outbox mode, no DIGEST_SECRET_KEY) is one per store: every process that
uses the same Redis and key prefix signs and checks links with the same key, wherever it was started."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from digest.runtime import Runtime

# What each process would sign an unsubscribe link with; `links` is what the worker and `digest web` use.
SHOW_KEY = "from digest.runtime import Runtime; print(repr(Runtime.from_env().links.secret))"


def _keys_from_processes(dirs: list[Path], env: dict[str, str]) -> list[str]:
    """Start one real process per directory at once, each in that directory; the key each one got."""
    started = [
        subprocess.Popen(
            [sys.executable, "-c", SHOW_KEY], cwd=d, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for d in dirs
    ]
    keys = []
    for process in started:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        keys.append(ast.literal_eval(out.decode()))  # the repr of a str, printed by the child
    return keys


@pytest.fixture
def generated_env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The test's environment without a configured key, and with the data folder left to its default
    (`.digest` under each process's working directory), as an operator who set neither would run it."""
    monkeypatch.delenv("DIGEST_SECRET_KEY")
    monkeypatch.delenv("DIGEST_DATA_DIR")
    return dict(os.environ)


def test_processes_racing_from_two_directories_share_one_full_length_key(
    generated_env: dict[str, str], tmp_path: Path, redis_url: str
) -> None:
    for trial in range(3):
        prefix = f"{generated_env['DIGEST_KEY_PREFIX']}-{trial}"  # a fresh store each round
        dirs = [tmp_path / f"trial{trial}" / f"cwd{n % 2}" for n in range(4)]
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
        try:
            keys = _keys_from_processes(dirs, {**generated_env, "DIGEST_KEY_PREFIX": prefix})
        finally:  # outside the test's own prefix, so its clean-up would not find it
            redis.Redis.from_url(redis_url).delete(f"{prefix}:signing-key")
        assert len(set(keys)) == 1, keys
        assert len(keys[0]) >= 32


def test_the_key_outlives_the_process_that_made_it(generated_env: dict[str, str], tmp_path: Path) -> None:
    (first,) = _keys_from_processes([tmp_path], generated_env)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _keys_from_processes([elsewhere], generated_env) == [first]
    assert Runtime.from_env().links.secret == first


def test_an_empty_key_file_left_by_an_earlier_version_is_never_used(
    generated_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / ".digest").mkdir()
    (tmp_path / ".digest" / "secret_key").write_text("")
    key = Runtime.from_env().links.secret
    assert len(key) >= 32


def test_a_full_key_file_of_an_earlier_version_is_kept_so_links_already_sent_stay_valid(
    generated_env: dict[str, str], tmp_path: Path
) -> None:
    earlier = uuid.uuid4().hex + uuid.uuid4().hex
    (tmp_path / ".digest").mkdir()
    (tmp_path / ".digest" / "secret_key").write_text(earlier)
    assert Runtime.from_env().links.secret == earlier


@pytest.mark.parametrize("command", [["digest", "web", "--port", "0"], ["digest", "lists", "list"]])
def test_a_short_configured_key_stops_a_process_at_start_in_one_line(
    env: dict[str, str], command: list[str]
) -> None:
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(
        [str(bin_dir / command[0]), *command[1:]],
        env={**os.environ, "DIGEST_SECRET_KEY": "too-short"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: DIGEST_SECRET_KEY has 9 characters: use at least 32 random ones, "
        "e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    ]
