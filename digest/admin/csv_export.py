"""`subscribers export`: a list as CSV that `subscribers import` reads back unchanged.

Columns: email, name, then every attribute key found on the list (sorted). Two passes over the
list — one for the attribute keys, one for the rows — so memory stays flat at any size. Every cell,
header included, goes through csv_cells.guard: data typed by strangers never opens as a live formula.
"""

from __future__ import annotations

import csv
from typing import TextIO

from digest.admin.csv_cells import guard
from digest.models import SubscriberStatus
from digest.store import Store


def export_csv(store: Store, slug: str, out: TextIO, *, status: SubscriberStatus | None = None) -> int:
    """Write the list's members (of one status, if given) to `out`; returns how many rows."""
    store.lists.get(slug)
    keys: set[str] = set()
    for _sub, person in store.subscribers.iter_members(slug, status):
        keys.update(person.attrs)
    columns = sorted(keys)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "name", *(guard(c) for c in columns)])
    rows = 0
    for _sub, person in store.subscribers.iter_members(slug, status):
        cells = [person.email, person.name, *(person.attrs.get(c, "") for c in columns)]
        writer.writerow([guard(cell) for cell in cells])
        rows += 1
    return rows
