"""Acronyms citizens type are read as the FAQ phrases whose syllable initials spell them."""

from faq.acronyms import Acronyms
from faq.entries import FaqEntry
from faq.matcher import FaqMatcher
from faq.normalize import tokens

TEXTS = [
    tokens(t)
    for t in (
        "Giấy phép phòng cháy chữa cháy cho nhà xưởng",
        "Kiểm tra phòng cháy chữa cháy định kỳ",
        "Sở Thông tin và Truyền thông tiếp nhận hồ sơ",
        "Liên hệ Sở Thông tin và Truyền thông",
        "Tiền trực tuyến thì nộp đơn khiếu nại ở đâu",
    )
]
ACRONYMS = Acronyms(TEXTS, frozenset(t for text in TEXTS for t in text), TEXTS.__getitem__)


def test_initials_of_a_repeated_phrase_expand_to_it():
    assert ACRONYMS.expand("pccc") == ("phong", "chay", "chua", "chay")


def test_and_is_left_out_and_the_most_frequent_phrase_wins():
    # "tiền trực tuyến thì" has the same initials but is seen once
    assert ACRONYMS.expand("tttt") == ("thong", "tin", "truyen", "thong")


def test_words_syllables_and_two_letter_chat_words_are_not_acronyms():
    assert ACRONYMS.expand("ho") is None  # a syllable
    assert ACRONYMS.expand("giay") is None  # a word of the FAQ
    assert ACRONYMS.expand("pc") is None  # too short to be sure
    assert ACRONYMS.expand("ndkn") is None  # "nộp đơn khiếu nại" is seen once only


def test_a_question_in_acronyms_finds_the_entry_spelt_out():
    entries = [
        FaqEntry("csdl", "Tra cứu cơ sở dữ liệu văn bản ở đâu?", (), "Cơ sở dữ liệu văn bản."),
        FaqEntry("ho-so", "Tra cứu hồ sơ đã nộp ở đâu?", (), "Hồ sơ."),
    ]
    assert FaqMatcher(entries).rank("tra cứu csdl", 1)[0][0].id == "csdl"
