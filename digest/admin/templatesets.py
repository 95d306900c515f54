"""`digest templates export | check | preview` and `lists update --templates`: a list's own template
set between a folder an operator edits and Redis, where every worker reads it.

A folder is operators' input, read with bounds: so many entries, so many bytes a file, regular files
only (a link could carry any file of the machine into Redis), UTF-8.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from digest.admin.preview import sample_articles
from digest.errors import InvalidInput
from digest.issues import templatesets
from digest.issues.isolation import compile_set, render_isolated
from digest.issues.render import DEFAULT_TEMPLATES_DIR, render_issue
from digest.issues.templatecheck import check_sources, describe_error, missing_parts, problem
from digest.issues.templatenotices import SAMPLE_VALUES, missing_notice_parts, render_notice
from digest.models import Issue, IssueStatus, RenderedIssue
from digest.models.templates import TemplateSet
from digest.store import Store
from digest.store.issues import issue_id

DEFAULT = "default"  # `lists update LIST --templates default`: back to the bundled set


def read_folder(folder: Path) -> tuple[dict[str, str], list[str]]:
    """The folder's files as a set's sources, and what is wrong with the folder itself."""
    try:
        with os.scandir(folder) as entries:
            found = [entry for _, entry in zip(range(templatesets.MAX_ENTRIES + 1), entries, strict=False)]
    except OSError as exc:
        raise InvalidInput(f"cannot read the folder {str(folder)!r}: {exc.strerror or exc}") from exc
    if len(found) > templatesets.MAX_ENTRIES:
        return {}, [problem(str(folder), f"over {templatesets.MAX_ENTRIES} entries: a set has "
                            f"{len(templatesets.NAMES)} files at most")]  # fmt: skip
    sources: dict[str, str] = {}
    problems: list[str] = []
    for entry in sorted(found, key=lambda e: e.name):
        try:
            read = _read_entry(entry)
        except OSError as exc:
            read = f"cannot be read: {exc.strerror or exc}"
        if read is None:
            problems.append(problem(entry.name, "not UTF-8 text"))
        elif isinstance(read, bytes):
            sources[entry.name] = read.decode("utf-8")
        else:
            problems.append(problem(entry.name, read))
    return sources, problems


def _read_entry(entry: os.DirEntry[str]) -> bytes | str | None:
    """The file's bytes (valid UTF-8), None when not UTF-8, else why it is refused."""
    info = entry.stat(follow_symlinks=False)
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (links and folders are refused)"
    if info.st_size > templatesets.MAX_FILE_BYTES:
        return f"over {templatesets.MAX_FILE_BYTES:,} bytes"
    with open(entry.path, "rb") as file:
        raw = file.read(templatesets.MAX_FILE_BYTES + 1)
    if len(raw) > templatesets.MAX_FILE_BYTES:  # it grew since the look at its size
        return f"over {templatesets.MAX_FILE_BYTES:,} bytes"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return raw


def check_folder(folder: Path) -> list[str]:
    """Every problem of the set in `folder`, one line each; [] when it may be stored."""
    sources, problems = read_folder(folder)
    return problems if problems and not sources else problems + check_sources(sources)


def current_sources(store: Store, slug: str) -> tuple[dict[str, str], str]:
    """The list's own set, else the default one, and which it is. The emails a list's set does not
    carry come from the default set, so an operator sees every file they can change."""
    own = store.templates.get(slug)
    defaults = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    if own is not None:
        carried = [kind for kind in templatesets.NOTICES if not templatesets.has_notice(own, kind)]
        emails = {name: defaults[name] for kind in carried for name in templatesets.notice_files(kind)}
        return {**emails, **own.sources}, f"the list's own set (version {own.version})"
    return defaults, "the default set"


