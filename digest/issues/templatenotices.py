"""The confirmation, welcome and reminder emails: what each is given to render, what it must carry, and
how it renders with the default set or a list's own. Pure: a list and values in, an email out.

Each email has its own variables (what digest/audience/notices.py passes), listed in the README for
template authors; the check and the send hold an email to the same parts: the confirmation link in
both parts of the confirmation and the reminder (a subscription nobody can confirm is lost), the
unsubscribe link in both parts of the welcome, and the list's postal address wherever the default
footer prints it (every part of every email).
"""

from __future__ import annotations

import html
from collections.abc import Collection
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from digest.issues import templatesets
from digest.issues.colours import brand_style
from digest.issues.render import DEFAULT_TEMPLATES_DIR, MAX_HTML_BYTES, environment, inline_css
from digest.models import MailingList, RenderedIssue
from digest.models.templates import TemplateSet

COMMON = frozenset({"list_name", "greeting", "description", "from_addr", "brand"})
VARIABLES: dict[str, frozenset[str]] = {
    "confirm": COMMON | {"name", "confirm_url"},
    "reminder": COMMON | {"name", "confirm_url"},
    "welcome": COMMON | {"name", "latest_url", "unsubscribe_url", "preferences_url"},
}
# The link each email must print in both parts, by the variable that holds it.
REQUIRED_LINK: dict[str, str] = {
    "confirm": "confirm_url",
    "reminder": "confirm_url",
    "welcome": "unsubscribe_url",
}
_LINK_WORDS = {"confirm_url": "confirmation", "unsubscribe_url": "unsubscribe"}

SAMPLE_BASE = "https://news.example.com"
SAMPLE_VALUES: dict[str, dict[str, str]] = {
    "confirm": {"name": "Sam", "confirm_url": f"{SAMPLE_BASE}/confirm/sample-confirmation-token"},
    "reminder": {"name": "Sam", "confirm_url": f"{SAMPLE_BASE}/confirm/sample-confirmation-token"},
    "welcome": {
        "name": "Sam",
        "latest_url": f"{SAMPLE_BASE}/archive/sample/1",
        "unsubscribe_url": f"{SAMPLE_BASE}/unsubscribe/sample-unsubscribe-token",
        "preferences_url": f"{SAMPLE_BASE}/preferences/sample-preferences-token",
    },
}


def kind_of(file: str) -> str:
    """The email a set's file belongs to ('' for the digest's files and the partials)."""
    kind = file.split("-", 1)[0]
    return kind if kind in templatesets.NOTICES and file in templatesets.NOTICE_NAMES else ""


def render_notice(
    kind: str,
    mailing_list: MailingList,
    values: dict[str, str],
    *,
    template_set: TemplateSet | None = None,
    templates_dir: Path | None = None,
) -> RenderedIssue:
    """The email rendered with `template_set` (sandboxed; it must carry this email whole), else the
    default set."""
    env = environment((templates_dir or DEFAULT_TEMPLATES_DIR).resolve(), template_set)
    context: dict[str, Any] = {
        "list_name": mailing_list.name,
        "greeting": mailing_list.greeting,
        "description": " ".join(mailing_list.description.split()),
        "from_addr": parseaddr(mailing_list.from_addr)[1] or mailing_list.from_addr,
        "brand": brand_style(mailing_list.branding),
        **values,
    }
    html_body, text_body, subject = (templatesets.template_name(f) for f in templatesets.notice_files(kind))
    return RenderedIssue(
        subject=" ".join(env.get_template(subject).render(**context).split()),
        html=inline_css(env.get_template(html_body).render(**context)),
        text=env.get_template(text_body).render(**context),
    )


def missing_notice_parts(
    kind: str, rendered: RenderedIssue, mailing_list: MailingList, values: dict[str, str]
) -> list[str]:
    """What a rendered email lacks that the send relies on, one line each naming the file."""
    html_file, text_file, subject_file = templatesets.notice_files(kind)
    found = [] if rendered.subject.strip() else [f"{subject_file}: renders an empty subject"]
    variable = REQUIRED_LINK[kind]
    url = values[variable]
    address = " ".join(mailing_list.branding.address.split())
    for file, shown in ((html_file, html.unescape(rendered.html)), (text_file, rendered.text)):
        if url not in shown:
            found.append(f"{file}: no {_LINK_WORDS[variable]} link: print {{{{ {variable} }}}}")
        if address and address not in " ".join(shown.split()):
            found.append(
                f"{file}: no postal address: print {{{{ brand.address }}}} (a mailing must carry it)"
            )
    if len(rendered.html.encode("utf-8")) > MAX_HTML_BYTES:
        found.append(f"{html_file}: the HTML is over {MAX_HTML_BYTES:,} bytes")
    return found


def partial_notices(sources: Collection[str]) -> list[str]:
    """One line per email the set carries only part of: an email is taken whole or not at all."""
    found = []
    for kind, what in templatesets.NOTICES.items():
        files = templatesets.notice_files(kind)
        missing = [name for name in files if name not in sources]
        if missing and len(missing) < len(files):
            found.append(f"{missing[0]}: {what} needs all three of its files; missing: {', '.join(missing)} "
                         f"(add them, or remove the others to send the default one)")  # fmt: skip
    return found
