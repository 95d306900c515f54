"""Output helpers: JSON for scripts, rich tables for people."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from digest.runtime import Runtime

# Into a pipe or a file nothing is wrapped or cut: a script, grep or a log gets whole lines.
_UNWRAPPED_WIDTH = 10_000

json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def runtime() -> Runtime:
    """One runtime per invocation, built lazily so --help needs no Redis."""
    from digest.runtime import Runtime  # here, so `digest --help` never loads the core

    ctx = click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, Runtime):
        root.obj = Runtime.from_env()
    return root.obj


def console(*, stderr: bool = False) -> Console:
    """Rich wraps to the terminal's width; anywhere else lines stay whole."""
    found = Console(stderr=stderr)
    return found if found.is_terminal else Console(stderr=stderr, width=_UNWRAPPED_WIDTH, soft_wrap=True)


def when(moment: object, zone: str = "") -> str:
    """The one date format people read: '2026-11-30 08:17 UTC'.

    A moment in a zone of its own (a list's next run) shows that zone's clock, named, and UTC beside
    it: '2026-11-30 03:17 America/New_York (08:17 UTC)', as does any moment given a `zone`. ISO
    strings (as stored and as --json prints them) are read first.
    """
    if isinstance(moment, str) and moment:
        written = moment
        try:
            moment = datetime.fromisoformat(written)
        except ValueError:
            return written
    if not isinstance(moment, datetime):
        return "-"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if zone:
        moment = moment.astimezone(ZoneInfo(zone))
    utc = moment.astimezone(UTC)
    zone = getattr(moment.tzinfo, "key", "")
    if not zone or zone in ("UTC", "Etc/UTC"):
        return f"{utc:%Y-%m-%d %H:%M} UTC"
    in_utc = f"{utc:%H:%M} UTC" if utc.date() == moment.date() else f"{utc:%Y-%m-%d %H:%M} UTC"
    return f"{moment:%Y-%m-%d %H:%M} {zone} ({in_utc})"


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def emit(as_json: bool, data: Any, human: Callable[[Console], None]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))
    else:
        human(console())


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    result = Table(title=title, title_justify="left")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*(str(cell) for cell in row))
    return result


def fields(pairs: Sequence[tuple[str, object]]) -> Group:
    """Labelled values, one a line and aligned; values are printed as given, never read as markup."""
    width = max((len(label) for label, _ in pairs), default=0)
    return Group(
        *(
            Text.assemble((label.ljust(width), "bold"), "  ", str(value) if value not in (None, "") else "-")
            for label, value in pairs
        )
    )


def plural(count: int, noun: str, many: str = "") -> str:
    """'1 row', '3 rows', '0 rows': the one place a count meets its noun."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
