"""`digest --help` answers without loading the core: each command's module is imported when it runs.

Speed itself is measured by tests/benchmarks/bench_cli_startup.py; here we check the cause of slowness
that can creep back in: a top-level import of a heavy module."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from digest.cli import COMMANDS, load_command
from tests.support.cli import succeeds

HEAVY = (
    "redis",
    "celery",
    "lxml",
    "trafilatura",
    "jinja2",
    "httpx",
    "rich",
    "digest.runtime",
    "digest.store",
)

_LOADED_AFTER_HELP = """
import json, sys
from digest.cli import cli
try:
    cli([*sys.argv[1:], "--help"], prog_name="digest")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _loaded_after(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER_HELP, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_top_level_help_loads_none_of_the_core() -> None:
    loaded = _loaded_after()
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert not [m for m in loaded if m.startswith("digest.cli.") and m != "digest.cli"]


def test_the_top_level_help_lists_every_command_with_its_own_first_line() -> None:
    shown = " ".join(succeeds("--help").split())
    for name in COMMANDS:
        command = load_command(name)
        assert COMMANDS[name][2] == command.get_short_help_str(limit=1000)
        assert f"{name} {COMMANDS[name][2]}" in shown


def _commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name in COMMANDS:
        command = load_command(name)
        found.append((name, command))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
    return found


@pytest.mark.parametrize(("path", "command"), _commands(), ids=[p for p, _ in _commands()])
def test_every_help_page_gives_an_example_describes_each_option_and_brackets_what_is_optional(
    path: str, command: click.Command
) -> None:
    page = succeeds(*path.split(), "--help")
    assert "Example" in page, page
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"digest {path} {param.opts[0]} has no description"
        if isinstance(param, click.Argument) and not param.required:
            usage = page.split("\n", 1)[0]
            assert f"[{param.human_readable_name.strip('[]')}]" in usage, usage
