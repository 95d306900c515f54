"""Output helpers: JSON for scripts, rich tables for people."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from digest.runtime import Runtime

json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def runtime() -> Runtime:
    """One runtime per invocation, built lazily so --help needs no Redis."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, Runtime):
        root.obj = Runtime.from_env()
    return root.obj


def when(moment: object) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if isinstance(moment, datetime) else "-"


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def emit(as_json: bool, data: Any, human: Callable[[Console], None]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))
    else:
        human(Console())


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    result = Table(title=title, title_justify="left")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*(str(cell) for cell in row))
    return result


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from outside (a feed's title, a URL in a file) as one line a terminal only displays: no
    escape sequences, no line breaks (rich strips them itself; plain click.echo does not)."""
    return " ".join(_CONTROL.sub(" ", text).split())
