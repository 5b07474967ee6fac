"""`pakn faq eval`: an operator measures the matcher on their own FAQ and questions."""

import math

import pytest

from bot.app.cli import main
from faq.evaluation import Case, EvalFormatError, figures, read_cases
from faq.loader import bundled_faq_path, load_faq
from faq.matcher import FaqMatcher


def _csv(tmp_path, text: str, name: str = "eval.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_figures_count_right_wrong_declined_and_out_of_scope_answers():
    cases = [
        Case("cấp lại giấy phép bưu chính bị mất", frozenset({"buu-chinh-cap-lai"})),
        # answered with the reissue entry, so wrong against this expectation
        Case("cấp lại giấy phép bưu chính bị mất", frozenset({"buu-chinh-cap-moi"})),
        Case("hôm nay trời có mưa không", frozenset()),
    ]
    result = figures(FaqMatcher(load_faq()), cases)
    assert result["in_scope"] == 2 and result["out_of_scope"] == 1
    assert result["right"] == 50.0 and result["wrong"] == 50.0
    assert result["rank1"] == 50.0 and result["top3"] == 100.0
    assert result["oos_answered"] == 0.0


def test_figures_count_out_of_scope_questions_offered_suggestions():
    cases = [
        Case("chữ ký số", frozenset({"chu-ky-so-ca-nhan"})),
        # every word is in the FAQ: offered the entries holding them, though the FAQ has no answer
        Case("giấy phép bưu chính", frozenset()),
        Case("hôm nay trời có mưa không", frozenset()),
    ]
    result = figures(FaqMatcher(load_faq()), cases)
    assert result["oos_suggested"] == 50.0 and result["oos_answered"] == 0.0


def test_figures_without_out_of_scope_questions_leave_that_figure_empty():
    result = figures(FaqMatcher(load_faq()), [Case("chữ ký số", frozenset({"chu-ky-so-ca-nhan"}))])
    assert math.isnan(result["oos_answered"]) and math.isnan(result["oos_suggested"])


def test_cases_accept_several_ids_and_a_bom(tmp_path):
    path = tmp_path / "eval.csv"
    path.write_text("query,expected_id\nchữ ký số,A | B\nthời tiết,\n", encoding="utf-8-sig")
    assert read_cases(path) == [
        Case("chữ ký số", frozenset({"A", "B"})),
        Case("thời tiết", frozenset()),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("question,id\nx,A\n", "eval.csv:1: missing column(s) expected_id, query"),
        ("query,expected_id\n,A\n", "eval.csv:2: empty query"),
        ("query,expected_id\nx,NOPE\n", "eval.csv:2: expected_id 'NOPE' is not in the FAQ"),
        ("query,expected_id\n", "eval.csv: no questions"),
    ],
)
def test_a_bad_file_names_its_line(tmp_path, text, message):
    with pytest.raises(EvalFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_cases(_csv(tmp_path, text), known={"A"})


def test_pakn_faq_eval_prints_the_figures(tmp_path, capsys):
    path = _csv(
        tmp_path,
        "query,expected_id\n"
        "cấp lại giấy phép bưu chính bị mất,buu-chinh-cap-lai\n"
        "giá vàng hôm nay bao nhiêu,\n",
    )
    assert main(["faq", "eval", str(path), "--faq", str(bundled_faq_path())]) == 0
    out = capsys.readouterr().out
    assert "questions: 1 in scope, 1 out of scope" in out
    assert "answered outright and right" in out and "100.0%" in out


def test_pakn_faq_eval_refuses_an_unknown_id_with_one_line(tmp_path, capsys):
    path = _csv(tmp_path, "query,expected_id\nchữ ký số,khong-co\n")
    assert main(["faq", "eval", str(path), "--faq", str(bundled_faq_path())]) == 2
    assert capsys.readouterr().err.strip() == (
        "pakn: eval.csv:2: expected_id 'khong-co' is not in the FAQ"
    )


def test_pakn_faq_eval_without_a_file_measures_the_faq_in_the_database(cli_env, capsys):
    path = _csv(cli_env, "query,expected_id\ncấp lại giấy phép bưu chính bị mất,"
                "buu-chinh-cap-lai\nchữ ký số,khong-co\n")
    assert main(["faq", "eval", str(path)]) == 2  # the bundled FAQ, seeded into the database
    assert "expected_id 'khong-co' is not in the FAQ" in capsys.readouterr().err
    path.write_text("query,expected_id\ncấp lại giấy phép bưu chính bị mất,buu-chinh-cap-lai\n",
                    encoding="utf-8")
    assert main(["faq", "eval", str(path)]) == 0
    assert "questions: 1 in scope, 0 out of scope" in capsys.readouterr().out
