"""Metadata a page declares about itself: <meta> tags and schema.org JSON-LD.

Read straight from the parsed tree so the common page never needs the general extractor's
metadata pass (htmldate and friends cost more than parsing the page). JSON-LD also carries the
publisher's own `abstract` / `description`, which may stand in for a highlight block.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.etree

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "report"}
)
SHOP_TYPES = frozenset({"product", "productgroup"})
FORUM_TYPES = frozenset({"discussionforumposting", "qapage"})
STORY_TYPES = ARTICLE_TYPES | {
    "review",
    "techarticle",
    "scholarlyarticle",
    "liveblogposting",
    "howto",
    "recipe",
}
SHOWN_WORDS = 8  # this many words in a row, as the description opens, are the description shown
_SHOWN = lxml.etree.XPath(
    "//body//text()[contains(normalize-space(.), $probe)]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)


@dataclass(frozen=True)
class PageMeta:
    title: str = ""
    author: str = ""
    site_name: str = ""
    published: str = ""
    abstract: str = ""
    description: str = ""
    description_shown: bool = False  # the page prints the description in its body (its standfirst)
    # (url, alt, width, height) as declared, best first: og:image, twitter:image, JSON-LD's image.
    # Judged by digest.models.images, so a refused first one leaves the next to stand in.
    images: tuple[tuple[str, str, str, str], ...] = ()


def read_meta(root: Any) -> PageMeta:
    """The page's declared metadata; <meta> tags first, JSON-LD for what they leave out."""
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = _clean(meta.get("content") or "")
    ld = _json_ld_article(root)
    title_tag = root.find(".//title")
    h1 = root.find(".//h1")
    time_tag = next((t for t in root.iter("time") if t.get("datetime")), None)
    # Each tag's image with the alt text and size declared beside it; og:image:url is og:image's other name.
    images = tuple(
        (
            url,
            metas.get(f"{prefix}:alt", ""),
            metas.get(f"{prefix}:width", ""),
            metas.get(f"{prefix}:height", ""),
        )
        for prefix in ("og:image", "twitter:image")
        for url in (metas.get(prefix) or metas.get(f"{prefix}:url", ""),)
        if url
    )
    ld_image = _image(ld.get("image"))
    return PageMeta(
        title=metas.get("og:title")
        or _text(ld.get("headline"))
        or (_clean(title_tag.text_content()) if title_tag is not None else "")
        or (_clean(h1.text_content()) if h1 is not None else ""),
        author=metas.get("author") or _name(ld.get("author")),
        site_name=metas.get("og:site_name") or _name(ld.get("publisher")),
        published=metas.get("article:published_time")
        or _text(ld.get("datePublished"))
        or (_clean(time_tag.get("datetime") or "") if time_tag is not None else ""),
        abstract=_text(ld.get("abstract")),
        description=(description := _text(ld.get("description"))),
        description_shown=shown_on_page(root, description),
        images=images + (((ld_image, "", "", ""),) if ld_image else ()),
    )


def shown_on_page(root: Any, text: str) -> bool:
    """Whether the page prints `text` in its body (its first words in one run of text, outside scripts).

    A description the page shows under its headline is its standfirst, written to lead into the story,
    not a summary set apart from it.
    """
    words = text.split()[:SHOWN_WORDS]
    if len(words) < SHOWN_WORDS:
        return False
    return bool(_SHOWN(root, probe=" ".join(words)))


def _json_ld_article(root: Any) -> dict[str, Any]:
    """The first article-typed object in the page's JSON-LD, looking inside @graph lists."""
    return next((item for item, kinds in _json_ld_items(root) if kinds & ARTICLE_TYPES), {})


def storyless_kind(root: Any) -> str:
    """What the page is when it is no story: "product" (for sale) or "forum thread" (people's posts), as
    its JSON-LD (top level or @graph), its og:type or its template (WooCommerce's body class) says, with
    nothing saying article or review (a review names the product it reviews); "" otherwise."""
    kinds: set[str] = set()
    for _, found in _json_ld_items(root):
        kinds |= found
    for meta in root.iter("meta"):
        if (meta.get("property") or "").lower() == "og:type":
            kinds.add((meta.get("content") or "").strip().lower())
    body = root.find("body")
    if body is not None and "single-product" in (body.get("class") or "").split():
        kinds.add("product")  # WooCommerce's product template says so where no metadata does
    if kinds & STORY_TYPES:
        return ""
    return "product" if kinds & SHOP_TYPES else "forum thread" if kinds & FORUM_TYPES else ""


def _json_ld_items(root: Any) -> Iterator[tuple[dict[str, Any], set[str]]]:
    """Each object of the page's JSON-LD at its top level or in an @graph list, with its types."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # a broken block from a plugin must not cost us the page
        pending = data if isinstance(data, list) else [data]
        while pending:
            item = pending.pop(0)
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                pending.extend(item["@graph"])
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            yield item, {kind.lower() for kind in kinds if isinstance(kind, str)}


def _image(value: Any) -> str:
    """JSON-LD's image is a URL, an ImageObject or a list of either; the first one is the lead image."""
    if isinstance(value, list):
        return next((url for url in (_image(item) for item in value) if url), "")
    if isinstance(value, dict):
        return _text(value.get("url") or value.get("contentUrl"))
    return _text(value)


def _name(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(name for name in (_name(item) for item in value) if name)
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _text(value: Any) -> str:
    # Plugins often write entities into JSON-LD strings ("Q&amp;A"); JSON itself would not need them.
    return _clean(html.unescape(value)) if isinstance(value, str) else ""


def _clean(text: str) -> str:
    return " ".join(str(text).split())
