"""The fast paths of the matcher agree with the plain definitions they replace."""

import numpy as np
import pytest
from scipy import sparse

from faq.index import TermMatrix, row_dots
from faq.lexicon import bundled_lexicon, rewrite
from faq.marks import accented, strip_marks
from faq.normalize import tokens


@pytest.mark.parametrize(
    "text",
    ["Thủ tục, hồ sơ: xin GP (bưu chính)!", "ad ơi cty e mún xin gp", "tố giác cán bộ", ""],
)
def test_word_by_word_folding_equals_folding_the_whole_text(text):
    lexicon = bundled_lexicon()
    whole = [t for raw in strip_marks(text).split() for t in lexicon.word(raw)]
    assert tokens(text) == lexicon.canonical(whole)


def test_rewrite_replaces_longest_phrases_left_to_right():
    table = {("a", "b"): ("x",), ("a",): ("y",), ("b", "c", "d"): ("z",)}
    assert rewrite(["a", "b", "c", "a", "q", "b", "c", "d"], table) == [
        "x",
        "c",
        "y",
        "q",
        "z",
    ]
    assert rewrite(["q"], table) == ["q"]


def test_synonym_classes_apply_to_queries_and_faq_alike():
    assert tokens("tố giác") == tokens("tố cáo")
    assert tokens("tra cứu hồ sơ") == tokens("kiểm tra hồ sơ")


def test_english_computer_words_and_licence_names_join_their_vietnamese_class():
    assert tokens("không tải được file") == tokens("không tải được tệp")
    assert tokens("mở link xác nhận") == tokens("mở liên kết xác nhận")
    licence = tokens("cấp lại giấy phép lái xe")
    assert tokens("cấp lại GPLX") == tokens("cấp lại bằng lái xe") == licence
    assert tokens("bằng lái") == tokens("giấy phép lái xe")


def test_term_matrix_counts_terms_like_a_dense_table():
    docs = [["a", "b", "a"], ["b", "c"], ["c"]]
    matrix = TermMatrix(docs, "tfidf")
    dense = matrix.weights.toarray()
    assert dense.shape == (3, 3)
    assert np.allclose(np.linalg.norm(dense, axis=0), 1.0)
    assert dense[matrix.vocab["a"], 1] == 0 and dense[matrix.vocab["a"], 0] > 0


def test_row_dots_matches_sparse_product():
    m = sparse.random(6, 5, density=0.5, random_state=1, format="csr")
    v = np.arange(5, dtype=float)
    rows = np.array([4, 0, 2])
    assert np.allclose(row_dots(m, rows, v), (m @ v)[rows])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thủ tục cấp giấy phép bưu chính ra sao?", True),
        ("thu tuc cap giay phep buu chinh ra sao", False),
        ("ad oi cty e mun xin gp buu chinh lan dau thi lm tn a", False),
        ("", False),
    ],
)
def test_accented_questions_are_recognised(text, expected):
    assert accented(text) is expected
