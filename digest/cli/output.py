"""Output helpers: JSON for scripts, rich tables for people, and the one rule for showing data.

Everything printed for people comes from strangers too (feed titles, names, notes), so data goes through
`safe()` before it meets a rich markup string: markup in it stays text, and control characters (which a
terminal obeys: colours, cursor moves, window titles, cleared screens) are dropped. `table()` does this
for every plain cell; a styled cell is a `Text` whose content went through `plain()`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click
from rich.console import Console, Group
from rich.markup import escape
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


# C0 controls, DEL, C1 controls (8-bit CSI and OSC included) and the bidi overrides that reorder what
# a terminal shows (Trojan Source); tab and line breaks become spaces so data cannot fake a line of ours.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\t\n\r]")
_C1_AND_DEL = re.compile("[\x7f-\x9f]")


def plain(value: object) -> str:
    """`value` as one line of text a terminal only displays."""
    return _BREAKS.sub(" ", _CONTROLS.sub("", str(value)))


def safe(value: object) -> str:
    """`value` ready to sit inside rich markup: controls dropped, markup escaped."""
    return escape(plain(value))


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
            return plain(written)
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


def console(*, stderr: bool = False) -> Console:
    """A console for people: no emoji codes (`:smile:` in a name stays text), no auto-highlighting.

    Rich wraps to the terminal's width; anywhere else lines stay whole.
    """
    found = Console(stderr=stderr, emoji=False, highlight=False)
    if found.is_terminal:
        return found
    return Console(stderr=stderr, emoji=False, highlight=False, width=_UNWRAPPED_WIDTH, soft_wrap=True)


def to_json(data: Any, indent: int | None = 2) -> str:
    """JSON that keeps the data exact but writes DEL and C1 as \\u escapes (json leaves them raw, and a
    terminal obeys C1's CSI); they can only occur inside strings, where an escape means the same."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=_default)
    return _C1_AND_DEL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit(as_json: bool, data: Any, human: Callable[[Console], None]) -> None:
    if as_json:
        click.echo(to_json(data))
    else:
        human(console())


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    """Every cell is data, shown as written; pass a `Text` for a cell styled on purpose."""
    result = Table(title=safe(title), title_justify="left")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*(cell if isinstance(cell, Text) else safe(cell) for cell in row))
    return result


def fields(pairs: Sequence[tuple[str, object]]) -> Group:
    """Labelled values, one a line and aligned; values are shown as written (`plain()`), never read as
    markup."""
    width = max((len(label) for label, _ in pairs), default=0)
    return Group(
        *(
            Text.assemble(
                (label.ljust(width), "bold"), "  ", plain(value) if value not in (None, "") else "-"
            )
            for label, value in pairs
        )
    )


def plural(count: int, noun: str, many: str = "") -> str:
    """'1 row', '3 rows', '0 rows': the one place a count meets its noun."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"
