"""A tố cáo filed on Zalo, through the signed webhook, the stored events and the real sender:
once handled and sent, the denouncer's name, phone and address are only in the sealed contacts,
and a re-delivered event is still recognised."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from db.models import InboundUpdate, OutboxMessage
from tests.handlers.zalo.conftest import ZaloCitizen, event
from tests.identity_scan import Identity, places_holding

DENOUNCER = Identity("Trần Thị Bình", "09 12 46 81 35", "Thôn 3, xã Đông Sơn")


async def count(app, model, *where) -> int:
    async with app.uow() as work:
        return await work.session.scalar(select(func.count()).select_from(model).where(*where))


async def test_a_denouncer_on_zalo_is_left_only_in_the_sealed_contacts(app, zalo):
    citizen = ZaloCitizen(zalo, "805")
    await citizen.says("/tocao")
    await citizen.says("Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa.")
    await citizen.says("Ông Nguyễn Văn X, chuyên viên bộ phận một cửa")  # who is denounced
    await citizen.presses("Thủ tục")
    await citizen.presses("Bỏ qua")  # no files
    await citizen.presses("Tôi đồng ý")
    for value in (DENOUNCER.name, DENOUNCER.phone, DENOUNCER.address):
        await citizen.says(value)
    await citizen.presses("Xác nhận gửi")
    assert "TC-2026-00001" in citizen.text
    async with asyncio.timeout(10):  # the last delivery recorded
        while await count(app, OutboxMessage, OutboxMessage.status == "pending"):
            await asyncio.sleep(0.02)
    assert await places_holding(app.engine, DENOUNCER) == set()  # sealed: in no column in clear

    # Zalo posting an event again after it was handled (and its payload dropped): recognised.
    once = event("user_send_text", "805", text="/help")
    await citizen.sends(once)
    stored = await count(app, InboundUpdate)
    assert await count(app, InboundUpdate, InboundUpdate.payload.is_not(None)) == 0
    assert await zalo.post(once) == 200
    assert await count(app, InboundUpdate) == stored
