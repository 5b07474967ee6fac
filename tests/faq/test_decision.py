"""The answer / suggest / decline rule on an FAQ of near-duplicate entries."""

import dataclasses
from functools import cache

import pytest

from faq.candidate import Candidate
from faq.decision import POLICY, SEMANTIC_POLICY, Policy, decide, in_scope_probability
from faq.entries import FaqEntry
from faq.matcher import Decision, FaqMatcher

ENTRIES = [
    FaqEntry(
        "cap-moi",
        "Thủ tục cấp mới giấy phép bưu chính",
        ("Doanh nghiệp xin giấy phép bưu chính lần đầu cần hồ sơ gì?",),
        "Nộp đơn đề nghị cấp giấy phép kèm giấy chứng nhận đăng ký doanh nghiệp.",
    ),
    FaqEntry(
        "cap-lai",
        "Cấp lại giấy phép bưu chính bị mất hoặc hư hỏng",
        ("Làm mất giấy phép bưu chính thì xin lại thế nào?",),
        "Nộp đơn đề nghị cấp lại nêu rõ lý do tại cơ quan đã cấp giấy phép.",
    ),
    FaqEntry(
        "sim-khoa",
        "Sim bị khóa một chiều thì mở lại thế nào?",
        (),
        "Mang căn cước đến cửa hàng của nhà mạng để chuẩn hóa thông tin thuê bao.",
    ),
    FaqEntry(
        "tin-rac",
        "Báo cáo tin nhắn rác ở đâu?",
        (),
        "Soạn tin nhắn theo cú pháp và gửi đến đầu số 5656.",
    ),
    FaqEntry(
        "chu-ky-so",
        "Đăng ký chữ ký số cá nhân ở đâu?",
        (),
        "Đăng ký với một tổ chức cung cấp dịch vụ chứng thực chữ ký số công cộng.",
    ),
]


@cache
def matcher() -> FaqMatcher:
    return FaqMatcher(ENTRIES)


def test_a_question_that_does_not_say_which_licence_offers_both():
    result = matcher().match("giấy phép bưu chính")
    assert result.decision is Decision.SUGGEST
    assert result.entry is None
    assert {"cap-moi", "cap-lai"} <= {e.id for e in result.suggestions}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cấp lại giấy phép bưu chính bị mất", "cap-lai"),
        ("doanh nghiệp xin cấp mới giấy phép bưu chính lần đầu", "cap-moi"),
    ],
)
def test_the_decisive_word_picks_the_entry(query, expected):
    result = matcher().match(query)
    assert result.decision is Decision.ANSWER
    assert result.entry.id == expected


@pytest.mark.parametrize(
    "query",
    [
        "chuyển nhượng giấy phép bưu chính cho công ty khác được không",
        "tài khoản ngân hàng bị khóa một chiều thì làm sao",
        "phạt người gửi tin nhắn rác bao nhiêu tiền",
    ],
)
def test_out_of_scope_questions_in_faq_words_are_not_answered(query):
    assert matcher().match(query).entry is None


def test_an_unrelated_question_is_declined():
    result = matcher().match("hôm nay trời có mưa không")
    assert result.decision is Decision.DECLINE
    assert result.suggestions == ()


def _candidate(index: int, score: float, reverse: float = 0.9) -> Candidate:
    return Candidate(index, score, 0.8, 0.5, 0.8, 0.3, 0.8, reverse, explained=0.9)


def test_a_narrow_lead_is_suggested_and_a_wide_one_answered():
    policy = Policy(min_lead=0.15)
    narrow = decide([_candidate(0, 1.0), _candidate(1, 0.9)], policy)
    wide = decide([_candidate(0, 1.0), _candidate(1, 0.8)], policy)
    assert narrow.decision == "suggest"
    assert [c.index for c in narrow.chosen] == [0, 1]
    assert wide.decision == "answer"


def test_a_question_naming_little_of_any_entry_is_declined():
    assert decide([_candidate(0, 1.0, reverse=0.05)], Policy()).decision == "decline"


def test_a_narrow_lead_is_answered_when_the_question_names_what_sets_the_entry_apart():
    policy = Policy(min_lead=0.15, edge=0.2)
    named = dataclasses.replace(_candidate(0, 1.0), edge=0.3)
    assert decide([named, _candidate(1, 0.9)], policy).decision == "answer"