def export_set(store: Store, slug: str, folder: Path, *, force: bool = False) -> tuple[list[Path], str]:
    """Write the list's current set to `folder` for editing; a folder with files in it only with force."""
    store.lists.get(slug)
    sources, which = current_sources(store, slug)
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{str(folder)!r} is a file: give a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InvalidInput(
            f"the folder {str(folder)!r} is not empty: give an empty one, or --force to overwrite"
        )
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, source in sorted(sources.items()):
            path = folder / name
            if path.is_symlink():  # --force writes the file here, never where a link in the folder points
                path.unlink()
            path.write_text(source, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise InvalidInput(f"cannot write the set to {str(folder)!r}: {exc.strerror or exc}") from exc
    return written, which


def store_set(store: Store, slug: str, given: str) -> TemplateSet | None:
    """Check the folder's set and store it as the list's own; `default` removes the list's own."""
    store.lists.get(slug)
    if given == DEFAULT:
        store.templates.remove(slug)
        return None
    sources, problems = read_folder(Path(given))
    problems += [] if problems else check_sources(sources)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidInput(f"the templates in {given!r} were not stored: {problems[0]}{more}; "
                           f"`digest templates check {given}` lists every problem")  # fmt: skip
    chosen = TemplateSet.of(sources)
    store.templates.put(slug, chosen)
    return chosen


def templates_overview(store: Store, slug: str) -> dict[str, Any]:
    """Which set a list's digest renders with, for `lists show`."""
    version = store.templates.version(slug)
    if not version:
        return {"set": DEFAULT, "version": "", "files": []}
    fallbacks, why = store.templates.fallbacks(slug)
    return {"set": "own", "version": version, "files": store.templates.files(slug),
            "email_fallbacks": fallbacks, "last_email_fallback": why}  # fmt: skip


def preview_set(store: Store, slug: str, now: datetime, *, archive_url: str = "") -> SetPreview:
    """The list's current set rendered with the bundled sample's articles; nothing is stored or spent.
    A set that fails says why, rather than falling back as a send would."""
    mailing_list = store.lists.get(slug)
    own = store.templates.get(slug)
    articles = sample_articles(now)
    number = len(store.issues.numbers(slug)) + 1
    issue = Issue(id=issue_id(slug, number), list_slug=slug, list_name=mailing_list.name, number=number,
                  subject="", created_at=now, cutoff=now, article_ids=[a.id for a in articles],
                  status=IssueStatus.QUEUED)  # fmt: skip

    def render() -> RenderedIssue:
        return render_issue(mailing_list, issue, articles, archive_url=archive_url, template_set=own)

    try:
        if own is not None:
            compile_set(own, names=templatesets.DIGEST_NAMES)
        rendered = render() if own is None else render_isolated(render, describe_error)
    except Exception as exc:  # the operator's template: its error is the answer, with its line
        raise InvalidInput(f"the list's templates fail to render: {describe_error(exc)}") from exc
    which = "the default set" if own is None else f"the list's own set (version {own.version})"
    return SetPreview(rendered, which, missing_parts(rendered, mailing_list) if own else [])


def preview_notice(store: Store, slug: str, kind: str) -> SetPreview:
    """The list's email of this kind (its own, else the default one) rendered with sample values."""
    mailing_list = store.lists.get(slug)
    own = store.templates.get(slug)
    if not templatesets.has_notice(own, kind):
        return SetPreview(render_notice(kind, mailing_list, SAMPLE_VALUES[kind]), "the default set", [])
    assert own is not None  # has_notice says so

    def render() -> RenderedIssue:
        return render_notice(kind, mailing_list, SAMPLE_VALUES[kind], template_set=own)

    try:
        compile_set(own, names=templatesets.notice_names(kind))
        rendered = render_isolated(render, describe_error)
    except Exception as exc:  # the operator's template: its error is the answer, with its line
        raise InvalidInput(f"the list's {kind} email fails to render: {describe_error(exc)}") from exc
    problems = missing_notice_parts(kind, rendered, mailing_list, SAMPLE_VALUES[kind])
    return SetPreview(rendered, f"the list's own set (version {own.version})", problems)


@dataclass(frozen=True)
class SetPreview:
    rendered: RenderedIssue
    which: str  # the default set, or the list's own with its version
    problems: list[str]  # what would make a send fall back to the default set
