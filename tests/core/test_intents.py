"""Intents before the FAQ: what each message is taken for, with and without diacritics, and the
FAQ-like questions that must stay questions."""

from __future__ import annotations

import pytest

from bot.core.intents import Intent, recognise, strip_greeting
from bot.core.tickets import TicketType
from faq.marks import strip_marks
from tests.transcript import Citizen

CASES = [
    ("Xin chào", Intent.GREETING, None),
    ("chào ad ạ", Intent.GREETING, None),
    ("Cảm ơn cán bộ nhiều", Intent.THANKS, None),
    ("ok thanks", Intent.THANKS, None),
    ("tạm biệt nhé", Intent.GOODBYE, None),
    ("menu", Intent.HELP, None),
    ("trợ giúp", Intent.HELP, None),
    ("cho tôi gặp cán bộ", Intent.HUMAN, None),
    ("hotline của Sở là bao nhiêu", Intent.HOTLINE, None),
    ("cho xin địa chỉ ạ", Intent.ADDRESS, None),
    ("thứ 7 có làm việc không", Intent.HOURS, None),
    ("tra cứu hồ sơ", Intent.TRACK, None),
    # Phrases of one fact after another, and how far a request has gone.
    ("sđt đường dây nóng là gì", Intent.HOTLINE, None),
    ("cho xin số điện thoại đường dây nóng của Sở", Intent.HOTLINE, None),
    ("đơn của tôi đến đâu rồi", Intent.TRACK, None),
    ("phản ánh của em đã có kết quả chưa ạ", Intent.TRACK, None),
    ("tôi muốn gửi phản ánh", Intent.FILE, TicketType.PHAN_ANH),
    ("em muốn phản ánh mạng chập chờn ở xã", Intent.FILE, TicketType.PHAN_ANH),
    ("tôi có kiến nghị", Intent.FILE, TicketType.KIEN_NGHI),
    ("khiếu nại", Intent.FILE, TicketType.KHIEU_NAI),
    ("mình muốn làm đơn tố cáo", Intent.FILE, TicketType.TO_CAO),
    # Information without a name is not a tố cáo (Luật Tố cáo 2018 Đ25): its own flow.
    ("tôi muốn báo tin nhưng không muốn nêu tên", Intent.FILE, TicketType.THONG_TIN),
    ("gửi thông tin ẩn danh", Intent.FILE, TicketType.THONG_TIN),
    ("em muốn tố cáo nặc danh việc thu tiền sai quy định", Intent.FILE, TicketType.THONG_TIN),
    ("xin cung cấp thông tin, không để lại tên", Intent.FILE, TicketType.THONG_TIN),
    # Asking for confidentiality is a tố cáo with a name, protected (Đ47).
    ("tôi muốn tố cáo, xin giữ bí mật danh tính", Intent.FILE, TicketType.TO_CAO),
    # "e" is how "em" is typed in chat.
    ("e muốn kiến nghị", Intent.FILE, TicketType.KIEN_NGHI),
    ("cho e phản ánh", Intent.FILE, TicketType.PHAN_ANH),
    ("e cảm ơn ạ", Intent.THANKS, None),
    ("cho e gặp cán bộ", Intent.HUMAN, None),
    # Chat abbreviations, as the FAQ reads them (faq/lexicon_data/abbreviations.yaml).
    ("tôi muốn báo tin nhưng ko muốn nêu tên", Intent.FILE, TicketType.THONG_TIN),
    ("cho gặp cb", Intent.HUMAN, None),
    ("tra cứu hs", Intent.TRACK, None),
    ("mấy h làm việc", Intent.HOURS, None),
    # The English the English menu invites.
    ("what are your working hours", Intent.HOURS, None),
    ("track my request", Intent.TRACK, None),
    ("check status", Intent.TRACK, None),
    ("what is your address", Intent.ADDRESS, None),
]

QUESTIONS = [
    "khiếu nại thì làm thế nào?",
    "Thủ tục tố cáo cán bộ",
    "Đơn khiếu nại",  # the form itself: a question for the FAQ
    "Chờ phản hồi",
    "Báo cáo tài chính",
    "Gửi góp ý",
    "giá vàng hôm nay",
    "số điện thoại của tôi bị khóa",
    "số điện thoại và địa chỉ email của doanh nghiệp bưu chính",
    "khiếu nại của tôi bị từ chối thì làm gì",
    "địa chỉ đăng ký kinh doanh ghi sai thì sửa ở đâu",
    "chào ad, cho mình hỏi thủ tục xin giấy phép bưu chính",
    "tôi muốn hỏi thủ tục phản ánh",
    "tố cáo giấu tên có được giải quyết không",
    "gửi thông tin ẩn danh được không",
    "cho tôi thông tin về thủ tục cấp phép",
    "tôi không muốn nêu tên",
    "tôi không biết tiếng Anh",  # a message that mentions a language without asking for it
    "học tiếng Anh ở đâu",
    "có mẫu đơn bằng tiếng Anh không",
    "English version of the form?",
    "tiếng",
]

LANGUAGES = [
    ("english", "en"), ("English please", "en"), ("tiếng Anh", "en"), ("cho tôi tiếng Anh", "en"),
    ("switch to English", "en"), ("chuyển sang tiếng Anh ạ", "en"),
    ("tiếng Việt", "vi"), ("Vietnamese", "vi"), ("anh ơi tiếng việt", "vi"),
    ("đổi sang tiếng Việt", "vi"), ("dùng tiếng Việt nhé", "vi"),
]


