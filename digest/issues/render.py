"""Render an issue once, as subject, HTML and plain text, with placeholders for each recipient.

An issue goes to thousands of subscribers, so it is rendered once and only the per-recipient parts
(name, unsubscribe link) are filled per recipient, upstream of the transports (digest/delivery/letters.py):
by `personalise` for SMTP and the outbox, by SendGrid substitutions (`placeholder_values`, keyed by
`PLACEHOLDERS`) for SendGrid. Pure: strings in, strings out.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import css_inline
import jinja2

from digest.issues.colours import brand_style
from digest.issues.groups import arrange
from digest.issues.thumbnails import Thumbnail, thumbnail
from digest.issues.utm import with_utm
from digest.models import Article, Feed, Issue, MailingList, Recipient, RenderedIssue


def _bundled_templates() -> Path:
    """templates/ as installed from a wheel (inside the package), else beside the code in a checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


DEFAULT_TEMPLATES_DIR = _bundled_templates()

# Text and HTML get their own placeholders because a provider substitution applies one value to
# both parts, and only the HTML one may carry entities such as &amp;.
NAME = "[%name%]"
UNSUBSCRIBE_URL = "[%unsubscribe_url%]"
NAME_HTML = "[%name_html%]"
UNSUBSCRIBE_URL_HTML = "[%unsubscribe_url_html%]"
PREFERENCES_URL = "[%preferences_url%]"
PREFERENCES_URL_HTML = "[%preferences_url_html%]"
PLACEHOLDERS: tuple[str, ...] = (
    NAME, UNSUBSCRIBE_URL, NAME_HTML, UNSUBSCRIBE_URL_HTML, PREFERENCES_URL, PREFERENCES_URL_HTML
)  # fmt: skip
GREETING_FALLBACK = "there"  # "Hi there," for whoever has no first name on file
# Titles skipped on the way to a first name ("Dr. Grace Hopper" is "Grace").
_TITLES = frozenset({"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame"})

# Gmail clips messages past ~102 KB and hides the footer, with the unsubscribe link in it.
MAX_HTML_BYTES = 100_000
# Room for the name and URL that replace the placeholders after the size was measured.
_PERSONAL_HEADROOM = 2_000
SUBJECT_MAX_CHARS = 120
_PREHEADER_CHARS = 200
TEXT_WIDTH = 72

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LINKABLE_SCHEMES = frozenset({"http", "https"})
_PLACEHOLDER_RE = re.compile(r"\[%[a-z_]+%\]")
# A css_inline that never fetches: rendering must stay pure and offline.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


class _Slot(str):
    """A placeholder the templates may print verbatim; every other string is defused."""


def _defuse(value: Any) -> Any:
    # Feed content must never carry a working placeholder, or an article could print a reader's
    # unsubscribe link (or their name) wherever its author liked.
    if isinstance(value, str) and not isinstance(value, _Slot):
        return value.replace("[%", "[\u2060%")
    return value


def _wrap(value: str, initial: str = "", subsequent: str | None = None, width: int = TEXT_WIDTH) -> str:
    hanging = " " * len(initial) if subsequent is None else subsequent
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=initial,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(wrapper.wrap(" ".join(value.split()))) or initial.rstrip()


@lru_cache(maxsize=8)
def environment(templates_dir: Path = DEFAULT_TEMPLATES_DIR) -> jinja2.Environment:
    """One environment per folder, cached because Jinja compiles each template on first use."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        finalize=_defuse,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap
    return env


def readable_date(moment: datetime) -> str:
    """'3 Nov 2025', spelled out here because strftime's %b follows the process locale."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


@dataclass(frozen=True)
class _ArticleView:
    title: str
    url: str  # empty when the feed gave a link we will not follow (javascript:, data:, …)
    meta: str
    highlights: list[str]
    image: Thumbnail | None = None  # None when there is none, or the list shows no images


def _view(article: Article, images: bool) -> _ArticleView:
    url = article.url.strip()
    linkable = urlsplit(url).scheme.lower() in _LINKABLE_SCHEMES
    date = readable_date(article.published_at or article.first_seen_at)
    meta = " · ".join(part for part in (article.source, article.author, date) if part)
    title = " ".join(article.title.split()) or url
    highlights = [" ".join(h.split()) for h in article.highlights]
    shown = thumbnail(article.image, title) if images else None
    return _ArticleView(title, url if linkable else "", meta, highlights, shown)


def _preheader(articles: Sequence[Article]) -> str:
    sentences = [s for article in articles for s in article.highlights if s.strip()]
    text = sentences[0] if sentences else " · ".join(a.title for a in articles)
    # Inboxes show about a hundred characters; more would only count against the size limit.
    return textwrap.shorten(text, width=_PREHEADER_CHARS, placeholder="…")


def _fit_subject(render: Callable[[str], str], title: str) -> str:
    subject = " ".join(render(title).split())
    while len(subject) > SUBJECT_MAX_CHARS and title:
        title = title[: max(0, len(title) - (len(subject) - SUBJECT_MAX_CHARS) - 1)].rstrip()
        subject = " ".join(render(title + "…" if title else "").split())
    return subject


def _largest_fitting(render_html: Callable[[int], str], total: int) -> tuple[int, str]:
    """How many articles fit under the size limit, found by bisection (size grows with the count)."""
    limit = MAX_HTML_BYTES - _PERSONAL_HEADROOM

    def fits(markup: str) -> bool:
        return len(markup.encode("utf-8")) <= limit

    full = render_html(total)
    if fits(full):
        return total, full
    best_count, best = 0, render_html(0)
    low, high = 1, total - 1
    while low <= high:
        middle = (low + high) // 2
        markup = render_html(middle)
        if fits(markup):
            best_count, best = middle, markup
            low = middle + 1
        else:
            high = middle - 1
    return best_count, best


