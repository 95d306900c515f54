"""How a candidate's items are read: the entries of its list, its repeated children, or the run of short
paragraphs after its label, seen through the bare wrappers a template draws around them.

Apart from digest.highlights.candidates (where to look) because reading is its own question: a right
box read wrong (its title taken for a point, a lead-in, a list split in one-item lists) is as wrong as
the wrong box, and each way of reading is named for --explain.
"""

from __future__ import annotations

from typing import Any

from digest.highlights.itemshape import drawn_heading, without_promos
from digest.highlights.nodes import (
    collapse,
    holds_link,
    next_element,
    picture,
    short_text,
    unwrapped,
    wrapper_of,
)
from digest.highlights.sentences import word_count
from digest.highlights.vocabulary import SENTENCE_STOPS, label_like, label_of

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
ITEM_TAGS = HEADINGS | {"p", "div", "li", "blockquote", "dd", "span"}
MAX_ITEMS = 12
LIST_DEPTH = 12  # boxes below a named box searched for its list drawn as boxes
RUN_LIMIT_WORDS = 100  # a paragraph this long is the story, not one of the items before it
TITLE_WORDS = 4  # a line this short without a full stop titles what follows
STATEMENT_WORDS = 6  # a point of a summary, as a box's title is not: a sentence this long at least


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
    sibling = unwrapped(sibling)
    after_title = next_element(wrapper_of(sibling))
    after_title = unwrapped(after_title) if after_title is not None else None
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
    run = [sibling, *[unwrapped(s) for s in wrapper_of(sibling).itersiblings() if isinstance(s.tag, str)]]
    taken: list[Any] = []
    for element in run:
        words = word_count(element.text_content())
        if element.tag != sibling.tag or words >= RUN_LIMIT_WORDS or len(taken) == MAX_ITEMS:
            break
        if taken and (_title_line(element) or (drawn_heading(element) and not drawn_heading(taken[0]))):
            break  # "Stichwörter", "Why listen to us?": the next box's or section's title, after the items
        if taken and words > 45 and words > 2 * max(word_count(t.text_content()) for t in taken):
            break  # much longer than the items before it: the story starts here
        taken.append(element)
    return taken, taken


def _one_item_lists(first: Any) -> list[Any]:
    """The run of same-tag lists of one entry each that starts at `first`, up to the block's limit."""
    run = [first]
    for other in wrapper_of(first).itersiblings():
        other = unwrapped(other) if isinstance(other.tag, str) else other
        if not isinstance(other.tag, str) or other.tag != first.tag or len(run) == MAX_ITEMS:
            break
        if len(other) != 1 or other[0].tag != "li":
            break
        run.append(other)
    return run


def _title_line(element: Any) -> bool:
    """A short line that is not a sentence and holds no list: a box's title, not one of its points."""
    text = collapse(element.text_content())
    short = 0 < word_count(text) <= TITLE_WORDS and not text.endswith((*SENTENCE_STOPS, ":"))
    return short and element.find(".//li") is None and element.tag not in ("ul", "ol", "dl")


