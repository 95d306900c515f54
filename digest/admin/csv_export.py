"""`subscribers export`: a list as CSV that `subscribers import` reads back unchanged.

Columns: email, name, then every attribute key found on the list (sorted). Two passes over the
list — one for the attribute keys, one for the rows — so memory stays flat at any size.
"""

from __future__ import annotations

import csv
from typing import TextIO

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
    writer.writerow(["email", "name", *columns])
    rows = 0
    for _sub, person in store.subscribers.iter_members(slug, status):
        writer.writerow([person.email, person.name, *(person.attrs.get(c, "") for c in columns)])
        rows += 1
    return rows
