"""Sentences as a page's text really comes: wrapped by hand, paragraphs run together, a flattened
page header before the story. Each case is a real sentence that the lead lost or mangled."""

from __future__ import annotations

import pytest

from digest.highlights.extractive import extractive_highlights
from digest.highlights.sentences import is_furniture, split_sentences

# Daily Mail story cnndm-215 in shared/samples/cnndm-highlights.jsonl: a photo caption without a stop,
# then the story.
KIDD_CAPTION = (
    "Guilty: Samantha Kidd changed her plea and admitted four counts of assault against her estranged husband"
)
KIDD = [
    "The estranged wife of former motorcycle stunt rider Eddie Kidd has admitted hitting the severely "
    "disabled star.",
    "Samantha Kidd, 44, pleaded guilty to four counts of assaulting her wheelchair-bound husband yesterday, "
    "including slapping him across the face and calling him a ‘complete spastic’.",
    "The former James Bond stuntman, 54, was left in a coma for three months in 1996 after suffering brain "
    "damage when a jump went wrong.",
]
# CNN story cnndm-252, same file.
CORONEL = [
    "Mexican authorities say they've detained the father-in-law of one of the country's most wanted "
    "drug lords.",
    "Police Tuesday morning detained Ines Coronel Barreras, 45, on drug-related charges, officials told "
    "reporters.",
    'He is the father-in-law of Sinaloa cartel leader Joaquin "El Chapo" Guzman, authorities said.',
]


def test_a_sentence_wrapped_by_hand_over_several_lines_is_one_sentence() -> None:
    # cnndm-234 (Daily Mail): the paragraph is broken at 40-odd columns; both halves used to be dropped.
    text = (
        "The Palestinian Authority has agreed to \n"
        "the exhumation of his body from a mausoleum in Ramallah on the West Bank\n"
        "so the claim can be investigated."
    )

    assert split_sentences(text) == [
        "The Palestinian Authority has agreed to the exhumation of his body from a mausoleum in Ramallah on "
        "the West Bank so the claim can be investigated."
    ]


def test_a_line_broken_at_a_link_is_mended_without_a_space_before_the_possessive() -> None:
    # shared/samples/real-pages/pages/timesofindia-2024-synopsis.html as extracted: the linked name
    # "Pakistan" stands on its own line.
    text = 'NEW DELHI:\nPakistan\n\'s "whole-of-system approach" to countering militancy is evolving.'

    assert (
        split_sentences(text)[-1]
        == 'Pakistan\'s "whole-of-system approach" to countering militancy is evolving.'
    )


def test_a_new_paragraph_or_list_item_is_not_a_continuation() -> None:
    assert split_sentences("Shopping list\n- eggs and milk\n\nThe shop\nopens at nine.") == [
        "Shopping list",
        "eggs and milk",
        "The shop opens at nine.",
    ]


def test_a_caption_run_into_the_story_is_cut_off_when_the_paragraphs_were_joined() -> None:
    text = " ".join([KIDD_CAPTION, *KIDD])

    assert split_sentences(text)[:2] == [KIDD_CAPTION, KIDD[0]]
    assert extractive_highlights(text) == KIDD


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister told The Guardian that the plan was dead.",
        "Seizures of Class A drugs such as cocaine have quadrupled.",  # cnndm-217
        "Parma beat Serie A leaders Juventus 1-0 at the Stadio Tardini.",  # cnndm-260
        "He was watching Made In Chelsea when the lights went out.",
    ],
)
def test_a_capitalised_word_inside_a_sentence_does_not_split_it(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    "header",
    [
        # Daily Mail article header (the layout in the raw CNN/DM corpus), flattened with and without dots.
        "By . Daily Mail Reporter . PUBLISHED: . 12:01 EST, 3 May 2013 . | . "
        "UPDATED: . 14:07 EST, 3 May 2013 .",
        "By Jill Reilly PUBLISHED: 08:36 EST, 5 December 2013 | UPDATED: 12:02 EST, 5 December 2013",
        "By Sarah Smith, Political Correspondent Published: 12:01 EST, 3 May 2013",
        "Last updated at 9:13 AM on 3rd May 2013",
        # CNN article page of 2015: byline, stamp, then "(CNN)" glued to the first word.
        "By Ashley Fantz, CNN Updated 1642 GMT (0042 HKT) April 5, 2015 (CNN)",
        "Washington (CNN)",
        "UPDATED 3:45 p.m. ET",
        "Published March 3, 2024 at 10:15 a.m. EST",
    ],
)
@pytest.mark.parametrize("joiner", ["\n", " "])
def test_a_flattened_page_header_is_cut_and_the_lead_kept(header: str, joiner: str) -> None:
    glue = "" if header.endswith("(CNN)") else joiner

    assert extractive_highlights(header + glue + joiner.join(CORONEL)) == CORONEL


