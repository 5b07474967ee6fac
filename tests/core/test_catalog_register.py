"""The citizens' texts of the catalog keep the register of bot/core/texts/GLOSSARY.md: no chat
particles, the bot never speaks of itself as a person, and a citizen's code is «mã tra cứu»."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import bot.core
from tests.transcript import Citizen

VI = Path(bot.core.__file__).with_name("texts") / "vi.yaml"

# officers' working texts, reports and exports, and the đơn in the citizen's own voice
NOT_TO_CITIZENS = ("staff.", "report.", "export.", "petition.")
FORBIDDEN = re.compile(
    r"\b(nhé|nha|chứ|mình|em|bạn|hãy)\b"
    r"|(?<!bất )(?<!căn )(?<!chứng )\bcứ\b"  # bất cứ, căn cứ, chứng cứ are words of their own
    r"|\bmã hồ sơ\b|\btôi sẽ\b",
    re.IGNORECASE,
)


def test_citizens_texts_keep_the_administrative_register():
    texts = yaml.safe_load(VI.read_text(encoding="utf-8"))
    found = [
        f"{key}: {match.group()}"
        for key, text in texts.items() if not key.startswith(NOT_TO_CITIZENS)
        for match in FORBIDDEN.finditer(text)
    ]
    assert found == []


async def test_thanks_and_asking_for_an_officer_are_answered_in_the_register(app):
    citizen = Citizen(app.conversation)
    await citizen.says("cam on nhieu")
    assert "Cảm ơn Ông/Bà" in citizen.text and " cứ " not in citizen.text
    await citizen.says("cho tôi gặp cán bộ")
    assert "hệ thống sẽ đề nghị chuyển cho cán bộ" in citizen.text and "tôi sẽ" not in citizen.text
