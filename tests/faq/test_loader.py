"""FAQ files: bundled data, CSV/YAML round trip, errors naming file and line."""

import re

import pytest

from faq.entries import FaqEntry
from faq.loader import FaqFormatError, bundled_faq_path, load_faq, write_faq

ENTRIES = [
    FaqEntry("a1", "Câu hỏi một?", ("Biến thể, có dấu phẩy", "Biến thể hai"), "Trả lời.", "x"),
    FaqEntry("a2", 'Câu "hai"', (), "Dòng một\ndòng hai", ""),
]


def test_bundled_faq_is_large_and_valid():
    entries = load_faq()
    assert bundled_faq_path().exists()
    assert len(entries) >= 40
    assert all(1 <= len(e.variants) <= 3 and e.answer and e.category for e in entries)


def test_bundled_answers_address_the_citizen_as_ong_ba():
    """The register of a state body (bot/core/texts/GLOSSARY.md): never «bạn» («bạn bè» is
    friends, not the citizen)."""
    informal = re.compile(r"\b(bạn|anh/chị|quý khách)\b(?! bè)", re.IGNORECASE)
    assert [e.id for e in load_faq() if informal.search(e.answer)] == []


@pytest.mark.parametrize("name", ["faq.csv", "faq.yaml", "faq.yml"])
def test_round_trip(tmp_path, name):
    write_faq(ENTRIES, tmp_path / name)
    assert load_faq(tmp_path / name) == ENTRIES


def test_folder_loads_every_file(tmp_path):
    write_faq(ENTRIES[:1], tmp_path / "a.csv")
    write_faq(ENTRIES[1:], tmp_path / "b.yaml")
    assert [e.id for e in load_faq(tmp_path)] == ["a1", "a2"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "faq.csv",
            "id,question,variants,answer,category\na1,Hỏi?,,Đáp.,x\na2,Hỏi?,,,x\n",
            "faq.csv:3: answer is empty",
        ),
        (
            "faq.csv",
            'id,question,answer\na1,"Hỏi\nnhiều dòng",Đáp\n,Hỏi,Đáp\n',
            "faq.csv:4: id is empty",
        ),
        (
            "faq.csv",
            "id,question,answer\na1,Hỏi,Đáp\na1,Hỏi lại,Đáp\n",
            "faq.csv:3: duplicate id 'a1' (first at faq.csv:2)",
        ),
        ("faq.csv", "id,question\na1,Hỏi\n", "faq.csv:1: missing column(s) answer"),
        ("faq.csv", "id,question,answer\na1,Hỏi,Đáp,thừa\n", "faq.csv:2: 4 fields"),
        (
            "faq.yaml",
            "- id: a1\n  question: Hỏi\n  answer: Đáp\n- id: a2\n  question: ''\n  answer: Đáp\n",
            "faq.yaml:4: question is empty",
        ),
        ("faq.yaml", "- id: a1\n  question: [Hỏi\n", "faq.yaml:3: invalid YAML"),
        ("faq.yaml", "id: a1\n", "faq.yaml:1: expected a list of entries"),
    ],
)
def test_errors_name_file_and_line(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(FaqFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_faq(tmp_path / name)


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(FaqFormatError, match="no such file"):
        load_faq(tmp_path / "nope.csv")
    with pytest.raises(FaqFormatError, match=r"no \.csv"):
        load_faq(tmp_path)
