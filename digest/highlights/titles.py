"""An article's title without the site's name that pages append to it ("… | Al Bawaba").

Titles come from <meta og:title>, JSON-LD or <title>, and many sites write their own name into all
of them. The digest already shows the source beside the title, so the suffix is cut — but only when
something says it is the site's name (og:site_name, the host, the headline on the page, or a short
trailing part after a pipe), never just because a title contains a dash.
"""

from __future__ import annotations

import re

SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|»|·)\s+")
MAX_SUFFIX_WORDS = 5
MIN_TITLE_WORDS = 3


def strip_site_suffix(title: str, *, site_name: str = "", headline: str = "", host: str = "") -> str:
    title = " ".join(title.split())
    parts = SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    separators = SEPARATOR.findall(title)
    suffix = parts[-1]
    kept = title[: title.rfind(separators[-1])].strip()
    if len(kept.split()) < MIN_TITLE_WORDS or len(suffix.split()) > MAX_SUFFIX_WORDS:
        return title
    if (
        _same(suffix, site_name)
        or _same(kept, headline)
        or _host_words(host) & set(_words(suffix))
        or separators[-1].strip() in ("|", "::")
    ):
        return strip_site_suffix(kept, site_name=site_name, headline=headline, host=host)
    return title


def _same(first: str, second: str) -> bool:
    return bool(second) and _words(first) == _words(second)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _host_words(host: str) -> set[str]:
    parts = [p for p in host.casefold().split(".") if p not in ("www", "com", "org", "net", "co", "uk", "de")]
    return {p for p in parts if len(p) > 2 and not p.isdigit()}
