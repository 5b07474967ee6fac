"""Decisions of the matcher on the bundled FAQ, in every style citizens write."""

import io
import json
from functools import cache

import pytest

from faq.commands import match_lines
from faq.entries import FaqEntry
from faq.loader import load_faq
from faq.matcher import Decision, FaqMatcher


@cache
def matcher() -> FaqMatcher:
    return FaqMatcher(load_faq())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # accented paraphrases
        (
            "Công ty tôi mới thành lập, muốn xin phép làm dịch vụ chuyển phát thì cần hồ sơ gì?",
            "buu-chinh-cap-moi",
        ),
        ("muốn tố cáo cán bộ gây khó dễ khi làm hồ sơ", "to-cao-can-bo"),
        # no diacritics
        (
            "sim bi khoa 1 chieu vi chua cap nhat thong tin thi mo lai the nao",
            "vien-thong-sim-bi-khoa",
        ),
        # chat abbreviations
        ("cty e đổi địa chỉ trụ sở r, gp bưu chính có phải sửa k ad", "buu-chinh-sua-doi"),
        ("e quên pass mail công vụ r", "thu-dien-tu-quen-mat-khau"),
        # typos and Telex leftovers around greetings
        ("cho mình hoir cách nộp hồ sơ trực tuyếns trên cổng dịch vụ công", "dvc-nop-truc-tuyen"),
        (
            "chào ad, mình bị lừa chuyển khoảnn cho bọn lừa đảo trên mạg, giờ phải làm gì ạ",
            "an-ninh-mang-bi-lua-chuyen-tien",
        ),
    ],
)
def test_answers(query, expected):
    result = matcher().match(query)
    assert result.decision is Decision.ANSWER
    assert result.entry is not None and result.entry.id == expected
    assert 0.0 <= result.score <= 1.0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ad ơi dạo này e nhận tin nhắn rác quá trời, báo ở đâu v", "vien-thong-tin-nhan-rac"),
        (
            "tài khoản zalo của mẹ e bị hack r, đang nhắn vay tiền mn",
            "an-ninh-mang-tai-khoan-bi-chiem",
        ),
        ("mở quán net cần giấy tờ gì", "internet-dai-ly-game"),
        ("cách xem hồ sơ đã xử lý đến đâu", "dvc-tra-cuu-ho-so"),
    ],
)
def test_ranks_first(query, expected):
    assert matcher().rank(query, 3)[0][0].id == expected


@pytest.mark.parametrize(
    "query",
    [
        "Hôm nay trời có mưa không?",
        "giá vàng hôm nay bao nhiêu",
        "",
        "!!!",
    ],
)
def test_out_of_scope_is_declined(query):
    result = matcher().match(query)
    assert result.decision is Decision.DECLINE
    assert result.entry is None and result.suggestions == ()


@pytest.mark.parametrize(
    "query",
    [
        "Sổ đỏ bị mất thì xin cấp lại ở đâu?",  # FAQ words, another agency's matter
        "đăng ký khai sinh cho con ở đâu",
    ],
)
def test_hard_negatives_are_never_answered(query):
    """Questions in FAQ words that no entry answers: at most offered as suggestions."""
    assert matcher().match(query).entry is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("giấy phép bưu chính", {"buu-chinh-cap-moi", "buu-chinh-cap-lai", "buu-chinh-sua-doi"}),
        ("chữ ký số", {"chu-ky-so-ca-nhan", "chu-ky-so-cong-vu", "chu-ky-so-mat-thiet-bi"}),
    ],
)
def test_near_duplicates_are_suggested_together(query, expected):
    result = matcher().match(query)
    assert result.decision is Decision.SUGGEST
    assert result.entry is None
    assert expected <= {e.id for e in result.suggestions}
    assert len(result.suggestions) <= 3


def test_near_duplicates_told_apart_when_the_question_says_which():
    ids = [
        matcher().match(q).entry.id
        for q in (
            "Công ty tôi mới thành lập, muốn xin phép làm dịch vụ chuyển phát thì cần hồ sơ gì?",
            "cty e đổi địa chỉ trụ sở r, gp bưu chính có phải sửa k ad",
            "cấp lại giấy phép bưu chính bị mất",
        )
    ]
    assert ids == ["buu-chinh-cap-moi", "buu-chinh-sua-doi", "buu-chinh-cap-lai"]


