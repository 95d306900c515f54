"""Everything on a page that could be the publisher's own summary, with the items each one holds.

Three ways in, each only a reason to look: a label people read ("Key Points", "In Kürze"), a class
or id that names the block (`summary-list`, `abstract__a20fee61`), or the place alone (a list right
under the headline, before the story starts). The same items reached two ways are one candidate
with both reasons. Whether a candidate is the summary is digest.highlights.judge's call.
"""

from __future__ import annotations

import itertools
from typing import Any

import lxml.etree

from digest.highlights.candidate import Candidate as Candidate  # judge, cards and storyplace read it here
from digest.highlights.items import HEADINGS, items_after, items_in, list_title
from digest.highlights.nodes import collapse, holds_link, names, next_element, short_text
from digest.highlights.runin import inline_label, loose_after, opening_label
from digest.highlights.sentences import word_count
from digest.highlights.vocabulary import LABEL_PUNCTUATION, PASSAGE_LABELS, label_of, marking_name

LABEL_TAGS = HEADINGS | {"p", "div", "span", "strong", "b", "em", "dt", "header", "legend", "button"}
CLASS_TAGS = ("div", "section", "aside", "ul", "ol", "p")
INLINE_TAGS = frozenset({"strong", "b", "em", "i", "span", "u", "mark"})
MAX_CANDIDATES = 200  # of each kind (label, class): real pages have a handful
STORY_WORDS = 30  # a paragraph this long is the story, not furniture around the headline
FOLLOWING_LIMIT = 3000
MAX_LISTS_BELOW = 12  # lists read under the headline before giving up: bylines, dates, share buttons
_CUSTOM = lxml.etree.XPath("//*[contains(local-name(), '-')]")  # custom elements (web components)


def gather(root: Any, outside: set[Any], h1: Any) -> tuple[list[Candidate], dict[str, int]]:
    """The candidates, and how often each label occurs (boxes with the same items count each time)."""
    found: dict[tuple[str, ...], Candidate] = {}
    labelled = _labelled(root)
    labels: dict[str, int] = {}
    for candidate in labelled:
        labels[candidate.label] = labels.get(candidate.label, 0) + 1
    for candidate in [*labelled, *_named(root), *_under_headline(root, outside, h1)]:
        key = tuple(candidate.items)
        if not key:
            continue
        if key in found:
            kept = found[key]
            kept.reasons |= candidate.reasons
            kept.label = kept.label or candidate.label
            kept.name = kept.name or candidate.name
            kept.cut = list(dict.fromkeys([*kept.cut, *candidate.cut]))
            kept.read = list(dict.fromkeys([*kept.read, *candidate.read]))
            if candidate.label and not kept.label:
                kept.marker = candidate.marker
        else:
            found[key] = candidate
    return list(found.values()), labels


def _labelled(root: Any) -> list[Candidate]:
    found = []
    seen: set[Any] = set()
    for element in root.iter(*LABEL_TAGS, "li"):
        if element.tag == "li":
            if (titled := _titled_list(element)) is not None:
                found.append(titled)
                if len(found) == MAX_CANDIDATES:
                    break
            continue
        text = short_text(element)
        label = label_of(text) if text else ""
        if not label and (opened := opening_label(element)) is not None:  # "Key takeaway: 2025 marked…"
            found.append(opened)
            if len(found) == MAX_CANDIDATES:
                break
            continue
        if not label or any(True for _ in element.iterancestors("a")) or holds_link(element):
            continue
        anchor = element
        while (parent := anchor.getparent()) is not None and short_text(parent) == text:
            anchor = parent
        if anchor in seen:
            continue
        seen.add(anchor)
        panel = _controlled_panel(root, anchor)
        if anchor.tag in INLINE_TAGS and panel is None and not _followed_by_block(anchor):
            candidate = inline_label(anchor, text)
        else:
            read: list[str] = []
            items, elements = (
                items_in(panel, skip_label=True, read=read)
                if panel is not None
                else items_after(anchor, read)
            )
            if label in PASSAGE_LABELS and len(items) > 1 and all(e.tag == "p" for e in elements):
                items, elements = items[:1], elements[:1]  # "导读" over the story's paragraphs: its lead
                read.append("a label naming one passage: its first paragraph, the story after it")
            candidate = Candidate(
                text.rstrip(LABEL_PUNCTUATION + " "),
                anchor,
                _texts(items),
                items,
                [anchor, *elements],
                read=read,
            )
            # "<h2>Key takeaways</h2>The article provides…": bare text right after the label is its item
            candidate = loose_after(anchor, text) or candidate
        if candidate is not None:
            candidate.reasons.add("label")
            candidate.label = label
            found.append(candidate)
            if len(found) == MAX_CANDIDATES:
                break  # a hostile page of endless "Summary" boxes costs a bounded amount of work
    return found


