"""Bytes of an article page → text, in the charset the page was written in.

One rule for pages read from a URL and from a file alike, so `digest highlights` shows what the
collector stores. The order goes from certain to guessed:
1. a byte-order mark: it cannot be there by accident;
2. the HTTP Content-Type charset: the server's word, which browsers also put first;
3. the page's own <meta charset> or http-equiv declaration in its first 4 KB, then an XML declaration
   (`<?xml … encoding="…"?>`) opening an XHTML page: the author's word. Either declaration the bytes
   disprove (they do not decode in it, and do as UTF-8) gives way to UTF-8: a page re-saved as UTF-8
   keeps its old "gb2312" meta, and read as declared every Chinese character would be lost. So does a
   one-byte charset (ISO-8859-1, windows-125x…) over bytes that are valid UTF-8 and not all ASCII,
   where browsers show "Â" before every non-breaking space: no real text in such a charset is valid
   UTF-8, and a server's default header often says ISO-8859-1 over UTF-8 pages;
4. UTF-8 when the bytes are valid UTF-8: text in a legacy charset that happens to be valid UTF-8 is
   vanishingly rare, so validity is proof enough;
5. otherwise a sniff: charset_normalizer guesses from a bounded sample that starts at the first
   non-ASCII byte (so a long head of scripts does not hide the text) and ends on a byte that cannot
   be half a character. It is how an undeclared GBK, Shift_JIS, EUC-KR or windows-1251 page comes out
   readable instead of as windows-1252 mojibake;
6. windows-1252 when the sniff is unsure, fails, or names something a web page is not written in.
Labels follow the WHATWG Encoding standard: ISO-8859-1 and ASCII are read as windows-1252 (the curly
quotes such pages really hold come out right), and GB2312, Shift_JIS, EUC-KR and Big5 as the supersets
browsers decode them with. Undecodable bytes become U+FFFD; nothing here raises.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

PRESCAN_BYTES = 4096
SNIFF_BYTES = 64 * 1024
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
NON_ASCII = re.compile(rb"[\x80-\xff]")
C1_RANGE = re.compile(rb"[\x80-\x9f]")
# The code page a Latin-script language is written in when it is not windows-1252.
LATIN_CODE_PAGES = {
    **dict.fromkeys(("Czech", "Polish", "Slovak", "Hungarian", "Slovene", "Croatian", "Romanian"), "cp1250"),
    "Turkish": "cp1254",
}
# Browsers read these labels as windows-1252; so must we, or a page's “quotes” become C1 controls.
AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii"})
# A page cannot be decoded as UTF-16 from a declaration in its own ASCII bytes: WHATWG reads it as UTF-8.
ASCII_INCOMPATIBLE = frozenset({"utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be"})
# WHATWG decodes these labels with a superset; pages labelled GB2312 routinely hold GBK characters.
SUPERSETS = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932",
    "euc_kr": "cp949", "big5": "big5hkscs", "iso8859-9": "cp1254", "tis-620": "cp874", "iso8859-11": "cp874",
}  # fmt: skip
# What a sniff may pick: the legacy encodings of the WHATWG standard, less those no detector can tell
# apart from windows-1252 on real text (a guess of ISO-8859-15 or a DOS code page is windows-1252 here),
# and ISO-2022-JP, whose 7-bit bytes are valid UTF-8 and never reach the sniff.
SNIFFABLE = (
    "gb18030", "big5", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr",
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_8", "koi8_r", "koi8_u", "cp866",
)  # fmt: skip
# What a declaration may name: the WHATWG standard's encodings. Python's registry also holds transforms
# (rot13, base64, zlib) that raise on bytes.decode, and codecs (UTF-7, EBCDIC) no browser decodes a
# page with, which a hostile page could use to read differently here than on screen.
WEB_ENCODINGS = (
    *SNIFFABLE, "utf-8", "iso8859_3", "iso8859_4", "iso8859_6", "iso8859_10", "iso8859_13", "iso8859_14",
    "iso8859_15", "iso8859_16", "mac_roman", "mac_cyrillic", "iso2022_jp", "gbk", "gb2312", "big5hkscs",
)  # fmt: skip
WEB_CODECS = frozenset(
    SUPERSETS.get(codecs.lookup(name).name, codecs.lookup(name).name) for name in WEB_ENCODINGS
)
MULTI_BYTE = frozenset({"utf-8", "gb18030", "big5hkscs", "cp932", "cp949", "euc_jp", "iso2022_jp"})
SINGLE_BYTE = WEB_CODECS - MULTI_BYTE
PLAUSIBLE = frozenset(SUPERSETS.get(codecs.lookup(name).name, codecs.lookup(name).name) for name in SNIFFABLE)


def decode_page(content: bytes, content_type: str = "") -> str:
    """The page as text; undecodable bytes become U+FFFD, never an error."""
    for bom, codec in BOMS:
        if content.startswith(bom):
            return content.decode(codec, "replace")
    declared = _codec(_header_charset(content_type)) or _codec(declared_charset(content))
    if declared in SINGLE_BYTE and not content.isascii():
        # Real text in a one-byte charset is never valid UTF-8 once it holds a non-ASCII byte; UTF-8
        # under an "ISO-8859-1" header or meta is a server default or a copy re-saved, and browsers'
        # "StateÂ closes" is nothing a reader of the digest should get.
        declared = "utf-8" if _utf8(content) else declared
    if declared:
        try:
            return content.decode(declared)
        except UnicodeDecodeError:
            # Copies re-saved as UTF-8 keep their old "gb2312" meta (test suites, archives, some CMSes):
            # a declaration the bytes disprove gives way to UTF-8 when UTF-8 reads them whole.
            return _utf8(content) or content.decode(declared, "replace")
    return _utf8(content) or content.decode(sniffed_codec(content), "replace")


def declared_charset(content: bytes) -> str:
    """The charset a page names in a <meta> among its first bytes, else in an opening XML
    declaration, or ""."""
    head = content[:PRESCAN_BYTES]
    match = META_CHARSET.search(head) or XML_ENCODING.match(head)
    return match.group(1).decode("ascii", "replace") if match else ""


def sniffed_codec(content: bytes) -> str:
    """The codec charset_normalizer finds for undeclared, non-UTF-8 bytes, or "cp1252" when it is
    unsure. The detector reads at most SNIFF_BYTES: a 10 MB page costs it what a 64 KB one does."""
    sample = sniff_sample(content)
    if not sample:
        return "cp1252"
    try:
        matches = charset_normalizer.from_bytes(
            sample, cp_isolation=list(SNIFFABLE), preemptive_behaviour=False, enable_fallback=False
        )
    except Exception:  # a detector's bug must not cost the page: the fallback is what we read before it
        return "cp1252"
    best = matches.best()
    if best is None:
        return "cp1252"
    codec = _codec(best.encoding)
    tied = {
        _codec(name) for match in matches if match.chaos <= best.chaos for name in match.could_be_from_charset
    }
    if "cp1252" in tied:
        # Latin-script code pages score alike on the same bytes (English with “quotes” fits windows-1250
        # as well as windows-1252): in a tie the language's own code page wins, else windows-1252.
        wanted = LATIN_CODE_PAGES.get(best.language, "cp1252")
        codec = wanted if wanted in tied or (wanted == "cp1250" and "iso8859-2" in tied) else "cp1252"
    if codec in ("cp1250", "iso8859-2"):
        # ISO-8859-2 has only C1 controls at 0x80-0x9F, where windows-1250 keeps letters as common as
        # š, ž and ś: those bytes tell the two apart.
        return "cp1250" if C1_RANGE.search(sample) else "iso8859-2"
    return codec if codec in PLAUSIBLE else "cp1252"


def sniff_sample(content: bytes) -> bytes:
    """At most SNIFF_BYTES of `content` from its first non-ASCII byte, ending after a byte that
    cannot be half a character; b"" when the page is all ASCII."""
    start = _first_non_ascii(content)
    if start < 0:
        return b""
    sample = content[start : start + SNIFF_BYTES]
    if len(sample) < SNIFF_BYTES:
        return sample
    # Bytes below 0x40 are never the second byte of a GBK, Big5, Shift_JIS or EUC character: a cut
    # after one leaves no half character for the detector to count against the right encoding.
    for end in range(len(sample) - 1, len(sample) - 4096, -1):
        if sample[end] < 0x40:
            return sample[: end + 1]
    return sample


def _first_non_ascii(content: bytes) -> int:
    # bytes.isascii runs at memory speed, a regex over 10 MB of markup five times slower.
    for offset in range(0, len(content), SNIFF_BYTES):
        chunk = content[offset : offset + SNIFF_BYTES]
        if not chunk.isascii():
            found = NON_ASCII.search(chunk)
            return offset + found.start() if found else -1
    return -1


def _utf8(content: bytes) -> str:
    """The bytes as UTF-8, or "" when they are not UTF-8 (or empty)."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return ""


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
    name = SUPERSETS.get(name, name)
    return name if name in WEB_CODECS else ""
