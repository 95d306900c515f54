"""Shared by the CLI tests: run a command, and read back every key a test prefix holds.

Every test that drives `digest …` through click's runner goes through `run` here, so they all see a
crash the same way (raised, never an exit code 1 that happens to look like a refusal)."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from digest.cli import cli
from digest.store import Store


def run(*args: str, input: str | None = None, code: int | None = None) -> Result:
    """Run `digest ARGS` (answering prompts with `input`); a DigestError comes back as exit code 1,
    anything else raises, so a crash can never pass for a refusal. With `code`, the command must exit
    with it."""
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def succeeds(*args: str) -> str:
    """Run a command that must succeed; return what it printed."""
    return run(*args, code=0).output


def ok(*args: str) -> Any:
    """Run a data command with --json and return its parsed output; it must succeed."""
    return json.loads(run(*args, "--json", code=0).stdout)


def fails(*args: str) -> str:
    """Run a command that must fail with one line naming the problem; return that line."""
    result = run(*args, code=1)
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def snapshot(store: Store) -> dict[str, object]:
    """Every key under the test's prefix with its content, to show that something changed nothing."""
    r: Any = store.redis
    content: dict[str, object] = {}
    for key in r.scan_iter(match=store.keys.all_keys_pattern(), count=1000):
        kind = r.type(key)
        if kind == "hash":
            content[key] = r.hgetall(key)
        elif kind == "set":
            content[key] = sorted(r.smembers(key))
        elif kind == "zset":
            content[key] = r.zrange(key, 0, -1, withscores=True)
        elif kind == "string":
            content[key] = r.get(key)
        else:
            content[key] = kind
    return content