def _titled_list(entry: Any) -> Candidate | None:
    """A list whose first entry is its label ("<li>Story Highlights</li><li>…"): labelled like a box."""
    listing = entry.getparent()
    if listing is None or listing.tag not in ("ul", "ol"):
        return None
    first = list(itertools.islice(listing.iterchildren("li"), 3))
    if len(first) < 3 or first[0] is not entry or not (title := list_title(entry)):
        return None  # asked once a list, and only of one with two entries after its first
    read: list[str] = []
    items, _ = items_in(listing, read=read)  # its entries less the title, as items_in reads any list
    candidate = Candidate(
        title.rstrip(LABEL_PUNCTUATION + " "), entry, _texts(items), items, [listing], read=read
    )
    candidate.reasons.add("label")
    candidate.label = label_of(title)
    return candidate


def _controlled_panel(root: Any, anchor: Any) -> Any:
    """The panel a tab label opens (aria-controls): its items are there, wherever the page put it."""
    for node in (anchor, *anchor.iterancestors()):
        target = node.get("aria-controls")
        if target:
            found = root.xpath("//*[@id=$id]", id=target.split()[0])
            return found[0] if found else None
        if node.tag not in INLINE_TAGS | {"button", "li", "div"}:
            break
    return None


def _followed_by_block(anchor: Any) -> bool:
    following = next_element(anchor)
    return (
        following is not None
        and following.tag not in INLINE_TAGS | {"a", "br"}
        and not (anchor.tail or "").strip()
    )


def _named(root: Any) -> list[Candidate]:
    found = []
    for element in itertools.chain(root.iter(*CLASS_TAGS), _CUSTOM(root)):
        own = (element.tag,) if "-" in element.tag else ()  # a web component's name: <story-highlights>
        name = next((n for n in (*names(element), *own) if marking_name(n)), "")
        if not name:
            continue
        read: list[str] = []
        items, _ = items_in(element, skip_label=True, read=read)
        candidate = Candidate(name, element, _texts(items), items, [element], read=read)
        candidate.reasons.add("class")
        candidate.name = name
        found.append(candidate)
        if len(found) == MAX_CANDIDATES:
            break  # a hostile page of endless "Summary" boxes costs a bounded amount of work
    return found


def _under_headline(root: Any, outside: set[Any], h1: Any) -> list[Candidate]:
    """A list between the headline and the first paragraph of the story: placed where a summary goes."""
    if h1 is None:
        return []
    found = []
    lists = 0
    for element in _following(h1):
        if element.tag == "p" and word_count(element.text_content()) >= STORY_WORDS:
            break  # the story has started
        if element.tag not in ("ul", "ol") or any(
            node in outside for node in (element, *element.iterancestors())
        ):
            continue
        lists += 1
        if lists > MAX_LISTS_BELOW:
            break
        items, _ = items_in(element)
        if len(items) < 2:
            continue  # a byline's or a date's one-line list: never highlights, so it takes no place below
        candidate = Candidate(f"{element.tag} under the headline", element, _texts(items), items, [element])
        candidate.reasons.add("position")
        found.append(candidate)
        if len(found) == 2:
            break
    return found


def _following(element: Any) -> Any:
    """Elements after `element` in reading order (not inside it), up to a bounded number."""
    root = element.getroottree().getroot()
    after = False
    for count, other in enumerate(root.iter()):
        if count > FOLLOWING_LIMIT:
            return
        if other is element:
            after = True
        elif after and isinstance(other.tag, str) and element not in other.iterancestors():
            yield other


def _texts(elements: list[Any]) -> list[str]:
    return [collapse(e.text_content()) for e in elements]
