"""Shared by the CLI tests: run a command, and read back every key a test prefix holds."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from digest.cli import cli
from digest.store import Store


def run(*args: str, input: str | None = None) -> Result:
    """Run `digest ARGS`; a DigestError comes back as exit code 1, anything else raises."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def succeeds(*args: str) -> str:
    """Run a command that must succeed; return what it printed."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def ok(*args: str) -> Any:
    """Run a data command with --json and return its parsed output; it must succeed."""
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fails(*args: str) -> str:
    """Run a command that must fail with one line naming the problem; return that line."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1, result.output
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
