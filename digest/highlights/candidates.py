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
from digest.highlights.itemshape import without_promos
from digest.highlights.nodes import collapse, holds_link, names, next_element, picture, short_text
from digest.highlights.runin import inline_label, loose_after, opening_label
from digest.highlights.vocabulary import LABEL_PUNCTUATION, label_of, marking_name

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LABEL_TAGS = HEADINGS | {"p", "div", "span", "strong", "b", "em", "dt", "header", "legend", "button"}
CLASS_TAGS = ("div", "section", "aside", "ul", "ol", "p")
ITEM_TAGS = HEADINGS | {"p", "div", "li", "blockquote", "dd", "span"}
INLINE_TAGS = frozenset({"strong", "b", "em", "i", "span", "u", "mark"})
MAX_ITEMS = 12
MAX_CANDIDATES = 200  # of each kind (label, class): real pages have a handful
STORY_WORDS = 30  # a paragraph this long is the story, not furniture around the headline
FOLLOWING_LIMIT = 3000
RUN_LIMIT_WORDS = 100  # a paragraph this long is the story, not one of the items before it
TITLE_WORDS = 4  # a line this short without a full stop titles what follows
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
    for element in root.iter(*LABEL_TAGS):
        text = short_text(element)
        label = label_of(text) if text else ""
        if not text and (opened := opening_label(element)) is not None:  # "Key takeaway: 2025 marked…"
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
    for element in _following(h1):
        if element.tag == "p" and len(element.text_content().split()) >= STORY_WORDS:
            break  # the story has started
        if element.tag not in ("ul", "ol") or any(
            node in outside for node in (element, *element.iterancestors())
        ):
            continue
        items, _ = items_in(element)
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


def items_after(anchor: Any, read: list[str] | None = None) -> tuple[list[Any], list[Any]]:
    """The items that follow a label: a list, a wrapper of items, or a run of short paragraphs. `read`
    gets a line for each way of reading them that --explain should name."""
    read = [] if read is None else read
    sibling = next_element(anchor)
    while sibling is not None and picture(sibling):
        sibling = next_element(sibling)  # an image set between the label and its items
        read.append("an image between the label and its items passed over")
    if sibling is None:
        parent = anchor.getparent()
        sibling = (
            next_element(parent) if parent is not None and parent.tag not in ("body", "article") else None
        )
    if sibling is None:
        return [], []
    after_title = next_element(sibling)
    if after_title is not None and after_title.tag in ("ul", "ol") and _title_line(sibling):
        items, _ = items_in(after_title, read=read)  # the box's own title sits between label and list
        read.append(
            f"the box's title “{collapse(sibling.text_content())}” between label and list passed over"
        )
        return items, [sibling, after_title]
    if sibling.tag in ("ul", "ol") and len(sibling) == 1:
        lists = _one_item_lists(sibling)  # an editor's list split into lists of one entry each
        if len(lists) > 1:
            read.append(f"one list split into {len(lists)} lists of one item each, read as one")
            return without_promos([li for each in lists for li in each.iterchildren("li")]), lists
    if sibling.tag in ("ul", "ol", "dl") or (
        sibling.tag not in HEADINGS and sibling.tag != "p" and len(sibling)
    ):
        items, _ = items_in(sibling, read=read)
        return items, [sibling]
    run = [sibling, *[s for s in sibling.itersiblings() if isinstance(s.tag, str)]]
    taken: list[Any] = []
    for element in run:
        words = len(element.text_content().split())
        if element.tag != sibling.tag or words >= RUN_LIMIT_WORDS or len(taken) == MAX_ITEMS:
            break
        if taken and _title_line(element):
            break  # "Stichwörter", "Vorheriger Artikel": the next box's title, after the items
        if taken and words > 45 and words > 2 * max(len(t.text_content().split()) for t in taken):
            break  # much longer than the items before it: the story starts here
        taken.append(element)
    return taken, taken


def _one_item_lists(first: Any) -> list[Any]:
    """The run of same-tag lists of one entry each that starts at `first`, up to the block's limit."""
    run = [first]
    for other in first.itersiblings():
        if not isinstance(other.tag, str) or other.tag != first.tag or len(run) == MAX_ITEMS:
            break
        if len(other) != 1 or other[0].tag != "li":
            break
        run.append(other)
    return run


def _title_line(element: Any) -> bool:
    """A short line that is not a sentence and holds no list: a box's title, not one of its points."""
    text = collapse(element.text_content())
    short = 0 < len(text.split()) <= TITLE_WORDS and not text.endswith((".", "!", "?", "…", ":"))
    return short and element.find(".//li") is None and element.tag not in ("ul", "ol", "dl")


def items_in(
    container: Any, *, skip_label: bool = False, read: list[str] | None = None
) -> tuple[list[Any], list[Any]]:
    """The item elements of a container: its list's entries, else its repeated children (`read` as
    items_after's)."""
    read = [] if read is None else read
    if container.tag in ("ul", "ol"):
        return without_promos(list(container.iterchildren("li"))), [container]
    if container.tag == "dl":
        return list(container.iterchildren("dd")), [container]
    lists = container.xpath(".//ul | .//ol")
    total = len(collapse(container.text_content()))
    if len(lists) == 1 and len(collapse(lists[0].text_content())) >= 0.6 * total:
        return without_promos(list(lists[0].iterchildren("li"))), [container]
    inner = container
    while len(inner) == 1 and not (inner.text or "").strip() and inner[0].tag in ("div", "section", "span"):
        inner = inner[0]
    children = [c for c in inner if isinstance(c.tag, str) and c.tag in ITEM_TAGS]
    if skip_label and children and (label_of(short_text(children[0])) or _box_title(children)):
        read.append(f"the box's title “{collapse(children[0].text_content())}” is not an item")
        children = children[1:]  # the box's own title ("Summary", "Takeaway") is not one of its items
    children = [c for c in children if collapse(c.text_content())]
    if len(children) == 2 and collapse(children[0].text_content()).endswith(":") and len(children[1]) > 1:
        read.append(f"the lead-in “{collapse(children[0].text_content())[:80]}” is not an item")
        return items_in(children[1])[0], [container]  # "Here are five key insights:" leads in to the items
    if (children and not any(c.tag in HEADINGS for c in children[1:])) or len({c.tag for c in children}) == 1:
        return children[:MAX_ITEMS], [container]
    return ([inner] if collapse(inner.text_content()) and not len(inner) else []), [container]


def _box_title(children: list[Any]) -> bool:
    """A named box's first child titles it when set apart from what follows: a heading, or a short line
    in another tag than the next ("Too Long; Didn't Read:" in an <h4> over a <p>), never a sentence."""
    first, text = children[0], collapse(children[0].text_content())
    if (
        len(children) < 2
        or not 0 < len(text.split()) <= TITLE_WORDS + 2
        or text.endswith((".", "!", "?", "…"))
    ):
        return False
    return first.find(".//li") is None and (first.tag in HEADINGS or first.tag != children[1].tag)


def _texts(elements: list[Any]) -> list[str]:
    return [collapse(e.text_content()) for e in elements]
