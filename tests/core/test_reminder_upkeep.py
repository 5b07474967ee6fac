"""tickets.next_reminder_at follows the ticket: set when a citizen files it, moved when an
officer accepts or extends it, cleared when it is closed, declined or forwarded.

Filed Tue 10/3/2026 09:00 (the test clock). A phản ánh is due Tue 24/3: 255 h of working time
less 1 s, half at Tue 17/3 16:30 less 0.5 s. A tố cáo is due Thu 19/3 (7 working days): 183 h
less 1 s, half at Mon 16/3 04:30 less 0.5 s, at night, so 07:00; extended to Tue 24/3 (10
working days) its reminders restart, half at 17/3 16:30 less 0.5 s like the phản ánh's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.ports import Officer
from bot.core.reminders.times import next_reminder_at
from bot.core.staff.model import StaffEvent
from tests.core.requests import (
    TWO_STAGE_COMMANDS,
    answer_elements,
    choose_filer,
    receive_signed_forms,
)
from tests.core.test_staff_desk import give
from tests.transcript import Citizen

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICER = 1001
PA_HALF = datetime(2026, 3, 17, 16, 29, 59, 500_000, tzinfo=VN)


@pytest.fixture
async def desk(app):
    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer", "bcvt"))
        await work.commit()
    return app.staff


async def file(app, command: str, *contact: str) -> None:
    citizen = Citizen(app.conversation, user_id="citizen-0001")
    await citizen.says(command)
    await citizen.says("Trạm BTS đặt trên nóc nhà bên cạnh gây tiếng ồn suốt đêm nay.")
    await answer_elements(citizen, command)
    await citizen.presses("Viễn thông")
    await citizen.presses("Tôi đồng ý")
    await choose_filer(citizen, command)
    for value in contact:
        await citizen.says(value)
    if not contact:
        await citizen.presses("Bỏ qua")
    if command != "/tocao":
        await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    if command in TWO_STAGE_COMMANDS:
        await receive_signed_forms(app)


async def act(desk, action: str, text: str | None = None) -> None:
    """An officer's action on ticket 1; one needing a text gets it and is confirmed."""
    # A tố cáo's Đóng and Không thụ lý ask for the outcome or the reason's kind first.
    choice = {"close": ":dung", "decline": ":ineligible"}.get(action, "")
    if text:
        await give(desk, OFFICER, f"st:{action}:1{choice}", text)
    else:
        await desk.handle(StaffEvent(OFFICER, payload=f"st:{action}:1"))


async def stored(app):
    async with app.uow() as work:
        return await work.tickets.get(1)


async def test_set_when_filed_moved_on_acceptance_cleared_on_closing(app, desk, clock):
    # A tố cáo (issue 14: a phản ánh is never thụ lý): half its 7 working days on Mon 16/3.
    await file(app, "/tocao", "Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu")
    half = datetime(2026, 3, 16, 7, tzinfo=VN)
    assert (await stored(app)).next_reminder_at == half
    clock.moment += timedelta(days=1)  # accepted Wed 11/3 09:00: the 30-day second clock
    await act(desk, "accept")
    ticket = await stored(app)
    policy = app.conversation.deps.deadlines
    expected = next_reminder_at(clock.moment, ticket.due_at, (), policy, clock.moment)
    assert ticket.clock == "second" and ticket.next_reminder_at == expected > half
    await act(desk, "close", "Nhà mạng đã lắp bộ giảm ồn.")
    assert (await stored(app)).next_reminder_at is None


async def test_an_extension_restarts_the_reminders(app, desk, clock):
    await file(app, "/tocao", "Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu")
    assert (await stored(app)).next_reminder_at == datetime(2026, 3, 16, 7, tzinfo=VN)
    assert (await app.reminders.run(datetime(2026, 3, 16, 9, tzinfo=VN))).reminders == 1
    # Half sent; next is the working day before the due day (Wed 18/3), before 80%.
    assert (await stored(app)).next_reminder_at == datetime(2026, 3, 18, 7, tzinfo=VN)
    clock.moment = datetime(2026, 3, 16, 10, tzinfo=VN)
    await act(desk, "extend", "Cần xác minh thêm tại địa phương.")
    assert (await stored(app)).next_reminder_at == PA_HALF


@pytest.mark.parametrize(("action", "text"), [
    ("decline", "Nội dung không thuộc thẩm quyền của Sở."), ("forward", "Công an tỉnh Mẫu"),
])
async def test_cleared_when_declined_or_forwarded(app, desk, action, text):
    await file(app, "/tocao", "Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu")
    assert (await stored(app)).next_reminder_at is not None
    await act(desk, action, text)
    assert (await stored(app)).next_reminder_at is None