def test_a_question_typed_in_raw_telex_is_read_as_typed_without_marks():
    """"kys" is "ky": the same entries are offered as for "dang ky chu ky so"."""
    telex, plain = (matcher().match(q) for q in ("ddawng kys chuwx kys soos", "dang ky chu ky so"))
    assert telex.decision is plain.decision is Decision.SUGGEST
    assert [e.id for e in telex.suggestions] == [e.id for e in plain.suggestions]
    assert telex.suggestions[0].id.startswith("chu-ky-so")


@pytest.mark.parametrize(
    ("chat", "plain"),
    [
        ("giấy fép bị mất", "giấy phép bị mất"),
        ("fí thủ tục", "phí thủ tục"),
        ("jấy fép bị mất", "giấy phép bị mất"),
    ],
)
def test_a_chat_onset_is_read_as_the_letters_it_stands_for(chat, plain):
    """"fép" is "phép", not "ép" with a huyền key in front, and "jấy" is "giấy": the same
    entries are offered."""
    typed, written = matcher().match(chat), matcher().match(plain)
    assert typed.decision is written.decision is Decision.SUGGEST
    assert [e.id for e in typed.suggestions] == [e.id for e in written.suggestions]


def test_a_close_call_offers_the_meant_entry_first():
    """Without tone marks the reissue leads its neighbours too little to be answered."""
    result = matcher().match("cong ty lam mat giay phep buu chinh roi, xin lai o dau")
    assert result.entry is None
    assert result.suggestions[0].id == "buu-chinh-cap-lai"


def test_rank_is_sorted_and_bounded():
    ranked = matcher().rank("chữ ký số cá nhân", k=5)
    assert len(ranked) == 5
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_empty_faq_declines():
    assert FaqMatcher([]).match("giấy phép bưu chính").decision is Decision.DECLINE


def test_match_lines_writes_one_json_object_per_line():
    out = io.StringIO()
    lines = ["e quên pass mail công vụ r\n", "\n", "giá vàng hôm nay bao nhiêu\n", "chữ ký số\n"]
    match_lines(matcher(), lines, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["thu-dien-tu-quen-mat-khau", None, None]
    assert records[0]["query"] == "e quên pass mail công vụ r"
    assert records[0]["question"].startswith("Quên mật khẩu")
    assert records[1]["suggestions"] == [] and records[1]["question"] is None
    assert len(records[2]["suggestions"]) == 3
    assert set(records[0]) >= {"query", "id", "score", "question", "suggestions"}
    assert [r["decision"] for r in records] == ["answer", "decline", "suggest"]
    assert records[2]["ranking"][0]["id"] == records[2]["suggestions"][0]
    assert "ô" in out.getvalue()


def test_matcher_works_on_any_faq():
    entries = [FaqEntry("x", "Giờ mở cửa thư viện tỉnh?", ("Thư viện mở mấy giờ",), "8h.")]
    assert FaqMatcher(entries).rank("thu vien mo cua may gio", 1)[0][0].id == "x"


def test_the_kind_of_question_weighs_less_than_its_subject():
    """ "Thủ tục" says how to ask, not what about: the entry sharing the subject wins."""
    entries = [
        FaqEntry(
            "khai-sinh", "Tôi cần giấy tờ gì để đăng ký khai sinh cho con?", (), "Khai sinh."
        ),
        FaqEntry("khai-tu", "Thủ tục đăng ký khai tử cho người thân thế nào?", (), "Khai tử."),
    ]
    assert FaqMatcher(entries).rank("Thủ tục đăng ký khai sinh", 1)[0][0].id == "khai-sinh"


def _with_variant(entries: list[FaqEntry], entry_ids: set[str], variant: str) -> FaqMatcher:
    return FaqMatcher([FaqEntry(e.id, e.question, (*e.variants, variant), e.answer, e.category)
                       if e.id in entry_ids else e for e in entries])


def test_a_variant_typed_word_for_word_is_answered_whatever_its_neighbours():
    entries = load_faq()
    assert matcher().match("chữ ký số").decision is Decision.SUGGEST
    taught = _with_variant(entries, {"chu-ky-so-ca-nhan"}, "chữ ký số")
    for typed in ("chữ ký số", "Chu ky so?"):
        match = taught.match(typed)
        assert match.decision is Decision.ANSWER and match.entry.id == "chu-ky-so-ca-nhan"


def test_a_phrasing_two_entries_hold_is_still_a_close_call():
    taught = _with_variant(load_faq(), {"chu-ky-so-ca-nhan", "chu-ky-so-cong-vu"}, "chữ ký số")
    assert taught.match("chữ ký số").decision is Decision.SUGGEST