@pytest.mark.parametrize(("text", "intent", "kind"), CASES)
@pytest.mark.parametrize("spelling", ["as typed", "without diacritics"])
def test_each_intent_is_recognised(text, intent, kind, spelling):
    if spelling != "as typed":
        text = strip_marks(text)
    found = recognise(text)
    assert found is not None and (found.intent, found.ticket_type) == (intent, kind), text


@pytest.mark.parametrize(("text", "language"), LANGUAGES)
@pytest.mark.parametrize("spelling", ["as typed", "without diacritics"])
def test_asking_only_for_a_language_is_a_switch_to_it(text, language, spelling):
    if spelling != "as typed":
        text = strip_marks(text)
    found = recognise(text)
    assert found is not None and (found.intent, found.language) == (Intent.LANGUAGE, language)


@pytest.mark.parametrize("question", QUESTIONS)
def test_questions_that_share_words_with_intents_stay_questions(question):
    assert recognise(question) is None
    assert recognise(strip_marks(question)) is None


@pytest.mark.parametrize(("text", "code"), [
    ("PA-2026-00001", "PA-2026-00001"), ("pa 2026 42", "PA-2026-00042"),
    ("TC2026-00007", "TC-2026-00007"), ("kn202600003", "KN-2026-00003"),
])
def test_a_bare_code_is_a_lookup(text, code):
    assert recognise(text) == recognise(code)
    found = recognise(text)
    assert found is not None and found.intent is Intent.TRACK and found.code == code


@pytest.mark.parametrize(("text", "code"), [
    ("tra cứu PA-2026-00001", "PA-2026-00001"), ("tra cuu ma HD-2026-00001", "HD-2026-00001"),
    ("Kiểm tra hồ sơ mã số pa 2026 42", "PA-2026-00042"),
    ("tình trạng đơn TC2026-00007", "TC-2026-00007"),
])
def test_tracking_words_before_a_code_are_a_lookup_of_that_code(text, code):
    found = recognise(text)
    assert found is not None and found.intent is Intent.TRACK and found.code == code


def test_a_code_after_other_words_is_not_taken_for_a_lookup():
    found = recognise("tôi gửi PA-2026-00001 rồi mà chưa thấy trả lời")
    assert found is None or found.code is None


def test_forgetting_the_code_is_understood_only_when_a_code_was_asked_for():
    assert recognise("tôi không nhớ mã") is None
    found = recognise("tôi không nhớ mã", awaiting_code=True)
    assert found is not None and found.intent is Intent.TRACK and found.code is None


def test_a_greeting_before_a_question_is_dropped_in_the_original_spelling():
    assert strip_greeting("Chào ad, cho mình hỏi giờ làm việc ạ") == "cho mình hỏi giờ làm việc ạ"
    assert strip_greeting("Xin chào") == "Xin chào"
    assert strip_greeting("chaof ban oi thu tuc cap phep") == "thu tuc cap phep"


async def test_greetings_thanks_and_contact_facts_get_their_own_answer(app):
    citizen = Citizen(app.conversation)
    await citizen.says("xin chao")
    assert citizen.text.startswith("Xin chào") and "Gửi phản ánh" in citizen.buttons()
    await citizen.says("Cảm ơn ạ")
    assert "Cảm ơn Ông/Bà đã liên hệ" in citizen.text
    await citizen.says("hotline")
    assert "0200 3 800 800" in citizen.text and "chưa tìm thấy" not in citizen.text
    await citizen.says("dia chi o dau")
    assert "số 1 đường Trung tâm" in citizen.text
    await citizen.says("gặp cán bộ")
    assert "chuyển cho cán bộ" in citizen.text and "0200 3 800 800" in citizen.text


async def test_typing_a_language_switches_to_it_as_the_command_does(app):
    citizen = Citizen(app.conversation)
    await citizen.says("English please")
    assert citizen.text.startswith("Hello") and "Tiếng Việt" in citizen.buttons()
    assert "chưa có câu trả lời" not in citizen.text
    await citizen.says("/phananh")
    assert "What is your feedback about?" in citizen.text  # the choice is remembered
    await citizen.says("/huy")
    await citizen.says("tieng viet")
    assert citizen.text.startswith("Xin chào") and "English" in citizen.buttons()


async def test_a_bare_code_shows_the_citizens_own_request(app):
    citizen = Citizen(app.conversation)
    await citizen.says("PA-2026-00001")
    assert "Không tìm thấy yêu cầu PA-2026-00001" in citizen.text  # looked up, not a question
    assert "viết rõ hơn" not in citizen.text
    await citizen.says("tra cứu PA-2026-00001")
    assert "Không tìm thấy yêu cầu PA-2026-00001" in citizen.text  # not a question to the FAQ


async def test_offering_information_without_a_name_starts_the_anonymous_flow(app):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi muốn báo tin nhưng không muốn nêu tên")
    assert "không nêu danh tính" in citizen.text and "Hủy" in citizen.buttons()


async def test_saying_what_to_file_starts_that_flow(app):
    citizen = Citizen(app.conversation)
    await citizen.says("toi muon gui kien nghi")
    assert "kiến nghị" in citizen.text.lower() and "Hủy" in citizen.buttons()
    await citizen.says("/huy")
    await citizen.says("Chào anh, giờ làm việc của Sở thế nào?")  # a greeting, then a question
    assert "7h30 - 11h30" in citizen.text


def test_a_long_message_of_contact_words_is_read_at_once():
    # Each word alone is a phrase of the hotline: a message of 2,000 of them is a question
    # for the FAQ, read without trying every way to split it.
    assert recognise(" ".join(["sdt"] * 2000)) is None
