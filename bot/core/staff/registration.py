"""Admins register officers in the staff group: `/dangky officer|leader|admin [unit]` as a reply
to the person's message, `/huydangky` to withdraw; the same as `pakn officer add/remove`."""

from __future__ import annotations

from bot.core.ports import Officer
from bot.core.staff.context import StaffTurn

ROLES = ("officer", "leader", "admin")


async def register(turn: StaffTurn, text: str) -> None:
    if turn.officer.role != "admin":
        turn.say("staff.admins_only")
        return
    if turn.event.target is None:
        turn.say("staff.register_usage")
        return
    telegram_id, name = turn.event.target
    command, *words = text.split()
    if command.startswith("/huydangky"):
        removed = await turn.uow.officers.remove(telegram_id)
        turn.say("staff.unregistered" if removed else "staff.not_registered", name=name)
        return
    role = words[0] if words else "officer"
    unit = words[1] if len(words) > 1 else None
    known_units = {u.id for u in turn.deps.org.units}
    if role not in ROLES or (unit is not None and unit not in known_units):
        turn.say("staff.register_usage")
        return
    await turn.uow.officers.add(Officer(telegram_id, name, role, unit))
    turn.say("staff.registered", name=name, role=turn.t(f"staff.role.{role}"))
