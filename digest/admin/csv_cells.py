"""The one rule for cells that leave or enter as CSV: no spreadsheet formula goes out live.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some skip a leading tab or
carriage return first), so an export puts a `'` before such a cell (OWASP's advice): spreadsheets show
the text and hide the quote. An import takes exactly that quote off again, so export → import returns
what was stored; a value that itself starts with quotes before such a character gets one more quote.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _risky(value: str) -> bool:
    return value.lstrip("'").startswith(FORMULA_STARTS)


def guard(value: str) -> str:
    """The cell as exported: quoted when a spreadsheet would run it (or when unguard would change it)."""
    return "'" + value if _risky(value) else value


def unguard(value: str) -> str:
    """The cell as imported: the quote `guard` added taken off, anything else kept as written."""
    return value[1:] if value.startswith("'") and _risky(value) else value
