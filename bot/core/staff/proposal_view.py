"""How a Hỏi - Đáp proposal reads in the staff group: the item as the column would show it,
what personal data was removed, and the buttons of its state; its fingerprint for a leader."""

from __future__ import annotations

import hashlib
import re

from bot.core.column import PublicationStatus, PublishedAnswer
from bot.core.messages import Button, Reply
from bot.core.personal_data import KINDS
from bot.core.staff.context import StaffTurn
from bot.core.tickets import Ticket

PATH = "/hoi-dap/{id}"
DECISIONS = ("pub_ok", "pub_no")  # a leader's buttons, tied to the text they were shown with


def stamp(item: PublishedAnswer) -> str:
    """Ties a leader's button to the very text they read: an edit since makes it stale."""
    text = "\0".join((item.question, item.answer, item.field or ""))
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def view(turn: StaffTurn, ticket: Ticket, item: PublishedAnswer) -> Reply:
    """The item as the column would show it, what was removed, and the buttons of its state."""
    field = turn.deps.org.field_name(item.field) or turn.t("staff.pub.no_field")
    body = turn.t("staff.pub.item", field=field, question=item.question, answer=item.answer,
                  removed=removed(turn, item))
    head = turn.t(f"staff.pub.{item.status}", code=ticket.code, id=item.id,
                  path=PATH.format(id=item.id))
    tail = f"{ticket.id}:{stamp(item)}"
    names: tuple[str, ...] = ("pub_send", "pub_q", "pub_a", "pub_field")
    if item.status is PublicationStatus.PROPOSED:
        names = ("pub_ok", "pub_no", "pub_q", "pub_a", "pub_field")
    elif item.status is PublicationStatus.PUBLISHED:
        names = ("pub_off",)
    buttons = tuple(Button(turn.t(f"staff.button.{name}"),
                           f"st:{name}:{tail if name in DECISIONS else ticket.id}")
                    for name in names)
    return Reply(f"{head}\n\n{body}", buttons)


def removed(turn: StaffTurn, item: PublishedAnswer) -> str:
    """Which kinds of personal data were removed, in order of appearance (their markers)."""
    text = f"{item.question}\n{item.answer}"
    found = {kind: text.find(turn.t(f"redacted.{kind}")) for kind in KINDS}
    kinds = sorted((kind for kind, at in found.items() if at >= 0), key=found.__getitem__)
    if not kinds:
        return turn.t("staff.faq_nothing_removed")
    return turn.t("staff.faq_removed", kinds=", ".join(turn.t(f"personal.{k}") for k in kinds))


def unmarked(turn: StaffTurn, text: str) -> str:
    """The question as a citizen would type it: the removal markers left out (for the FAQ)."""
    for kind in KINDS:
        text = text.replace(turn.t(f"redacted.{kind}"), " ")
    return re.sub(r"\s+", " ", text).strip()
