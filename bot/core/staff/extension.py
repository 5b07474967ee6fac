"""Gia hạn: whether the law still allows one more extension of the clock now running, decided
before the officer is asked for a reason, and what the prompt tells them of the rule."""

from __future__ import annotations

from datetime import datetime

from bot.core.deadline_rules import DeadlineRule
from bot.core.deadlines import LegalClock, extension_refusal
from bot.core.staff.model import StaffDeps
from bot.core.tickets import Ticket


def rule_of(deps: StaffDeps, ticket: Ticket) -> DeadlineRule | None:
    """The rule of the clock now running, as in force on the day of receipt."""
    if ticket.due_at is None:
        return None
    return deps.policy.rule_for(ticket.type, LegalClock(ticket.clock),
                                ticket.received_at.astimezone(deps.tz).date(),
                                ticket.complaint_round, deps.org.is_remote(ticket.unit))


def refusal(deps: StaffDeps, ticket: Ticket, now: datetime) -> str | None:
    """Why no extension can be asked for now (a reason code of
    bot.core.deadlines.ExtensionRefused); None when one can, the criteria still to give."""
    rule = rule_of(deps, ticket)
    if rule is None or ticket.due_at is None:
        return "no_such_clock"
    return extension_refusal(rule, ticket.extensions_used, ticket.due_at, now)


def prompt(deps: StaffDeps, ticket: Ticket) -> tuple[str, dict[str, object]]:
    """The prompt's catalog key and values: which extension this is, of how many the rule
    allows, under which article, and the complexity criteria when it asks for them."""
    rule = rule_of(deps, ticket)
    if rule is None:
        return "staff.ask_reason.extend_plain", {"number": 1, "max": 1, "law": ""}
    number = ticket.extensions_used + 1
    values: dict[str, object] = {"number": number, "max": rule.max_extensions,
                                 "law": rule.legal_basis}
    needed = rule.criteria_needed(number)
    if not needed:
        return "staff.ask_reason.extend_plain", values
    return "staff.ask_reason.extend", values | {"needed": f"{needed:02d}"}


def refusal_values(deps: StaffDeps, ticket: Ticket) -> dict[str, object]:
    """What a refusal names: the ticket, its kind, the rule's article and limit, the criteria."""
    rule = rule_of(deps, ticket)
    return {"code": ticket.code, "kind": deps.catalog.text(f"kind.{ticket.type}"),
            "law": rule.legal_basis if rule else "", "max": rule.max_extensions if rule else 0,
            "criteria": ", ".join(deps.criteria)}