def items_in(
    container: Any, *, skip_label: bool = False, read: list[str] | None = None
) -> tuple[list[Any], list[Any]]:
    """The item elements of a container: its list's entries, else its repeated children (`read` as
    items_after's)."""
    read = [] if read is None else read
    if container.tag in ("ul", "ol"):
        return without_promos(_entries(container, read)), [container]
    if container.tag == "dl":
        return list(container.iterchildren("dd")), [container]
    lists = container.xpath(".//ul | .//ol")
    total = len(collapse(container.text_content()))
    if len(lists) == 1 and len(collapse(lists[0].text_content())) >= 0.6 * total:
        return without_promos(_entries(lists[0], read)), [container]
    if not lists and (entries := _drawn_list(container, total)):
        read.append("a list drawn as boxes (a box of like entries) read as a list")
        return without_promos(_untitled(entries, read) if skip_label else entries), [container]
    inner = container
    while len(inner) == 1 and not (inner.text or "").strip() and inner[0].tag in ("div", "section", "span"):
        inner = inner[0]
    children = [c for c in inner if isinstance(c.tag, str) and c.tag in ITEM_TAGS]
    if skip_label:
        children = _untitled(children, read)
    children = [c for c in children if collapse(c.text_content())]
    if len(children) == 2 and collapse(children[0].text_content()).endswith(":") and len(children[1]) > 1:
        read.append(f"the lead-in “{collapse(children[0].text_content())[:80]}” is not an item")
        return items_in(children[1])[0], [container]  # "Here are five key insights:" leads in to the items
    if (children and not any(c.tag in HEADINGS for c in children[1:])) or len({c.tag for c in children}) == 1:
        return without_promos(children[:MAX_ITEMS]), [container]
    return ([inner] if collapse(inner.text_content()) and not len(inner) else []), [container]


def _entries(listing: Any, read: list[str]) -> list[Any]:
    """A list's entries, less a first entry that is its title: CNN's "Story Highlights" was the first
    <li> of the list it titled."""
    entries = list(listing.iterchildren("li"))
    if len(entries) > 2 and (title := list_title(entries[0])):
        read.append(f"the list's title “{title}” is its first entry, not an item")
        return entries[1:]
    return entries


def list_title(entry: Any) -> str:
    """The label an entry holds when it reads as a list's title (no link in it), else ""."""
    text = short_text(entry)
    return text if text and label_of(text) and not holds_link(entry) else ""


def _untitled(children: list[Any], read: list[str]) -> list[Any]:
    """The box's own title ("Summary", "Takeaway") is not one of its items."""
    if children and (label_of(short_text(children[0])) or _box_title(children)):
        read.append(f"the box's title “{collapse(children[0].text_content())}” is not an item")
        return children[1:]
    return children


def _box_title(children: list[Any]) -> bool:
    """A named box's first child titles it when set apart from what follows: a heading, or a short line
    in another tag than the next ("Too Long; Didn't Read:" in an <h4> over a <p>), never a sentence."""
    first, text = children[0], collapse(children[0].text_content())
    if len(children) < 2 or not 0 < word_count(text) <= TITLE_WORDS + 2 or text.endswith(SENTENCE_STOPS):
        return False
    if first.find(".//li") is not None:
        return False
    # Or a line as short as a label over sentences, in the same tag: "The upshot" in a <div> over the
    # <div>s of its points, where the label is one no list here holds.
    return (
        first.tag in HEADINGS
        or first.tag != children[1].tag
        or (
            label_like(text)
            and all(_statement(rest) for c in children[1:] if (rest := collapse(c.text_content())))
        )
    )


def _statement(text: str) -> bool:
    return word_count(text) >= STATEMENT_WORDS and text.endswith(SENTENCE_STOPS)


def _drawn_list(container: Any, total: int) -> list[Any]:
    """The entries of the innermost box of two or more like entries (one tag, no headings) that holds
    most of the text: a list a template drew as <div>s where another draws <ul><li>.

    Only one child can hold most of a box's text, so the boxes that do form one chain down from the
    container, read a level at a time and at most LIST_DEPTH levels down: a hostile nest of named boxes
    would otherwise have each box's text read once per box above it.
    """
    found: list[Any] = []
    box = container
    for _ in range(LIST_DEPTH):
        sized = [(c, len(collapse(c.text_content()))) for c in box if isinstance(c.tag, str)]
        entries = [c for c, size in sized if size]
        if (
            box is not container
            and box.tag in ("div", "section")
            and len(entries) >= 2
            and len({e.tag for e in entries}) == 1
            and entries[0].tag in ("div", "p", "span")
            and not any(e.tag in HEADINGS or e.find(".//h2") is not None for e in entries)
        ):
            found = entries
        box = next((c for c, size in sized if size >= 0.6 * total), None)
        if box is None:
            break
    return found
