"""`subscribers import`: a CSV file onto a list, streamed, in batches, idempotent.

Each batch of rows costs a handful of round trips (first-sight check, suppression, index lookup,
record writes, one status script), so the file's size changes the time, never the memory.
Existing subscribers keep their standing: an import adds people, it does not change anyone's mind.
"""

from __future__ import annotations

import csv
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from digest.addresses import check_address, display_name
from digest.admin.csv_cells import unguard
from digest.admin.csv_read import Header, Record, check_encoding, read_records
from digest.errors import InvalidInput
from digest.models import SubscriberStatus
from digest.store import Store
from digest.store.subscribers import Person, StatusMode

BATCH_ROWS = 2000
KEPT_REJECTS = 1000


@dataclass(frozen=True)
class Reject:
    line: int
    kind: str  # malformed, invalid, duplicate, suppressed
    reason: str
    raw: str
    address: str = ""  # as written in the file, so the operator sees whom the row meant; "" when unreadable


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    added: int = 0
    resubscribed: int = 0
    unchanged: int = 0
    details_filled: int = 0
    kept: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)  # the first KEPT_REJECTS, for the report

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())


@dataclass(frozen=True)
class _Good:
    line: int
    raw: str
    person: Person


def _person(header: Header, record: Record) -> Person | Reject:
    """The person a record describes, or why it cannot be imported."""
    fields = record.fields
    cells = [unguard(f.strip()) for f in fields]  # the quote an export put before a formula goes
    written = cells[header.email] if header.email < len(cells) else ""
    if len(fields) > header.width and any(f.strip() for f in fields[header.width :]):
        reason = f"{len(fields)} fields where the header has {header.width}: check the separator and quotes"
        return Reject(record.line, "malformed", reason, record.raw, written)
    problem, email = check_address(written)
    if problem:
        return Reject(record.line, "invalid", f"invalid address: {problem}", record.raw, written)
    try:
        name = display_name(
            cells[header.name] if header.name is not None and header.name < len(cells) else ""
        )
    except InvalidInput as exc:
        return Reject(record.line, "invalid", str(exc), record.raw, written)
    attrs = {key: cells[i] for i, key in header.attrs if i < len(cells) and cells[i]}
    return Person(email, name, attrs)


class _Batch:
    def __init__(
        self,
        store: Store,
        slug: str,
        header: Header,
        run: str,
        report: ImportReport,
        rejects_out: TextIO | None,
    ) -> None:
        self.store, self.slug, self.header, self.run, self.report = store, slug, header, run, report
        self.writer = csv.writer(rejects_out, lineterminator="\n") if rejects_out else None
        if self.writer:
            self.writer.writerow(["row", "reason", "raw"])
        self.good: list[_Good] = []
        self.bad: list[Reject] = []

    def reject(self, line: int, kind: str, reason: str, raw: str, address: str = "") -> None:
        self.bad.append(Reject(line, kind, reason, raw, address))

    def take(self, record: Record) -> None:
        if record.error:
            self.reject(record.line, "malformed", record.error, record.raw)
            return
        person = _person(self.header, record)
        if isinstance(person, Reject):
            self.bad.append(person)
        else:
            self.good.append(_Good(record.line, record.raw, person))

    def flush(self, status: SubscriberStatus, resubscribe: bool, now: datetime) -> None:
        good = self._first_sightings(self.good)
        good = self._not_suppressed(good)
        if good:
            self._write(good, status, resubscribe, now)
        self.bad.sort(key=lambda r: r.line)
        for bad in self.bad:
            self.report.rejected[bad.kind] += 1
            if len(self.report.rejects) < KEPT_REJECTS:
                self.report.rejects.append(bad)
            if self.writer:
                self.writer.writerow([bad.line, bad.reason, bad.raw])
        self.good, self.bad = [], []

    def _first_sightings(self, rows: list[_Good]) -> list[_Good]:
        firsts = self.store.subscribers.first_rows(
            self.slug, self.run, [(g.person.email, g.line) for g in rows]
        )
        for row, first in zip(rows, firsts, strict=True):
            if first:
                self.reject(row.line, "duplicate", f"duplicate of row {first}", row.raw, row.person.email)
        return [row for row, first in zip(rows, firsts, strict=True) if not first]

    def _not_suppressed(self, rows: list[_Good]) -> list[_Good]:
        reasons = self.store.suppression.reasons_many([g.person.email for g in rows])
        for row in rows:
            if row.person.email in reasons:
                reason = reasons[row.person.email].value
                self.reject(row.line, "suppressed", f"suppressed ({reason})", row.raw, row.person.email)
        return [row for row in rows if row.person.email not in reasons]

    def _write(self, rows: list[_Good], status: SubscriberStatus, resubscribe: bool, now: datetime) -> None:
        subscribers, report = self.store.subscribers, self.report
        ids = subscribers.ids_for([g.person.email for g in rows])
        known = {sid: g.person for g, sid in zip(rows, ids, strict=True) if sid}
        new = [g.person for g, sid in zip(rows, ids, strict=True) if not sid]
        mode: StatusMode = "resubscribe" if resubscribe else "add"
        if report.dry_run:
            report.added += len(new)
            changes = subscribers.apply_statuses(self.slug, [(s, status) for s in known], mode, now, dry=True)
        else:
            created = subscribers.create_many(new)
            report.details_filled += subscribers.fill_in(known)
            wanted = [*known, *(created[p.email] for p in new)]
            changes = subscribers.apply_statuses(self.slug, [(s, status) for s in wanted], mode, now)
        for change in changes:
            if change.outcome == "added":
                report.added += 1
            elif change.outcome == "changed":
                report.resubscribed += 1
            elif change.outcome == "unchanged":
                report.unchanged += 1
            elif change.previous is not None:
                report.kept[change.previous.value] += 1


def import_csv(
    store: Store,
    slug: str,
    path: Path,
    *,
    now: datetime,
    status: SubscriberStatus = SubscriberStatus.ACTIVE,
    resubscribe: bool = False,
    dry_run: bool = False,
    rejects_path: Path | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportReport:
    """Import the file; bad rows are reported and skipped, good rows are never lost because of them."""
    store.lists.get(slug)
    if status not in (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING):
        raise InvalidInput(f"--status {status.value} is not for imports: use active or pending")
    if not path.is_file():
        raise InvalidInput(f"{path} is not a readable file")
    check_encoding(path)
    report = ImportReport(dry_run=dry_run)
    run = uuid.uuid4().hex
    settled = 0  # rows of the batches already written: a rerun finds them there and leaves them as they are
    try:
        with ExitStack() as files:
            text = files.enter_context(path.open(encoding="utf-8-sig", newline=""))
            header, records = read_records(text, str(path), on_progress)
            rejects_out = files.enter_context(_open_rejects(rejects_path)) if rejects_path else None
            batch = _Batch(store, slug, header, run, report, rejects_out)
            for record in records:
                report.rows += 1
                batch.take(record)
                if len(batch.good) >= batch_rows:
                    batch.flush(status, resubscribe, now)
                    settled = report.rows
            batch.flush(status, resubscribe, now)
    except Exception as exc:
        if not isinstance(exc, InvalidInput):  # a refusal comes before any row; anything else may not
            done = "nothing was written" if dry_run else "running the same import again is safe"
            exc.add_note(f"the import of {path.name} stopped after {settled} of its rows: {done}")
        raise
    finally:
        with suppress(Exception):  # the run's scratch key expires by itself if Redis is gone
            store.subscribers.end_run(slug, run)
    return report


def _open_rejects(path: Path) -> TextIO:
    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot write the rejects file {path}: {exc.strerror}") from exc
