"""Page bytes → text: the server's header first, then the page's own declaration, for files and URLs alike;
undeclared bytes that are not UTF-8 are sniffed, and windows-1252 when the sniff is unsure."""

from __future__ import annotations

from typing import Any

import pytest

from digest.highlights import charset
from digest.highlights.charset import declared_charset, decode_page
from tests.highlights.pages import FIXTURES

LATIN1_PAGE = '<html><head><meta charset="iso-8859-1"></head><body>Verfügbar</body></html>'.encode("latin-1")


def test_it_reads_the_pages_meta_charset() -> None:
    assert "Verfügbar" in decode_page(LATIN1_PAGE)


def test_it_reads_an_http_equiv_declaration() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>“Größe”</p>'

    assert "“Größe”" in decode_page(page.encode("cp1252"))


def test_the_http_header_wins_over_the_page() -> None:
    mislabelled = LATIN1_PAGE.replace(b"iso-8859-1", b"utf-8")

    assert "Verfügbar" in decode_page(mislabelled, "text/html; charset=ISO-8859-1")


def test_undeclared_bytes_are_utf8_when_they_can_be_and_windows_1252_otherwise() -> None:
    assert decode_page("Verfügbar".encode()) == "Verfügbar"
    assert decode_page("Verfügbar".encode("cp1252")) == "Verfügbar"


def test_an_unknown_or_hostile_label_falls_back_instead_of_failing() -> None:
    assert decode_page("Verfügbar".encode(), "text/html; charset=x-no-such-thing") == "Verfügbar"
    assert decode_page(b'<meta charset="utf-16"><p>ok</p>') == '<meta charset="utf-16"><p>ok</p>'


@pytest.mark.parametrize(
    "label", ["rot13", "base64", "hex", "zlib", "uu", "undefined", "utf-7", "unicode_escape", "idna", "cp037"]
)
def test_a_label_no_browser_decodes_a_page_with_is_ignored(label: str) -> None:
    # Python's codec registry holds transforms (rot13, base64, zlib) that raise on bytes.decode, and
    # codecs (UTF-7, EBCDIC) a page could use to smuggle markup past a filter: WHATWG knows neither.
    page = f'<meta charset="{label}"><p>Café +ADw-script+AD4-</p>'.encode()

    assert decode_page(page) == page.decode("utf-8")
    assert decode_page(page, f"text/html; charset={label}") == page.decode("utf-8")


# Undeclared pages that are not UTF-8: the bytes are sniffed (charset_normalizer) instead of read as
# windows-1252. The texts below were written for these tests after real news reports in each language.
GBK_PAGE = FIXTURES / "gbk-undeclared-people-cn.html"  # its source is named in its opening comment
JAPANESE = (
    "東京都は十五日、都内の新型コロナウイルスの感染者が新たに三百人確認されたと発表した。前の週の同じ曜日と"
    "比べて百人ほど少なく、減少傾向が続いている。都の担当者は「引き続き基本的な感染対策を続けてほしい」と話している。"
)
KOREAN = (
    "서울시는 15일 올해 여름 폭염에 대비해 시내 무더위 쉼터를 작년보다 500곳 늘린 "
    "4천여 곳으로 확대한다고 밝혔다. 시는 어르신과 취약계층이 가까운 곳에서 더위를 피할 수 "
    "있도록 주민센터와 경로당을 중심으로 쉼터를 운영할 계획이다."
)
RUSSIAN = (
    "В Москве в понедельник открылась новая станция метро на Большой кольцевой линии. По словам мэра, "
    "строительство заняло три года, а новая станция позволит жителям соседних районов добираться до центра "
    "города на двадцать минут быстрее."
)
CZECH = (
    "Vláda ve středu schválila návrh rozpočtu na příští rok, podle něhož stát hospodaří se schodkem nižším "
    "než letos. Ministr financí řekl, že úspory se dotknou především provozních výdajů úřadů a že žádné daně "
    "se zvyšovat nebudou."
)
HUNGARIAN = (
    "A kormány szerdán elfogadta a jövő évi költségvetés tervezetét, amely szerint a hiány csökken. A "
    "pénzügyminiszter szerint a megtakarítások elsősorban a hivatalok működési kiadásait érintik."
)
TURKISH = (
    "Hükümet çarşamba günü yeni ekonomi programını açıkladı. Bakan, enflasyonun önümüzdeki yıl düşeceğini "
    "ve işsizliğin azalacağını söyledi."
)
ENGLISH = (
    "“It’s a great day for the club,” said the manager — who signed the striker for £30.75m — after "
    "Saturday’s win. Fans sang until the floodlights went off…"
)


def undeclared(text: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>News</title></head><body><h1>News</h1><p>{text}</p></body></html>"
    )


def test_an_undeclared_gbk_page_is_read_as_chinese() -> None:
    text = decode_page(GBK_PAGE.read_bytes())

    assert "<h2>关注青少年心理健康“心成长”服务项目启动</h2>" in text
    assert "本报讯（记者叶婉）近日" in text
    assert "\ufffd" not in text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(JAPANESE, "shift_jis"), (JAPANESE, "euc_jp"), (KOREAN, "euc_kr"), (RUSSIAN, "cp1251"),
     (RUSSIAN, "koi8_r"), (CZECH, "iso8859_2"), (CZECH, "cp1250"), (HUNGARIAN, "iso8859_2"),
     (TURKISH, "cp1254")],
)  # fmt: skip
def test_an_undeclared_page_in_a_legacy_charset_is_sniffed(text: str, encoding: str) -> None:
    assert decode_page(undeclared(text).encode(encoding)) == undeclared(text)


