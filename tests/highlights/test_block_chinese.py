"""Summaries on Chinese pages, whose labels close on a full-width colon or sit in brackets, and whose
words are not set apart by spaces. Reduced from the tune half of tests/data/external/xmu-finance (Chinese
finance news of 2018, wwwxmu/Dataset-for-web-main-content-extraction@3ee3b06a) and one page of the seventh
held-out set; the story is the harbour story of tests/highlights/test_block_patterns.py in Chinese.
"""

from __future__ import annotations

from digest.highlights.extract import extract_page
from digest.highlights.sentences import word_count
from digest.highlights.shape import words_of
from tests.highlights.pages import page
from tests.highlights.test_block_patterns import HARBOUR as HARBOUR_EN

SUMMARY = "市议会周二批准了港口线延伸工程，工程将于二〇二六年春季开工，预计三年完工，每天可运送四万名乘客。"
POINTS = [
    "市议会周二在长时间辩论后批准了港口线延伸工程。",
    "延伸工程将于二〇二六年春季开工，计划用三年时间完成。",
    "规划人员预计这条线路在工作日每天运送约四万名乘客。",
]
HARBOUR = "".join(
    f"<p>{sentence}市议会表示，通往新区的港口线延伸工程在二〇二六年春季开工、三年后竣工，届时每天将运送四万名乘客。</p>"
    for sentence in (
        *POINTS,
        "新区居民在公开会议上对这一决定表示欢迎，认为出行将更加方便。",
        "工程费用由市政府、地区政府和国家交通基金共同承担，各方已签署协议。",
    )
)


def found(article: str) -> tuple[str, list[str]]:
    extracted = extract_page(page(article, head="<title>港口线延伸工程获批</title>"))
    return extracted.highlight_marker, extracted.explicit_highlights


def test_words_of_unspaced_scripts_are_counted_by_characters() -> None:
    # Thresholds set in words (a summary's sentence has eight at least) hold for Chinese: three
    # characters count as two words, and spaced text counts as before.
    assert word_count("市议会周二批准了港口线延伸工程") == 10
    assert word_count("The council approved it") == 4
    assert word_count("港口线 extension 工程") == 5  # one spaced word, five characters as four


def test_chinese_text_is_compared_with_its_story_by_pairs_of_characters() -> None:
    assert {"港口", "口线", "线延"} <= words_of("港口线延伸")
    assert words_of("The harbour line") == {"harbour", "line"}


def test_a_synopsis_opened_by_a_label_and_a_full_width_colon_is_the_summary() -> None:
    # Yicai (xmu-yicai-1): <div class="intro">简介：天津市委…</div> between the headline and the story;
    # the colon is full-width and no space follows it.
    assert found(f'<div class="intro">简介：{SUMMARY}</div>{HARBOUR}') == ("简介", [SUMMARY])


def test_a_label_in_brackets_opening_the_first_paragraph_is_the_summary() -> None:
    # Caijing (xmu-cjw-36): <p>[<strong>摘要</strong>]据了解，…</p> as the body's first paragraph.
    assert found(f"<p>[<strong>摘要</strong>]{SUMMARY}</p>{HARBOUR}") == ("摘要", [SUMMARY])


def test_a_chinese_label_set_off_by_a_space_opens_the_summary() -> None:
    # Caijing (xmu-cjw-40): <p>摘要 姜洋回应放松期指限制：…</p>, a colon later in the sentence.
    summary = "港口线延伸工程获批：工程将于二〇二六年春季开工，预计三年完工，每天可运送四万名乘客。"

    assert found(f"<p>摘要 {summary}</p>{HARBOUR}") == ("摘要", [summary])


def test_a_lead_label_over_the_storys_paragraphs_takes_only_the_first() -> None:
    # 21st Century Business Herald reprints on NetEase (xmu-wangyi-14): a byline, <p><b>导读</b></p>, the
    # lead paragraph, then the story's paragraphs with nothing between; "（原标题：…）" above is the desk's
    # note, not the story's first paragraph.
    note = "<p>（原标题：港口线延伸工程获批，新区出行将更方便，每天可运送四万名乘客，工程预计三年完工）</p>"
    article = f"{note}<p>本报记者 李振 广州报道</p><p><b>导读</b></p><p>{SUMMARY}</p>{HARBOUR}"

    assert found(article) == ("导读", [SUMMARY])


def test_key_points_marked_as_such_over_a_list_are_the_summary() -> None:
    # Tencent (kingname/GeneralNewsExtractor:tests/qq/2.html, tests/data/real-pages-heldout-7 gne-qq-2):
    # <p>划重点：</p> over an <ol> of the story's points, at the top of the body.
    box = "<p>划重点：</p><ol>" + "".join(f"<li>{point}</li>" for point in POINTS) + "</ol>"

    assert found(box + HARBOUR) == ("划重点", POINTS)


def test_a_labelled_chinese_box_about_something_else_is_no_summary() -> None:
    # What the Chinese comparison must still tell apart: a "摘要" of another story.
    other = "央行周五宣布下调存款准备金率零点五个百分点，释放长期资金约一万亿元，支持实体经济发展。"

    assert found(f'<div class="intro">简介：{other}</div>{HARBOUR}')[1] == []


def test_a_short_labelled_sentence_opening_a_paragraph_is_the_summary() -> None:
    # A run-in label in a paragraph short enough to read as a label whole ("Key takeaway: …", under
    # seventy characters) is read as a label and its item, as a longer one always was.
    summary = "The council approved the harbour line extension on Tuesday."

    assert found(f"<p>Key takeaway: {summary}</p>{HARBOUR_EN}") == ("Key takeaway", [summary])


def test_a_labelled_lead_framed_in_brackets_is_the_summary_without_its_frame() -> None:
    # NetEase (chrislinan/cx-extractor-python:RawHtml/11.html@56f19b1b, tests/data/real-pages-heldout-14):
    # <p><font face="楷体">[摘要：…<a>Uber</a>…]</font></p> opening the body under the lead image.
    framed = (
        f'<p><font face="楷体">[摘要：{SUMMARY[:10]}<a href="/k/1.html">港口线</a>{SUMMARY[10:]}]</font></p>'
    )
    summary = SUMMARY[:10] + "港口线" + SUMMARY[10:]

    assert found(framed + HARBOUR) == ("摘要", [summary])
