"""An article's title without the site's name that pages add to it ("… | Al Bawaba", "TechCrunch | …").

Titles come from <meta og:title>, JSON-LD or <title>, and many sites write their own name (and a
section's) into all of them. The digest already shows the source beside the title, so those parts are
cut — but only when something says what they are: the headline on the page matching the rest, or
og:site_name, the host, or a short trailing part after a pipe naming the site; never just because a
title contains a dash.
"""

from __future__ import annotations

import re

SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|»|·)\s+")
MAX_SUFFIX_WORDS = 5
MIN_TITLE_WORDS = 3
# A title with a site's name, a section and a kicker has a handful of parts; one with more is no such
# title (a page's keyword dump, hostile markup) and is left whole: the rules below then stay bounded.
MAX_PARTS = 8
GENERIC_HOST_PARTS = frozenset({"www", "com", "org", "net", "co", "uk", "de"})


def strip_site_name(title: str, *, site_name: str = "", headline: str = "", host: str = "") -> str:
    title = " ".join(title.split())
    parts = SEPARATOR.split(title)
    if not 2 <= len(parts) <= MAX_PARTS:
        return title
    within = _headline_within(title, headline)
    if within:
        return within
    title = _without_site_prefix(title, site_name, host)
    return _without_site_suffix(title, site_name=site_name, headline=headline, host=host)


def _without_site_suffix(title: str, *, site_name: str, headline: str, host: str) -> str:
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
        return _without_site_suffix(kept, site_name=site_name, headline=headline, host=host)
    return title


def _headline_within(title: str, headline: str) -> str:
    """The run of the title's parts that is the page's headline, when the rest is site and section."""
    if len(_words(headline)) < MIN_TITLE_WORDS:
        return ""  # a one- or two-word <h1> is a section or the site's logo, not the story's headline
    bounds = [0, *(end for m in SEPARATOR.finditer(title) for end in (m.start(), m.end())), len(title)]
    spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    for first in range(len(spans)):
        for last in range(first, len(spans)):
            text = title[spans[first][0] : spans[last][1]]
            if _same(text, headline):
                return text
    return ""


def _without_site_prefix(title: str, site_name: str, host: str) -> str:
    first = SEPARATOR.search(title)
    if first is None:
        return title
    prefix, rest = title[: first.start()], title[first.end() :]
    if len(prefix.split()) > MAX_SUFFIX_WORDS or len(rest.split()) < MIN_TITLE_WORDS:
        return title
    named = set(_words(prefix)) - GENERIC_HOST_PARTS
    if _same(prefix, site_name) or (named and named <= _host_words(host)):
        return rest
    return title


def _same(first: str, second: str) -> bool:
    return bool(second) and _words(first) == _words(second)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _host_words(host: str) -> set[str]:
    parts = [p for p in host.casefold().split(".") if p not in GENERIC_HOST_PARTS]
    return {p for p in parts if len(p) > 2 and not p.isdigit()}
