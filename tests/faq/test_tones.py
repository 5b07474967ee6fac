"""Tone marks put back on questions typed without them."""

from faq.tones import ToneModel

FAQ = [
    "Giấy phép bưu chính bị mất thì xin cấp lại thế nào?",
    "Đăng ký tạm trú cho người thuê nhà",
    "Cho em hỏi thời hạn đăng ký xe",
]


def test_an_unaccented_question_is_restored_from_the_faqs_words():
    assert ToneModel(FAQ).restore("giay phep buu chinh bi mat") == "giấy phép bưu chính bị mất"


def test_chat_abbreviations_are_spelt_out_and_restored():
    assert ToneModel(FAQ).restore("dang ky tam tru dc ko") == "đăng ký tạm trú được không"


def test_marks_a_citizen_typed_are_kept():
    assert ToneModel(FAQ).restore("cho em hỏi thời hạn") == "cho em hỏi thời hạn"


def test_words_the_model_never_saw_are_left_as_typed():
    assert ToneModel(FAQ, general=False).restore("zalo bi hack") == "zalo bị hack"
