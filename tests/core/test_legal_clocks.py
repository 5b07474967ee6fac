"""The legal clocks as officers drive them (issue 14): thụ lý only where the law has it,
extensions with their criteria and in time, a late thụ lý kept late, tạm đình chỉ / tiếp tục,
rút đơn, and the lần hai / vùng sâu clocks. Hand-worked dates; the clock starts Tue 10/3/2026.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.statistics.placement import place
from bot.core.ticket_export import TicketRecord
from bot.core.tickets import TicketStatus
from tests.core.test_staff_desk import OFFICER, file, give, press, pushed, with_officers

TO = ["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"]


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def stored(app, ticket_id: int = 1):
    async with app.uow() as work:
        return await work.tickets.get(ticket_id)


async def history(app, ticket_id: int = 1):
    async with app.uow() as work:
        return await work.tickets.history(ticket_id)


@pytest.mark.parametrize("command", ["/phananh", "/kiennghi"])
async def test_no_thu_ly_for_phan_anh_or_kien_nghi(app, desk, command):
    await file(app, command)
    labels = [b.text for b in (await desk.card_for(1)).reply.buttons]
    assert "Thụ lý" not in labels and "Không thụ lý" not in labels
    for action in ("accept", "decline", "suspend"):
        outcome = await press(desk, OFFICER, f"st:{action}:1")
        assert outcome.alert and "không thụ lý" in outcome.alert
    assert (await stored(app)).status is TicketStatus.RECEIVED


async def test_a_to_cao_extension_records_its_criteria_and_the_second_needs_two(app, desk,
                                                                                 clock):
    await file(app, "/tocao", contact=TO)
    await press(desk, OFFICER, "st:accept:1")  # Tue 10/3: 30 days -> Thu 9/4
    assert (await stored(app)).due_at.astimezone(UTC).date().isoformat() == "2026-04-09"
    refused = await give(desk, OFFICER, "st:extend:1", "Cần xác minh thêm tại địa phương.")
    assert "Chưa nêu tiêu chí" in refused.replies[-1].text
    await give(desk, OFFICER, "st:extend:1", "b: Có hai nội dung cần xác minh.")
    ticket = await stored(app)
    assert ticket.extensions_used == 1  # 60 days: Sat 9/5 -> Mon 11/5
    assert ticket.due_at.astimezone(UTC).date().isoformat() == "2026-05-11"
    refused = await give(desk, OFFICER, "st:extend:1", "b: Vẫn còn nội dung cần xác minh.")
    assert "đặc biệt phức tạp" in refused.replies[-1].text
    await give(desk, OFFICER, "st:extend:1", "b, g: Chứng cứ mâu thuẫn, cần giám định.")
    assert (await stored(app)).extensions_used == 2
    extended = [e for e in await history(app) if e.kind == "extended"]
    assert [e.data["criteria"] for e in extended] == [["b"], ["b", "g"]]
    assert extended[1].text == "Chứng cứ mâu thuẫn, cần giám định."  # what the citizen read


async def test_no_extension_after_the_deadline(app, desk, clock):
    await file(app, "/tocao", contact=TO)
    await press(desk, OFFICER, "st:accept:1")
    clock.moment = datetime(2026, 4, 10, 2, tzinfo=UTC)  # Fri 10/4, the day after the due day
    refused = await press(desk, OFFICER, "st:extend:1")  # at the press, before any reason
    assert "quá hạn" in refused.alert and refused.replies == []
    assert (await stored(app)).extensions_used == 0


async def test_a_late_thu_ly_stays_late_in_the_statistics(app, desk, clock):
    await file(app, "/tocao", contact=TO)  # first clock: 7 working days -> Thu 19/3
    clock.moment = datetime(2026, 3, 20, 2, tzinfo=UTC)  # accepted Fri 20/3: one day late
    await press(desk, OFFICER, "st:accept:1")
    ticket = await stored(app)
    assert ticket.first_clock_late and ticket.clock == "second"
    assert [e.data.get("first_clock_late") for e in await history(app)
            if e.kind == "accepted"] == [True]
    clock.moment += timedelta(days=5)
    await give(desk, OFFICER, "st:close:1:sai", "Đã kết luận nội dung tố cáo.")
    async with app.uow() as work:
        [record] = await work.records.in_period(
            datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    start, end = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    assert record.first_clock_late
    assert place(record, start, end, end).on_time is False  # closed well within 30 days
    assert place(replace(record, first_clock_late=False), start, end, end).on_time is True


async def test_suspension_pauses_the_clock_and_resumption_runs_the_time_left(app, desk, clock):
    await file(app, "/tocao", contact=TO)
    await press(desk, OFFICER, "st:accept:1")  # Tue 10/3 + 30 = Thu 9/4
    clock.moment = datetime(2026, 3, 20, 2, tzinfo=UTC)  # suspended Fri 20/3: 20 days left
    await give(desk, OFFICER, "st:suspend:1", "Quyết định 12/QĐ-STTTT ngày 20/3/2026.")
    ticket = await stored(app)
    assert ticket.status is TicketStatus.SUSPENDED and ticket.next_reminder_at is None
    labels = [b.text for b in (await desk.card_for(1)).reply.buttons]
    assert "Tiếp tục giải quyết" in labels and "Gia hạn" not in labels
    clock.moment = datetime(2026, 5, 4, 2, tzinfo=UTC)  # resumed Mon 4/5: + 20 = Sun 24/5 -> 25/5
    await give(desk, OFFICER, "st:resume:1", "Quyết định 20/QĐ-STTTT ngày 4/5/2026.")
    ticket = await stored(app)
    assert ticket.status is TicketStatus.ACCEPTED and ticket.suspended_at is None
    assert ticket.due_at.astimezone(UTC).date().isoformat() == "2026-05-25"
    assert ticket.next_reminder_at is not None
    kinds = [e.kind for e in await history(app)]
    assert kinds[-2:] == ["suspended", "resumed"]


async def test_withdrawal_ends_the_request_with_its_record(app, desk):
    citizen = await file(app, "/tocao", contact=TO)
    await press(desk, OFFICER, "st:accept:1")
    await pushed(app, citizen)
    await give(desk, OFFICER, "st:withdraw:1", "Đơn rút tố cáo ngày 12/3/2026.")
    ticket = await stored(app)
    assert ticket.status is TicketStatus.WITHDRAWN and ticket.next_reminder_at is None
    assert "rút đơn" in await pushed(app, citizen)
    assert [e.text for e in await history(app) if e.kind == "withdrawn"] == [
        "Đơn rút tố cáo ngày 12/3/2026."]


@pytest.mark.parametrize(
    ("complaint_round", "unit", "remote", "due"),
    [
        # Accepted Tue 10/3/26. Lần đầu (Đ28): +30 = Thu 9/4; vùng sâu: +45 = Fri 24/4.
        (1, "bcvt", False, "2026-04-09"),
        (1, "bcvt", True, "2026-04-24"),
        # Lần hai (Đ37): +45 = Fri 24/4; vùng sâu: +60 = Sat 9/5 -> Mon 11/5.
        (2, "bcvt", False, "2026-04-24"),
        (2, "bcvt", True, "2026-05-11"),
    ],
)
async def test_khieu_nai_clock_by_round_and_remote_unit(app, desk, complaint_round, unit, remote,
                                                       due):
    from bot.core.organisation import Unit

    org = app.staff.deps.org
    units = tuple(Unit(u.id, u.name, remote if u.id == unit else u.remote) for u in org.units)
    object.__setattr__(org, "units", units)
    await file(app, "/khieunai", contact=TO)
    async with app.uow() as work:
        await work.tickets.update(1, complaint_round=complaint_round, unit=unit)
        await work.commit()
    await press(desk, OFFICER, "st:accept:1")
    assert (await stored(app)).due_at.astimezone(UTC).date().isoformat() == due


def test_statistics_record_defaults_keep_old_callers() -> None:
    record = TicketRecord("KN-2026-00001", "khieu_nai", "telegram", None,
                          datetime(2026, 3, 2, tzinfo=UTC), "closed", "second", None,
                          datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 3, 20, tzinfo=UTC),
                          None, 0)
    assert record.first_clock_late is False

