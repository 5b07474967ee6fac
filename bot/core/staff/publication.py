"""Đề xuất công khai (the public Hỏi - Đáp column): an officer turns a closed ticket's question
into a paraphrase without personal data, edits the answer and proposes both; a leader approves
(served on /hoi-dap, and answered by the FAQ from then on), rejects with a reason, or later
takes it down. Each step is an event in the ticket's history."""

from __future__ import annotations

from bot.core.column import PublicationStatus, PublishedAnswer, may_publish
from bot.core.messages import Button, Channel, Reply, UserRef
from bot.core.staff import faq
from bot.core.staff.actions import Action
from bot.core.staff.context import StaffTurn
from bot.core.staff.leaders import is_leader, leader_ids
from bot.core.staff.proposal_view import PATH, stamp, unmarked, view
from bot.core.tickets import Ticket
from faq.entries import FaqEntry

MAX_ANSWER = 4000  # an officer's answer is one Telegram message at most
# Actions that ask for a text (bound to the ticket like Đóng's): what the text replaces.
TEXTS = {"pub_q": "question", "pub_a": "answer", "pub_no": "reason"}
Status = PublicationStatus
OPEN_TO_EDIT = {Status.DRAFT, Status.PROPOSED, Status.REJECTED, Status.WITHDRAWN}


async def show(turn: StaffTurn, ticket: Ticket, _arg: str | None = None) -> None:
    """Đề xuất công khai: the ticket's proposal as it stands (a fresh draft the first time)."""
    item = await _current(turn, ticket)
    if item is not None:
        turn.outcome.replies.append(view(turn, ticket, item))


async def propose(turn: StaffTurn, ticket: Ticket, _arg: str | None = None) -> None:
    """Gửi lãnh đạo duyệt: the draft waits for a leader, who is told in private too."""
    item = await _current(turn, ticket)
    if item is None:
        return
    if item.status not in (Status.DRAFT, Status.REJECTED, Status.WITHDRAWN):
        turn.refuse("staff.pub.not_draft", code=ticket.code)
        return
    item = await turn.uow.publications.save(ticket.id, status=Status.PROPOSED,
                                            proposed_by=turn.officer.id)
    await turn.record(ticket, "publication_proposed", item=item.id)
    turn.outcome.replies.append(view(turn, ticket, item))
    notice = Reply(turn.t("staff.pub.leader_notice", code=ticket.code, officer=turn.officer.name))
    for leader in await leader_ids(turn.uow):
        if leader != turn.officer.telegram_id:
            await turn.uow.outbox.add(UserRef(Channel.TELEGRAM, str(leader)), notice)


async def approve(turn: StaffTurn, ticket: Ticket, given: str | None) -> None:
    """Duyệt công khai (leaders): served from now on, and the FAQ answers the paraphrase."""
    item = await _decidable(turn, ticket, given)
    if item is None:
        return
    item = await turn.uow.publications.save(ticket.id, status=Status.PUBLISHED,
                                            decided_by=turn.officer.id,
                                            published_at=turn.deps.clock.now())
    await turn.uow.faq.upsert([FaqEntry(item.faq_id, unmarked(turn, item.question), (),
                                        item.answer, item.field or "khac")])
    turn.outcome.faq_changed = True
    await turn.record(ticket, "publication_approved", item=item.id)
    turn.say("staff.pub.approved", leader=turn.officer.name, code=ticket.code, id=item.id,
             path=PATH.format(id=item.id))


async def unpublish(turn: StaffTurn, ticket: Ticket, _arg: str | None = None) -> None:
    """Gỡ khỏi chuyên mục (leaders): no longer served, and gone from the FAQ."""
    item = await turn.uow.publications.for_ticket(ticket.id)
    if not is_leader(turn.officer):
        turn.refuse("staff.leaders_only")
        return
    if item is None or item.status is not Status.PUBLISHED:
        turn.refuse("staff.pub.not_published", code=ticket.code)
        return
    await turn.uow.publications.save(ticket.id, status=Status.WITHDRAWN,
                                     decided_by=turn.officer.id)
    await turn.uow.faq.remove([item.faq_id])
    turn.outcome.faq_changed = True
    await turn.record(ticket, "publication_withdrawn", item=item.id)
    turn.say("staff.pub.withdrawn_done", leader=turn.officer.name, code=ticket.code, id=item.id)


