"""Leaders: the one role that approves what is published, reveals a denouncer's identity and
receives escalations, the digest and the monthly report; and the one list of them."""

from __future__ import annotations

from bot.core.ports import Officer, UnitOfWork

LEADER = "leader"  # the admin role manages the bot, not decisions on tickets


def is_leader(officer: Officer) -> bool:
    return officer.role == LEADER


async def leader_ids(uow: UnitOfWork) -> list[int]:
    """The Telegram ids of every registered, active leader."""
    return [officer.telegram_id for officer in await uow.officers.all() if is_leader(officer)]