def test_a_time_stamp_alone_is_furniture_and_a_number_that_opens_the_story_stays() -> None:
    assert is_furniture("12:01 EST, 3 May 2013 . | .")
    assert is_furniture("14:07 EST, 3 May 2013 .")
    assert not is_furniture("2,000 people marched through the city centre on Monday.")
    story = "2,000 people marched through the city centre on Monday. " + " ".join(CORONEL)
    assert extractive_highlights("Updated 5 May 2013 " + story)[0] == story.split(". ")[0] + "."
    assert extractive_highlights("Updated 5 May 2013 At least 20 people died in the fire on Monday.") == [
        "At least 20 people died in the fire on Monday."
    ]


@pytest.mark.parametrize("joiner", ["\n", " "])
def test_a_dateline_with_a_colon_is_cut(joiner: str) -> None:
    # shared/samples/real-pages/pages/timesofindia-2024-synopsis.html (Times of India), and the same
    # site's "BENGALURU:" stories.
    text = joiner.join(["NEW DELHI: " + CORONEL[0], *CORONEL[1:]])

    assert extractive_highlights(text) == CORONEL


def test_a_short_opening_sentence_is_part_of_the_lead() -> None:
    # Daily Mail story cnndm-228 in shared/samples/cnndm-highlights.jsonl.
    story = [
        "Fernando Torres is back home.",
        "He has returned to Atletico Madrid in a bid to rediscover his form.",
        "The 30-year-old returned an impressive 91 goals from 244 appearances during his first spell.",
    ]

    assert extractive_highlights(" ".join(story)) == story


@pytest.mark.parametrize("joiner", ["\n", " "])
def test_an_editors_note_in_square_brackets_is_not_part_of_the_lead(joiner: str) -> None:
    # shared/samples/real-pages/pages/nytimes-2019-what-you-need-to-know-newsletter.html
    note = "[What you need to know to start the day: Get New York Today in your inbox.]"

    assert extractive_highlights(joiner.join([note, *CORONEL])) == CORONEL


@pytest.mark.parametrize(
    "caption", ["WATCH: The moment the roof of the stand gave way.", "PHOTOS: Inside the new hall."]
)
def test_a_caption_label_in_capitals_is_not_cut_like_a_dateline(caption: str) -> None:
    assert extractive_highlights(" ".join([caption, *CORONEL])) == CORONEL


# ORF's obituary of Lotte Tobisch (tests/data/real-pages-heldout/pages/, adbar/trafilatura tests/eval):
# German writes ordinals with a stop, so "am 28. März" and "zu ihrem 90. Geburtstag" are not endings.
@pytest.mark.parametrize(
    "sentence",
    [
        "Tobisch wurde am 28. März 1926 in Wien geboren.",
        "Das sagte sie in einem Interview zu ihrem 90. Geburtstag im Burgtheater.",
        "Die Wahl findet am 1. Oktober statt, sagte der Sprecher.",
        "Seit dem 3. August gilt die neue Regel für alle Fahrer.",
    ],
)
def test_a_german_ordinal_number_does_not_end_the_sentence(sentence: str) -> None:
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    "text",
    [
        "The striker was 28. March brought his first cap.",
        "Prices rose in 1990. Die Zahlen stiegen.",
        "The list had 12. The next one had more.",
    ],
)
def test_a_number_that_ends_an_english_sentence_still_ends_it(text: str) -> None:
    assert len(split_sentences(text)) == 2


# A Yicai story (wwwxmu/Dataset-for-web-main-content-extraction:source_html/yicai/10.html@3ee3b06a),
# shortened: Chinese ends a sentence on a full-width stop with no space after it and no capital to follow.
MOUTAI = (
    "贵州茅台大幅高开近7%，强势突破600元大关，再创历史新高。"
    "中金分析师称，贵州茅台三季度业绩大幅超预期，主因三季度营收大增116%。"
    "一位分析师说：“茅台的提价空间仍然很大。需求依旧旺盛。”"
    "三季度茅台酒供给大幅增加到11000吨左右，渠道库存保持在较低水平。"
)


def test_chinese_sentences_end_on_full_width_stops_outside_quotations() -> None:
    assert split_sentences(MOUTAI) == [
        "贵州茅台大幅高开近7%，强势突破600元大关，再创历史新高。",
        "中金分析师称，贵州茅台三季度业绩大幅超预期，主因三季度营收大增116%。",
        "一位分析师说：“茅台的提价空间仍然很大。需求依旧旺盛。”",
        "三季度茅台酒供给大幅增加到11000吨左右，渠道库存保持在较低水平。",
    ]


def test_the_lead_of_a_chinese_story_is_its_first_three_sentences() -> None:
    # Before, no Chinese sentence passed as one (no capital, no spaces to count words by): the lead fell
    # back to the whole first paragraph.
    assert extractive_highlights(MOUTAI) == [
        "贵州茅台大幅高开近7%，强势突破600元大关，再创历史新高。",
        "中金分析师称，贵州茅台三季度业绩大幅超预期，主因三季度营收大增116%。",
        "一位分析师说：“茅台的提价空间仍然很大。需求依旧旺盛。”",
    ]