async def choose_field(turn: StaffTurn, ticket: Ticket, field_id: str | None) -> None:
    """Lĩnh vực: the agency's fields as buttons, then the chosen one set on the draft."""
    item = await _editable(turn, ticket)
    if item is None:
        return
    if field_id is None:
        buttons = tuple(Button(f.name, f"st:pub_field:{ticket.id}:{f.id}")
                        for f in turn.deps.org.fields)
        turn.outcome.replies.append(Reply(turn.t("staff.pub.choose_field", code=ticket.code),
                                          buttons))
        return
    if turn.deps.org.field_name(field_id) is None:
        turn.refuse("staff.unknown_ticket")
        return
    item = await turn.uow.publications.save(ticket.id, field=field_id, status=Status.DRAFT)
    await turn.record(ticket, "publication_edited", part="field")
    turn.outcome.replies.append(view(turn, ticket, item))


async def may_ask(turn: StaffTurn, ticket: Ticket, action: str, given: str | None) -> bool:
    """Whether the text `action` asks for applies now (refused politely otherwise)."""
    if action == "pub_no":
        return await _decidable(turn, ticket, given) is not None
    return await _editable(turn, ticket) is not None


async def on_text(turn: StaffTurn, ticket: Ticket, action: str, text: str) -> None:
    """The officer's new question or answer (cleaned of personal data, back to a draft), or a
    leader's reason for saying no."""
    if action == "pub_no":
        item = await _decidable(turn, ticket, None)
        if item is not None:
            await turn.uow.publications.save(ticket.id, status=Status.REJECTED,
                                             decided_by=turn.officer.id)
            await turn.record(ticket, "publication_rejected", text, item=item.id)
            turn.say("staff.pub.rejected_done", leader=turn.officer.name, code=ticket.code,
                     reason=text)
        return
    if await _editable(turn, ticket) is None:
        return
    part = TEXTS[action]
    limit = MAX_ANSWER if part == "answer" else faq.MAX_QUESTION
    cleaned = await faq.cleaned(turn, ticket, text, limit)
    item = await turn.uow.publications.save(ticket.id, status=Status.DRAFT,
                                            **{part: cleaned.text})
    await turn.record(ticket, "publication_edited", part=part)
    turn.outcome.replies.append(view(turn, ticket, item))


async def _current(turn: StaffTurn, ticket: Ticket) -> PublishedAnswer | None:
    """The ticket's proposal, drafted from the ticket the first time; None (refused) when the
    ticket may not be published (a tố cáo, no consent, not closed) or has no answer yet."""
    if not may_publish(ticket):
        turn.refuse("staff.pub.not_allowed", code=ticket.code)
        return None
    item = await turn.uow.publications.for_ticket(ticket.id)
    if item is not None:
        return item
    answer = await faq.reply_of(turn, ticket)
    if answer is None:
        turn.refuse("staff.pub.no_answer", code=ticket.code)
        return None
    question = await faq.cleaned(turn, ticket, ticket.content)
    cleaned = await faq.cleaned(turn, ticket, answer, MAX_ANSWER)
    field = ticket.field if turn.deps.org.field_name(ticket.field) else None
    item = await turn.uow.publications.save(ticket.id, question=question.text,
                                            answer=cleaned.text, field=field,
                                            proposed_by=turn.officer.id)
    await turn.record(ticket, "publication_drafted", item=item.id)
    return item


async def _editable(turn: StaffTurn, ticket: Ticket) -> PublishedAnswer | None:
    item = await _current(turn, ticket)
    if item is not None and item.status not in OPEN_TO_EDIT:
        turn.refuse("staff.pub.published_locked", code=ticket.code)
        return None
    return item


async def _decidable(turn: StaffTurn, ticket: Ticket, given: str | None) -> PublishedAnswer | None:
    """The proposal a leader decides on: leaders only, still proposed, and (for a button) the
    very text shown on it."""
    if not is_leader(turn.officer):
        turn.refuse("staff.leaders_only")
        return None
    item = await turn.uow.publications.for_ticket(ticket.id)
    if item is None or item.status is not Status.PROPOSED or not may_publish(ticket):
        turn.refuse("staff.pub.not_proposed", code=ticket.code)
        return None
    if given is not None and given != stamp(item):
        turn.refuse("staff.pub.changed", code=ticket.code)
        return None
    return item


BUTTONS: dict[str, Action] = {"pub": show, "pub_send": propose, "pub_ok": approve,
                               "pub_off": unpublish, "pub_field": choose_field}
