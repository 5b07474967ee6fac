"""The monthly report to leaders: due on the first working day of a month (the working calendar:
holidays, days off, weekends), the previous month's XLSX queued as a document to every leader's
private chat once per leader and month, by the scheduler's job or `pakn report --send`."""

from __future__ import annotations

import asyncio
import base64
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app.bootstrap import opened_app
from bot.app.cli import main as pakn_main
from bot.app.scheduler import run_monthly_report
from bot.core.monthly_report import due_period
from bot.core.ports import Officer
from db.models import OutboxMessage
from tests.conftest import FixedClock, make_settings
from tests.reports.samples import ADDRESS, CONTENT, NAME, PHONE, local, seed


def main(argv: list[str]) -> int:
    """`pakn ARGV` on a fixed day, whatever day the test runs."""
    return pakn_main(argv, clock=FixedClock(datetime(2026, 4, 15, 3, 0, tzinfo=UTC)))

LEADERS, OFFICER, ADMIN = (2002, 2003), 1001, 3003


@pytest.mark.parametrize(("today", "month"), [
    ("2026-03-02", "2026-02"),  # Sunday 1/3: the Monday after
    ("2026-03-01", None), ("2026-03-03", None),
    ("2026-04-01", "2026-03"),  # a Wednesday
    ("2026-01-05", "2025-12"),  # 1/1 holiday, 2/1 a day off (swapped), then a weekend
    ("2026-01-02", None),
    ("2026-05-04", "2026-04"),  # 1/5 Labour Day, then a weekend
    ("2026-09-03", "2026-08"),  # 1-2/9 National Day
    ("2026-09-01", None),
])
async def test_the_report_is_due_on_the_first_working_day_of_a_month(app, today, month):
    period = due_period(date.fromisoformat(today), app.calendar)
    assert (period.slug if period else None) == month


async def add_officers(app) -> None:
    async with app.uow() as work:
        for leader in LEADERS:
            await work.officers.add(Officer(leader, f"Lãnh đạo {leader}", "leader"))
        await work.officers.add(Officer(OFFICER, "Cán bộ", "officer", "bcvt"))
        await work.officers.add(Officer(ADMIN, "Quản trị", "admin"))
        await work.commit()


async def queued(app) -> list[tuple[str, str | None, dict]]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.recipient, row.dedupe_key, row.body) for row in rows]


def assert_is_the_report(body: dict, month: str) -> None:
    file = body["file"]
    assert body["text"] == "" and file["kind"] == "document"
    assert file["name"] == f"bao-cao-pakn-{month}.xlsx"
    assert file["caption"].startswith("📑 ") and "(không có thông tin cá nhân)" in file["caption"]
    book = load_workbook(io.BytesIO(base64.b64decode(file["content"])))
    assert book.sheetnames == ["Tổng hợp", "Danh sách hồ sơ"]
    texts = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
             for v in row if v is not None]
    joined = "\n".join(texts)
    assert not any(secret in joined for secret in (NAME, PHONE, ADDRESS, CONTENT))


async def test_the_job_queues_one_xlsx_per_leader_once(app, clock):
    await add_officers(app)
    await seed(app.uow)
    clock.moment = local("2026-03-02 08:00")
    assert await run_monthly_report(app, clock) == len(LEADERS)
    rows = await queued(app)
    assert [(recipient, key) for recipient, key, _ in rows] == [
        (str(leader), f"report:2026-02:{leader}") for leader in LEADERS]
    for _, _, body in rows:
        assert_is_the_report(body, "2026-02")
        assert "Tháng 2/2026" in body["file"]["caption"]
    tickets = load_workbook(io.BytesIO(base64.b64decode(rows[0][2]["file"]["content"])))[
        "Danh sách hồ sơ"]
    assert tickets.max_row > 1  # February's tickets are in it
    clock.moment = local("2026-03-02 08:05")  # again (a restart, another instance, a retry)
    await run_monthly_report(app, clock)
    assert len(await queued(app)) == len(LEADERS)


async def test_nothing_on_other_days_or_without_leaders(app, clock):
    clock.moment = local("2026-03-02 08:00")
    assert await run_monthly_report(app, clock) == 0  # nobody to send it to
    await add_officers(app)
    clock.moment = local("2026-03-03 08:00")
    assert await run_monthly_report(app, clock) == 0
    assert await queued(app) == []


async def _prepare(url: str) -> None:
    async with opened_app(make_settings(url)) as app:
        await add_officers(app)
        await seed(app.uow)


async def _queued(url: str) -> list[tuple[str, str | None, dict]]:
    async with opened_app(make_settings(url)) as app:
        return await queued(app)


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(_prepare(database_url))
    return database_url


def test_the_cli_sends_the_report_now_once(cli, capsys, tmp_path):
    assert main(["report", "--month", "2026-03", "--send"]) == 0
    assert "2026-03: report queued to 2 leader(s)" in capsys.readouterr().out
    out = tmp_path / "r.xlsx"
    assert main(["report", "--month", "2026-03", "--send", "--out", str(out)]) == 0
    assert out.exists()
    rows = asyncio.run(_queued(cli))
    assert [recipient for recipient, _, _ in rows] == [str(leader) for leader in LEADERS]
    assert_is_the_report(rows[0][2], "2026-03")


def test_the_cli_needs_out_or_send(cli, capsys):
    assert main(["report", "--month", "2026-03"]) == 2
    assert "--send" in capsys.readouterr().err
