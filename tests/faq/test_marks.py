"""Accented questions are also matched on their marked syllables, which folding merges."""

import pytest

from faq.entries import FaqEntry
from faq.marks import marked_syllables
from faq.matcher import FaqMatcher

HOUSEHOLD = FaqEntry("ho-kinh-doanh", "Thủ tục đăng ký hộ kinh doanh", (), "Hộ kinh doanh ...")
DOSSIER = FaqEntry("ho-so", "Đăng ký hồ sơ kinh doanh trực tuyến", (), "Hồ sơ ...")


def features(query: str) -> dict[str, float]:
    matcher = FaqMatcher([HOUSEHOLD, DOSSIER])
    view = matcher.ranker.view(query)
    return {matcher.entries[c.index].id: c.marked for c in matcher.ranker.candidates(view)}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hoà bình", "hòa bình"), ("ĐĂNG KÝ", "đăng ký"), ("hoà", "hoà")],
)
def test_tone_placement_and_case_do_not_matter(a, b):
    assert marked_syllables(a) == marked_syllables(b)


def test_words_that_fold_alike_stay_apart():
    assert marked_syllables("hộ") != marked_syllables("hồ")
    assert marked_syllables("Sim 4G") == ["sim", "4g"]


def test_the_entry_written_with_the_same_marks_scores_higher():
    found = features("đăng ký hộ kinh doanh")
    assert found["ho-kinh-doanh"] > found["ho-so"] > 0
    found = features("đăng ký hồ sơ kinh doanh")
    assert found["ho-so"] > found["ho-kinh-doanh"]


def test_unaccented_questions_are_matched_on_folded_words_only():
    assert set(features("dang ky ho kinh doanh").values()) == {0.0}