def render_issue(
    mailing_list: MailingList,
    issue: Issue,
    articles: Sequence[Article],
    *,
    templates_dir: Path | None = None,
    archive_url: str = "",
    banner: Sequence[str] = (),
    feeds: Sequence[Feed] = (),
) -> RenderedIssue:
    """Render the subject, inlined HTML and text of one issue, in the order `articles` are given
    (under a heading per feed, in the order of `feeds`, when the list groups by feed).

    Articles that would push the HTML past MAX_HTML_BYTES are dropped from the end, in both parts,
    and replaced by an "and N more articles in the archive" line. `banner` lines head a copy that is
    not the issue itself (a test copy, a draft for its editors); subscribers' issues have none.
    """
    env = environment((templates_dir or DEFAULT_TEMPLATES_DIR).resolve())
    views = [_view(article, mailing_list.images) for article in articles]
    views = (
        [replace(v, url=with_utm(v.url, mailing_list.slug, issue.id)) for v in views]
        if mailing_list.utm
        else views
    )
    preheader = _preheader(articles)
    archive_url = archive_url if urlsplit(archive_url).scheme.lower() in _LINKABLE_SCHEMES else ""
    common: dict[str, Any] = {
        "list_name": mailing_list.name,
        "greeting": mailing_list.greeting,
        "description": " ".join(mailing_list.description.split()),
        "from_addr": parseaddr(mailing_list.from_addr)[1] or mailing_list.from_addr,
        "number": issue.number,
        "issue_date": readable_date(issue.created_at),
        "preheader": preheader,
        "banner": [" ".join(line.split()) for line in banner],
        "archive_url": archive_url,
        # The archive copy exists once the issue went out; a copy with a banner is not that issue.
        "view_url": f"{archive_url.rstrip('/')}/{issue.number}" if archive_url and not banner else "",
        "brand": brand_style(mailing_list.branding),
        "slot": {
            "name": _Slot(NAME),
            "unsubscribe_url": _Slot(UNSUBSCRIBE_URL),
            "name_html": _Slot(NAME_HTML),
            "unsubscribe_url_html": _Slot(UNSUBSCRIBE_URL_HTML),
            "preferences_url": _Slot(PREFERENCES_URL),
            "preferences_url_html": _Slot(PREFERENCES_URL_HTML),
        },
    }

    def body(template: str, count: int) -> str:
        groups = arrange(articles[:count], views[:count], mailing_list.group_by, feeds)
        shown = {
            "groups": groups,
            "articles": [view for group in groups for view in group.articles],
            "dropped": len(views) - count,
        }
        return env.get_template(template).render(**common, **shown)

    kept, html_body = _largest_fitting(
        lambda count: _INLINER.inline(body("email/digest-body.html.j2", count)), len(views)
    )
    subject_template = env.get_template("email/digest-subject.txt.j2")
    subject = _fit_subject(
        lambda title: subject_template.render(**common, first_title=title, more=max(0, len(views) - 1)),
        views[0].title if views else "",
    )
    return RenderedIssue(
        subject=subject,
        html=html_body,
        text=body("email/digest-body.txt.j2", kept),
        preheader=preheader,
    )


def inline_css(document: str) -> str:
    """Move the <style> rules into style attributes, as email clients need (no remote fetches)."""
    return str(_INLINER.inline(document))


def greeting_name(name: str) -> str:
    """Whom "Hi …," addresses: the first name when the name on file gives one, else "there".

    The one rule every email follows: "Grace Hopper" is Grace; "Liskov, Barbara" (family name first,
    as many exports write it) is Barbara; a title is skipped; an address typed as a name is no name.
    """
    family, comma, given = " ".join(name.split()).partition(",")
    words = (given if comma and given.strip() else family).split()
    while words and words[0].rstrip(".").lower() in _TITLES:
        words.pop(0)
    first = words[0] if words else ""
    return first if first and "@" not in first else GREETING_FALLBACK


def placeholder_values(recipient: Recipient) -> dict[str, str]:
    """Each placeholder's value for one recipient: a letter's substitutions, which SendGrid fills in."""
    name = greeting_name(recipient.name)
    return {
        NAME: name,
        UNSUBSCRIBE_URL: recipient.unsubscribe_url,
        NAME_HTML: html.escape(name, quote=True),
        UNSUBSCRIBE_URL_HTML: html.escape(recipient.unsubscribe_url, quote=True),
        # Where there is no preferences page (the archive), the link leads to the unsubscribe one.
        PREFERENCES_URL: recipient.preferences_url or recipient.unsubscribe_url,
        PREFERENCES_URL_HTML: html.escape(recipient.preferences_url or recipient.unsubscribe_url, quote=True),
    }


def _fill(template: str, values: dict[str, str]) -> str:
    # One pass, so a name that itself looks like a placeholder is printed, not expanded.
    return _PLACEHOLDER_RE.sub(lambda match: values.get(match.group(0), match.group(0)), template)


def personalise(rendered: RenderedIssue, recipient: Recipient) -> tuple[str, str]:
    """Return (html, text) of `rendered` addressed to `recipient`."""
    values = placeholder_values(recipient)
    return _fill(rendered.html, values), _fill(rendered.text, values)
