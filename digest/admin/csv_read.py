"""Reading subscriber CSV files as a stream: encoding check, separator, header, records with their text.

Nothing here holds more than one record: a file of a million rows costs the memory of one row. A
line is read at most MAX_LINE characters at a time, so one enormous line costs no more: a longer one
is skipped and reported (or, as the header, refused), and a header names at most MAX_COLUMNS columns.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from digest.admin.csv_cells import unguard
from digest.errors import InvalidInput

EMAIL_COLUMNS = ("email", "e-mail", "email address", "e-mail address")
MAX_LINE = 1 << 17  # characters: csv's own field limit, so no field is refused for its size alone
MAX_COLUMNS = 1000
_GLIMPSE = 200  # characters of an over-long line kept to show in the report
_CHUNK = 1 << 20
_ENDS = ("\n", "\r")


@dataclass(frozen=True)
class Header:
    email: int
    name: int | None
    attrs: tuple[tuple[int, str], ...]
    width: int
    delimiter: str


@dataclass(frozen=True)
class Record:
    """One CSV record: `line` is where it starts in the file, `raw` its text as written there."""

    line: int
    raw: str
    fields: list[str]
    error: str = ""


def check_encoding(path: Path) -> None:
    """Refuse a file that is not UTF-8 before a single row is imported, naming the line at fault."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line = 1
    with path.open("rb") as raw:
        head = raw.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InvalidInput(f"{path} is UTF-16: save it as 'CSV UTF-8' and import again")
        chunk = head
        while chunk:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = chunk[exc.start : exc.start + 1].hex()
                line += chunk[: exc.start].count(b"\n")
                raise InvalidInput(
                    f"{path} is not UTF-8 (byte 0x{bad} on line {line}): save it as 'CSV UTF-8' "
                    "and import again; nothing was imported"
                ) from exc
            line += chunk.count(b"\n")
            chunk = raw.read(_CHUNK)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{path} is not UTF-8 (it ends inside a character): nothing was imported"
            ) from exc


def sniff_delimiter(header_line: str) -> str:
    """`;` when the header has more of them than commas (spreadsheets in many locales write that)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def parse_header(fields: list[str], delimiter: str, source: str) -> Header:
    names = [unguard(f.strip()) for f in fields]
    while names and not names[-1]:
        names.pop()  # trailing separators, as some spreadsheets write them
    if len(names) > MAX_COLUMNS:
        raise InvalidInput(
            f"{source} has {len(names)} columns in its header, at most {MAX_COLUMNS} are read: "
            "keep the columns you need and import again"
        )
    lowered = [n.lower() for n in names]
    email = next((i for i, n in enumerate(lowered) if n in EMAIL_COLUMNS), None)
    if email is None:
        found = ", ".join(names) or "nothing"
        raise InvalidInput(
            f"{source} has no 'email' column in its first row (found: {found}): "
            "the first row must name the columns, e.g. email,name"
        )
    first_at: dict[str, int] = {}
    for i, n in enumerate(names):
        if not n:
            raise InvalidInput(f"{source}: column {i + 1} of the header has no name: name it or delete it")
        if first_at.setdefault(lowered[i], i) != i:
            raise InvalidInput(f"{source}: column {n!r} appears twice in the header: keep one")
    name = lowered.index("name") if "name" in lowered else None
    attrs = tuple((i, n) for i, n in enumerate(names) if i not in (email, name))
    return Header(email=email, name=name, attrs=attrs, width=len(names), delimiter=delimiter)


def read_records(
    text: TextIO, source: str, on_progress: Callable[[int], None] | None = None
) -> tuple[Header, Iterator[Record]]:
    """The header and a lazy stream of the records after it (blank lines skipped).

    Each record carries its exact text, so a rejected row can be shown and written back as it was.
    A malformed record (a stray or unclosed quote) becomes a Record with `error`, and reading goes on.
    """
    first = ""
    line_no = 0
    for first, length in _lines(text):
        line_no += 1
        if length > len(first):
            raise InvalidInput(
                f"the first row of {source} is longer than {MAX_LINE} characters: "
                "is it a CSV file? the first row must name the columns, e.g. email,name"
            )
        if first.strip():
            break
    if not first.strip():
        raise InvalidInput(f"{source} is empty: it needs a header row such as email,name")
    delimiter = sniff_delimiter(first)
    header_fields = next(csv.reader([first], delimiter=delimiter), [])
    header = parse_header(header_fields, delimiter, source)
    return header, _records(text, delimiter, line_no, on_progress)


def _records(
    text: TextIO, delimiter: str, lines_before: int, on_progress: Callable[[int], None] | None
) -> Iterator[Record]:
    taken: list[str] = []
    too_long: list[int] = []  # characters of the over-long line in the record being read, if any

    def lines() -> Iterator[str]:
        for line, length in _lines(text, on_progress):
            if length == len(line):
                taken.append(line)
                yield line
            else:  # the reader sees a line break in its place; the record is refused below
                too_long.append(length)
                taken.append(line[:_GLIMPSE] + "…\n")
                yield "\n"

    reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    start = lines_before + 1
    while True:
        try:
            fields = next(reader)
            error = ""
        except StopIteration:
            return
        except csv.Error as exc:
            fields, error = [], _explain(str(exc), len(taken))
        if too_long:
            error = f"a line longer than {MAX_LINE} characters ({too_long[0]}): is a quote never closed?"
        raw = "".join(taken).rstrip("\r\n")
        count = len(taken)
        taken.clear()
        too_long.clear()
        if error or any(f.strip() for f in fields):
            yield Record(line=start, raw=raw, fields=fields, error=error)
        start += count


def _lines(text: TextIO, on_progress: Callable[[int], None] | None = None) -> Iterator[tuple[str, int]]:
    """(line, its length) pairs, read at most MAX_LINE characters at a time: an over-long line comes
    as its first MAX_LINE characters and its whole length, the rest of it read and dropped."""
    while line := text.readline(MAX_LINE):
        length = len(line)
        rest = line
        while not rest.endswith(_ENDS) and len(rest) == MAX_LINE:
            rest = text.readline(MAX_LINE)
            length += len(rest)
        if on_progress is not None:
            on_progress(length)
        yield line, length


def _explain(message: str, lines: int) -> str:
    if "unexpected end of data" in message:
        return f"a quote is never closed: the {lines} lines from here to the end were read as one row"
    return f"malformed CSV ({message}): check the quotes"