def test_an_undeclared_page_with_curly_quotes_stays_windows_1252() -> None:
    for text in (
        ENGLISH,
        "Die Größe überrascht: „Wir hätten es nie gedacht“, sagt die Bürgermeisterin – und lacht.",
    ):
        assert decode_page(undeclared(text).encode("cp1252")) == undeclared(text)


def test_a_declaration_wins_over_the_sniff() -> None:
    # EUC-JP, EUC-KR and GBK share their byte ranges: a short title alone could be sniffed as any of them.
    title = "<title>東京</title>".encode("euc_jp")

    assert decode_page(b'<meta charset="euc-jp">' + title) == '<meta charset="euc-jp"><title>東京</title>'
    assert decode_page(title, "text/html; charset=EUC-JP") == "<title>東京</title>"


def test_a_declaration_the_bytes_disprove_gives_way_to_utf8() -> None:
    # How magic-html's benchmark keeps the people.com.cn page: re-saved as UTF-8, its GB2312 meta kept.
    meta = '<meta http-equiv="content-type" content="text/html;charset=GB2312">'
    page = GBK_PAGE.read_bytes().decode("gbk").replace("<html><head>", "<html><head>" + meta)

    assert decode_page(page.encode()) == page
    assert decode_page(page.encode(), "text/html; charset=gb2312") == page
    # Bytes a multi-byte charset reads stay in it, even when they are valid UTF-8 too, as in browsers.
    assert decode_page("東京".encode("gbk"), "text/html; charset=gbk") == "東京"


@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "iso-8859-15", "windows-1250", "koi8-r"])
def test_utf8_bytes_under_a_single_byte_declaration_are_read_as_utf8(label: str) -> None:
    # SI.com's "Ohio State closes Santonio Holmes investigation" (shared/samples/real-pages, from
    # adbar/htmldate) declares ISO-8859-1 over UTF-8 bytes: browsers show "StateÂ closes", and so did
    # the digest. Real text in a one-byte charset is never valid UTF-8 once it holds a non-ASCII byte.
    page = "<title>Ohio State\xa0closes Santonio\xa0Holmes investigation – Größe</title>"

    assert decode_page(page.encode(), f"text/html; charset={label}") == page
    assert decode_page(f'<meta charset="{label}">{page}'.encode()) == f'<meta charset="{label}">{page}'


def test_a_legacy_label_reads_as_the_superset_browsers_use() -> None:
    # 镕 is in GBK, not in GB2312: pages labelled gb2312 hold such characters and browsers show them.
    page = '<meta charset="gb2312"><p>朱镕基</p>'

    assert decode_page(page.encode("gbk")) == page


def test_it_reads_the_xml_declaration_of_an_xhtml_page() -> None:
    # Sniffed, these bytes would be Korean (EUC-KR): the declaration is what makes them Japanese.
    page = '<?xml version="1.0" encoding="EUC-JP"?>\n<html><body><p>東京都の天気</p></body></html>'

    assert decode_page(page.encode("euc_jp")) == page
    assert declared_charset(b"<p>" + page.encode("euc_jp")) == ""  # only a declaration that opens the page


def test_bytes_the_sniff_cannot_place_are_windows_1252() -> None:
    noise = bytes(range(128, 256)) * 4

    assert decode_page(noise) == noise.decode("cp1252", "replace")


def test_a_failing_detector_costs_nothing_but_the_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("detector bug")

    monkeypatch.setattr(charset.charset_normalizer, "from_bytes", broken)

    assert decode_page(undeclared(ENGLISH).encode("cp1252")) == undeclared(ENGLISH)


def test_the_sniff_reads_a_bounded_sample_of_a_hostile_page(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []
    detect = charset.charset_normalizer.from_bytes

    def spy(sample: bytes, **kwargs: Any) -> Any:
        seen.append(sample)
        return detect(sample, **kwargs)

    monkeypatch.setattr(charset.charset_normalizer, "from_bytes", spy)
    # 200 KB of markup before the text, then 10 MB of Russian: the text decides, and only 64 KB of it is read.
    head = b"<html><head><script>" + b"var x = 1;\n" * 20_000 + b"</script></head><body>"
    body = ("<p>" + RUSSIAN + "</p>\n").encode("cp1251") * 25_000
    text = decode_page(head + body)

    assert len(seen) == 1 and 0 < len(seen[0]) <= charset.SNIFF_BYTES
    assert seen[0].startswith(RUSSIAN[:8].encode("cp1251"))
    assert text.endswith(RUSSIAN + "</p>\n") and len(text) == len(head) + len(body)


def test_the_sample_is_cut_between_two_characters() -> None:
    paragraph = ("<p>" + "关注青少年心理健康，促进身心和谐发展。" * 40 + "</p>\n").encode("gbk")
    for shift in range(4):  # the 64 KB mark falls on each byte of a character in turn
        sample = charset.sniff_sample(b"x" * shift + paragraph * 200)

        assert charset.SNIFF_BYTES - 4096 < len(sample) <= charset.SNIFF_BYTES
        assert sample.decode("gbk").endswith(("<p>", "</p>\n", "，", "。"))
