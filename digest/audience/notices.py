"""Transactional emails (the double opt-in confirmation), rendered with the digest's template family."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from digest.issues.render import DEFAULT_TEMPLATES_DIR, environment, greeting_name, inline_css
from digest.models import MailingList, RenderedIssue


def render_confirmation(
    mailing_list: MailingList, *, name: str, confirm_url: str, templates_dir: Path | None = None
) -> RenderedIssue:
    env = environment((templates_dir or DEFAULT_TEMPLATES_DIR).resolve())
    context = {
        "list_name": mailing_list.name,
        "greeting": mailing_list.greeting,
        "name": greeting_name(name),
        "confirm_url": confirm_url,
        "from_addr": parseaddr(mailing_list.from_addr)[1] or mailing_list.from_addr,
    }
    return RenderedIssue(
        subject=env.get_template("email/confirm-subject.txt.j2").render(**context).strip(),
        html=inline_css(env.get_template("email/confirm-body.html.j2").render(**context)),
        text=env.get_template("email/confirm-body.txt.j2").render(**context),
    )