def test_the_edge_counts_the_words_of_one_entry_the_other_lacks():
    reissue = matcher()._candidates("giấy phép bưu chính bị mất")[0]
    vague = matcher()._candidates("giấy phép bưu chính")[0]
    assert matcher().entries[reissue.index].id == "cap-lai"
    assert reissue.edge > 0.2 > vague.edge


def _meaning_only(reverse: float, standout: float) -> Candidate:
    """A question few of whose words are the entry's (in-scope probability 0.5 at reverse
    0.3, 0.26 at 0.2), close in meaning but under SEMANTIC_POLICY's 0.88 cosine."""
    return dataclasses.replace(
        Candidate(0, 1.0, 0.5, 0.2, 0.32, 0.1, 0.5, reverse, explained=0.5),
        semantic=0.87,
        standout=standout,
    )


def test_a_question_whose_meaning_picks_out_one_entry_is_offered_it_not_declined():
    verdict = decide([_meaning_only(0.3, standout=0.06)], SEMANTIC_POLICY)
    assert verdict.decision == "suggest"
    assert [c.index for c in verdict.chosen] == [0]


def test_a_question_as_close_to_every_entry_as_to_the_best_is_declined():
    assert decide([_meaning_only(0.3, standout=0.02)], SEMANTIC_POLICY).decision == "decline"


def test_standing_out_in_meaning_earns_no_buttons_for_a_question_naming_little_of_the_faq():
    # "thủ tục đăng ký khai sinh cho con" stands out 0.043 from e5's mean over an information
    # department's FAQ, yet is another agency's matter: the in-scope guard still declines it.
    assert decide([_meaning_only(0.2, standout=0.06)], SEMANTIC_POLICY).decision == "decline"


def _fused(candidate: Candidate, semantic: float, first: bool) -> Candidate:
    """The candidate after the sentence model re-ranked it (faq/semantic.py, weight 10)."""
    return dataclasses.replace(
        candidate, score=candidate.score + 10 * semantic, semantic=semantic, semantic_first=first
    )


def _lexical() -> list[Candidate]:
    """Two entries the lexical POLICY tells apart: it answers the first (in scope 0.999)."""
    first = dataclasses.replace(_candidate(0, 1.0), lexical_first=True)
    return [first, _candidate(1, 0.7)]


def test_the_lexical_answer_stands_when_every_ranking_puts_its_entry_first():
    lexical = _lexical()
    assert decide(lexical, POLICY).decision == "answer"
    # Under 0.88 in meaning, and a lead of 0.4 on a score of 9.7: alone, only buttons.
    fused = [_fused(lexical[0], 0.87, first=True), _fused(lexical[1], 0.86, first=False)]
    assert decide(fused, SEMANTIC_POLICY).decision == "suggest"
    verdict = decide(fused, SEMANTIC_POLICY, lexical)
    assert verdict.decision == "answer"
    assert [c.index for c in verdict.chosen] == [0]


def test_the_lexical_answer_is_not_given_when_the_rankings_disagree():
    lexical = _lexical()
    # The sentence model puts the second entry first, and the fused ranking follows it.
    fused = [_fused(lexical[1], 0.92, first=True), _fused(lexical[0], 0.87, first=False)]
    verdict = decide(fused, SEMANTIC_POLICY, lexical)
    assert verdict.decision == "suggest"
    assert [c.index for c in verdict.chosen] == [1, 0]


def test_the_lexical_answer_is_not_given_when_the_sentence_model_alone_prefers_another():
    lexical = _lexical()
    # The fused ranking keeps the lexical entry first, but another entry is closest in meaning.
    fused = [_fused(lexical[0], 0.87, first=False), _fused(lexical[1], 0.86, first=False)]
    assert decide(fused, SEMANTIC_POLICY, lexical).decision == "suggest"


def test_the_lexical_answer_needs_more_certainty_that_the_question_is_in_scope():
    lexical = [dataclasses.replace(c, reverse=0.47) for c in _lexical()]
    assert POLICY.answer_above <= in_scope_probability(lexical[0]) < SEMANTIC_POLICY.lexical_above
    assert decide(lexical, POLICY).decision == "answer"
    fused = [_fused(lexical[0], 0.87, first=True), _fused(lexical[1], 0.86, first=False)]
    assert decide(fused, SEMANTIC_POLICY, lexical).decision == "suggest"
