"""A button's payload comes back from the client, which may forge it (the web chat posts any
string): control characters in it, such as a NUL that PostgreSQL refuses in a lookup, are left
out, so that the turn answers as for the button itself and never fails."""

from __future__ import annotations

import pytest

from tests.core.test_filing import file_phan_anh
from tests.transcript import Citizen

FAILED = "hệ thống đang gặp sự cố"


async def test_a_payload_with_control_characters_reads_as_the_button(app):
    citizen = Citizen(app.conversation)
    await file_phan_anh(citizen)
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
        await work.tickets.update(ticket.id, status="closed", resolved_at=ticket.received_at)
        await work.commit()
    await citizen.sends_payload("rate:PA-2026-00001\u200b\x00:5")
    assert "Cảm ơn Ông/Bà đã đánh giá" in citizen.text
    async with app.uow() as work:
        assert (await work.tickets.by_code("PA-2026-00001")).rating == 5


@pytest.mark.parametrize("payload", ["follow:\x00", "rate:\x00:5", "reply:\x00", "again:\x00",
                                     "form:\x00", "faq:\x00", "track:\x00", "\x00", "cmd:\x00"])
async def test_a_forged_payload_with_a_nul_is_answered_politely(app, payload):
    citizen = Citizen(app.conversation, user_id="forger-0001")
    await citizen.sends_payload(payload)
    assert citizen.text and FAILED not in citizen.text
    assert "pakn_turn_errors_total{" not in app.conversation.deps.metrics.render()
    await citizen.says("/start")
    assert "Hỏi - Đáp" in citizen.text
