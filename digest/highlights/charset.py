"""Bytes of an article page → text, in the charset the page was written in.

One rule for pages read from a URL and from a file alike, so `digest highlights` shows what the
collector stores: a byte-order mark is certain; then the HTTP Content-Type charset (the server's
word); then the page's own <meta charset> or http-equiv declaration in its first bytes; then UTF-8
when the bytes are valid UTF-8, else windows-1252. Labels follow the WHATWG Encoding standard's
habit of reading ISO-8859-1 and ASCII as windows-1252, a superset browsers use for both, so the
curly quotes such pages really hold come out right.
"""

from __future__ import annotations

import codecs
import re

PRESCAN_BYTES = 4096
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
# Browsers read these labels as windows-1252; so must we, or a page's “quotes” become C1 controls.
AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"})
# A page cannot be decoded as UTF-16 from a declaration in its own ASCII bytes: WHATWG reads it as UTF-8.
ASCII_INCOMPATIBLE = frozenset({"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be"})


def decode_page(content: bytes, content_type: str = "") -> str:
    """The page as text; undecodable bytes become U+FFFD, never an error."""
    for bom, codec in BOMS:
        if content.startswith(bom):
            return content.decode(codec, "replace")
    declared = _codec(_header_charset(content_type)) or _codec(declared_charset(content))
    if declared:
        return content.decode(declared, "replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", "replace")


def declared_charset(content: bytes) -> str:
    """The charset a page names in a <meta> among its first bytes, or ""."""
    match = META_CHARSET.search(content[:PRESCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else ""


def _header_charset(content_type: str) -> str:
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else ""


def _codec(label: str) -> str:
    """A Python codec for a declared label, or "" when the label is unknown or unusable."""
    label = label.strip().lower()
    if not label:
        return ""
    if label in AS_WINDOWS_1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    if name in ASCII_INCOMPATIBLE:
        return "utf-8"
    return "cp1252" if name in ("latin_1", "ascii") else name
