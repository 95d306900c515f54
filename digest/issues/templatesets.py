"""What a list's own template set is: which files it holds, how big they may be, and where a file the
set leaves out comes from (the default set).

The digest's three files are required. The confirmation, welcome and reminder emails are optional, each
taken whole or not at all: a set without an email's three files sends the default one. The partials are
optional too: a set that leaves one out uses the default one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from digest.issues.sandbox import BoundedSandbox
from digest.models.templates import TemplateSet

FOLDER = "email"  # the sets' files live under templates/email/ and are loaded as "email/NAME"
HTML_BODY = "digest-body.html.j2"
TEXT_BODY = "digest-body.txt.j2"
SUBJECT = "digest-subject.txt.j2"
REQUIRED: dict[str, str] = {
    HTML_BODY: "the HTML body",
    TEXT_BODY: "the plain-text body",
    SUBJECT: "the subject line",
}
PARTIALS: dict[str, str] = {
    "_base.html.j2": "the HTML layout and styles the body extends",
    "_brand.html.j2": "the masthead, footer and button macros",
}
NOTICES: dict[str, str] = {
    "confirm": "the confirmation email",
    "welcome": "the welcome email",
    "reminder": "the reminder to confirm",
}


def notice_files(kind: str) -> tuple[str, str, str]:
    """An email's HTML body, plain-text body and subject line, in that order."""
    return f"{kind}-body.html.j2", f"{kind}-body.txt.j2", f"{kind}-subject.txt.j2"


NOTICE_NAMES: tuple[str, ...] = tuple(name for kind in NOTICES for name in notice_files(kind))
DIGEST_NAMES: tuple[str, ...] = (*REQUIRED, *PARTIALS)
NAMES: tuple[str, ...] = (*DIGEST_NAMES, *NOTICE_NAMES)


def notice_names(kind: str) -> tuple[str, ...]:
    """What an email of the set renders from: its three files and the partials."""
    return (*notice_files(kind), *PARTIALS)


MAX_FILE_BYTES = 64_000  # the default set's largest file is under 6 KB
MAX_ENTRIES = 50  # entries looked at in a folder before it is refused as not a template set


def template_name(file: str) -> str:
    """The name the renderer loads a set's file by."""
    return f"{FOLDER}/{file}"


def file_name(template: str | None) -> str:
    """The set's file name of a template name (or of a file path Jinja reports), else ''."""
    if not template:
        return ""
    file = template.replace("\\", "/").rsplit("/", 1)[-1]
    return file if file in NAMES else ""


def loader(template_set: TemplateSet, templates_dir: Path) -> jinja2.BaseLoader:
    """The set's files, and the default set's for the partials it leaves out; nothing else (a set's
    template cannot include a web page, or an email of the default set)."""
    sources = dict(template_set.sources)

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        folder, _, file = name.partition("/")
        if folder != FOLDER or file not in NAMES:
            return None
        if file in sources:
            return sources[file], name, lambda: True
        if file in NOTICE_NAMES:  # an email the set does not carry is sent by the default set, whole
            return None
        path = templates_dir / FOLDER / file
        return path.read_text(encoding="utf-8"), str(path), lambda: True

    return jinja2.FunctionLoader(load)


def kind_and_loader(
    template_set: TemplateSet | None, templates_dir: Path
) -> tuple[type[jinja2.Environment], jinja2.BaseLoader]:
    """The default set's plain environment and folder, or a list's own set: sandboxed, its files."""
    if template_set is None:
        return jinja2.Environment, jinja2.FileSystemLoader(templates_dir)
    return BoundedSandbox, loader(template_set, templates_dir)


def has_notice(template_set: TemplateSet | None, kind: str) -> bool:
    """Whether the set carries its own email of this kind (whole: the check refuses part of one)."""
    return template_set is not None and all(name in template_set.sources for name in notice_files(kind))


def default_sources(templates_dir: Path) -> dict[str, str]:
    """The default set's files, as `digest templates export` writes them for a list without its own."""
    return {name: (templates_dir / FOLDER / name).read_text(encoding="utf-8") for name in NAMES}
