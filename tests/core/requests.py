"""Filing a khiếu nại or tố cáo in a transcript: the elements the law asks for, and the signed
đơn recorded as received (what an officer's «Đã nhận đơn» does; tests/core/test_two_stage.py
tests the button itself)."""

from __future__ import annotations

from bot.core.form_receipt import receive_form
from bot.core.tickets import TicketStatus
from tests.transcript import Citizen

TWO_STAGE_COMMANDS = ("/khieunai", "/tocao")


async def answer_elements(citizen: Citizen, command: str) -> None:
    """The questions after the content of a khiếu nại or tố cáo."""
    if command == "/khieunai":
        await citizen.presses("Lần đầu")
        await citizen.says("Thanh tra Sở Khoa học và Công nghệ")
        await citizen.says("Quyết định số 12/QĐ-XPHC ngày 02/03/2026")
        await citizen.says("05/03/2026")
        await citizen.says("Hủy quyết định xử phạt")
        await citizen.presses("Chưa")
    elif command == "/tocao":
        await citizen.says("Ông Nguyễn Văn X, chuyên viên bộ phận một cửa")


async def choose_filer(citizen: Citizen, command: str) -> None:
    """After consent, a khiếu nại asks who files: the person affected here."""
    if command == "/khieunai":
        await citizen.presses("Tôi là người bị ảnh hưởng")


async def receive_signed_forms(app) -> None:
    """Every request waiting for its đơn is received now, as an officer would record it."""
    now = app.clock.now()
    async with app.uow() as work:
        for ticket in await work.tickets.open_queue(limit=500):
            if ticket.status is TicketStatus.AWAITING_FORM:
                await receive_form(work, app.conversation.deps.deadlines, ticket, now, now,
                                   "officer:0")
        await work.commit()
