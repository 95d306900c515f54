"""An issue as its archive page shows it: the HTML subscribers got, with a way back to the list's
archive where the mail offered to "view in browser" (pure).

The stored HTML is what went out, branding included (logo, colour, footer, address, as they were
then), so the page is that HTML with one line changed rather than a second rendering that could drift
from it. The line is found by the class the digest template gives it (`view-link`); an issue rendered
without it (no archive address at the time, or a template set of the list's own) gets the line above
everything else.
"""

from __future__ import annotations

import html
import re

BACK = "← All issues"
_VIEW_LINK = re.compile(r'(<a\b[^>]*\bclass="view-link"[^>]*\bhref=")[^"]*("[^>]*>)[^<]*(</a>)')
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
# Inline styles only: the page keeps the mail's look, and its stylesheet never reaches this line.
_BAR = (
    '<div class="archive-back" style="max-width: 600px; margin: 0 auto; padding: 12px 16px 0;'
    " font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 14px;"
    ' line-height: 20px;"><a class="view-link" href="{url}" style="color: #4b5563;'
    ' text-decoration: underline;">{label}</a></div>'
)


def for_archive(stored_html: str, index_url: str) -> str:
    """The stored issue with its "View in browser" link turned into a link back to `index_url`."""
    url = html.escape(index_url, quote=True)
    swapped, count = _VIEW_LINK.subn(
        lambda found: f"{found.group(1)}{url}{found.group(2)}{BACK}{found.group(3)}", stored_html, count=1
    )
    if count:
        return swapped
    bar = _BAR.format(url=url, label=BACK)
    body = _BODY.search(stored_html)
    if body is None:
        return bar + stored_html
    return stored_html[: body.end()] + bar + stored_html[body.end() :]
