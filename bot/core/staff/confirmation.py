"""Actions that need an officer's text: the prompt (bound to one ticket and one place), the text
taken only from that place, the exact text shown for confirmation (Gửi / Sửa / Hủy), and the
action run only on Gửi. Anything elsewhere is handled as usual and leaves the wait alone."""

from __future__ import annotations

from dataclasses import replace

from bot.core.messages import Button, Channel, Reply, UserRef
from bot.core.ports import ConversationState, UnitOfWork
from bot.core.staff import actions, extension, faq, lawful, publication, reveal
from bot.core.staff.context import StaffTurn, officer_ref
from bot.core.staff.model import as_id
from bot.core.staff.pending import TTL, Pending, Step
from bot.core.tickets import Ticket

MIN_REASON = 5
CHOICES = ("send", "edit", "cancel")  # the preview's buttons: st:<choice>:<ticket>:<nonce>
# The staff group's latest prompts, whoever they asked: a reply to one no longer waiting was
# meant as a reason or result, never as an answer to the citizen (in a forum topic it would be).
PROMPTS = UserRef(Channel.TELEGRAM, "staff:prompts")
KEPT_PROMPTS = 500


def _minutes() -> int:
    return int(TTL.total_seconds() // 60)


def prompt(turn: StaffTurn, pending: Pending, ticket: Ticket) -> None:
    """Asks for the text; the prompt carries a marker so that a reply to it can be told."""
    pending.store(turn.state)
    cancel = Button(turn.t("staff.button.cancel"), f"st:cancel:{ticket.id}:{pending.nonce}")
    key, values = f"staff.ask_reason.{pending.action}", dict[str, object]()
    if pending.action == "extend":
        key, values = extension.prompt(turn.deps, ticket)
    text = "\n".join((turn.t(key, code=ticket.code, min=MIN_REASON, **values),
                      turn.t("staff.ask_where", minutes=_minutes())))
    turn.outcome.replies.append(
        Reply(text, (cancel,), ref=pending.prompt_ref(turn.officer.telegram_id)))


async def ask(turn: StaffTurn, action: str, ticket: Ticket, choice: str | None = None) -> None:
    prompt(turn, Pending.start(action, ticket.id, ticket.staff_thread_id,
                               turn.deps.clock.now(), choice), ticket)


def show(turn: StaffTurn, pending: Pending, ticket: Ticket, shown: str,
         offline: bool = False) -> None:
    """The preview: exactly what will be sent or published, and the three choices; `offline`:
    the request came on paper, nothing will be sent (the text is kept for a written notice)."""
    pending.store(turn.state)
    tail = f"{ticket.id}:{pending.nonce}"
    send = "staff.button.save" if pending.action == faq.ACTION else "staff.button.send"
    buttons = (Button(turn.t(send), f"st:send:{tail}"),
               Button(turn.t("staff.button.edit"), f"st:edit:{tail}"),
               Button(turn.t("staff.button.cancel"), f"st:cancel:{tail}"))
    head = turn.t("staff.preview_offline" if offline else f"staff.preview.{pending.action}",
                  code=ticket.code, minutes=_minutes())
    turn.outcome.replies.append(Reply(f"{head}\n\n{shown}", buttons))


async def remember_prompt(uow: UnitOfWork, ref: str, message_id: int) -> None:
    """The prompt `<officer's telegram id>:<nonce>` was sent as `message_id`: a reply to it
    completes the wait, if the wait is still that one."""
    officer_part, _, nonce = ref.partition(":")
    officer_id = as_id(officer_part)
    officer = await uow.officers.by_telegram_id(officer_id) if officer_id else None
    state = await uow.conversations.load(officer_ref(officer)) if officer else None
    pending = Pending.load(state) if state else None
    if officer and state and pending is not None and pending.nonce == nonce:
        replace(pending, prompt_id=message_id).store(state)
        await uow.conversations.save(officer_ref(officer), state)
    if officer:
        kept = await uow.conversations.load(PROMPTS) or ConversationState()
        ids = [i for i in kept.data.get("ids", []) if i != message_id][1 - KEPT_PROMPTS:]
        # Not idle: the retention job empties an idle conversation's data (a citizen's question).
        kept.state, kept.data = PROMPTS.external_id, {"ids": [*ids, message_id]}
        await uow.conversations.save(PROMPTS, kept)


async def is_prompt(uow: UnitOfWork, message_id: int | None) -> bool:
    """Whether `message_id` is one of the staff group's latest prompts (live or not)."""
    kept = await uow.conversations.load(PROMPTS) if message_id is not None else None
    return kept is not None and message_id in kept.data.get("ids", [])


async def on_text(turn: StaffTurn, pending: Pending, text: str) -> int | None:
    """The officer's text in the pending action's place."""
    if pending.step is Step.CONFIRM:
        turn.say("staff.confirm_first", code=await _code(turn, pending))
        return None
    ticket = await turn.uow.tickets.get(pending.ticket_id, for_update=True)
    if ticket is None:
        Pending.clear(turn.state)
        turn.say("staff.unknown_ticket")
        return None
    if len(text) < MIN_REASON:
        turn.say("staff.reason_too_short", min=MIN_REASON)
        return None
    now = turn.deps.clock.now()
    if pending.action == reveal.ACTION:
        Pending.clear(turn.state)
        await reveal.reveal(turn, ticket, text)
        return ticket.id
    if pending.action in publication.TEXTS:
        Pending.clear(turn.state)
        await publication.on_text(turn, ticket, pending.action, text)
        return None
    if pending.action == faq.ACTION:
        question = await faq.cleaned(turn, ticket, text)
        show(turn, pending.confirming(question.text, now), ticket,
             await faq.preview(turn, ticket, question))
        return None
    shown = await actions.preview(turn, pending.action, ticket, text)
    if shown is None:
        Pending.clear(turn.state)
        return None
    offline = pending.action in actions.NOTICES and await turn.citizen(ticket) is None
    show(turn, pending.confirming(text, now), ticket, shown, offline)
    return None


async def on_choice(turn: StaffTurn, ticket: Ticket, choice: str, nonce: str) -> int | None:
    """Gửi, Sửa or Hủy, honoured only on the presser's own live wait for this ticket."""
    pending = Pending.load(turn.state)
    now = turn.deps.clock.now()
    if (pending is None or pending.ticket_id != ticket.id or pending.nonce != nonce
            or pending.expired(now)):
        turn.refuse("staff.pending_gone")
        return None
    if choice == "cancel":
        Pending.clear(turn.state)
        turn.say("staff.pending_cancelled")
        return None
    if pending.step is not Step.CONFIRM or pending.text is None:
        turn.refuse("staff.pending_gone")
        return None
    if choice == "edit":
        prompt(turn, pending.editing(now), ticket)
        return None
    Pending.clear(turn.state)
    if pending.action == faq.ACTION:
        await faq.save_question(turn, ticket, pending.text)
        return ticket.id
    if not actions.allowed(turn, pending.action, ticket):
        return None
    turn.choice = pending.choice
    await actions.ACTIONS[pending.action](turn, ticket, pending.text)
    return ticket.id


async def review_faq(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Thêm vào Hỏi - Đáp: the cleaned question is previewed; Sửa lets the officer rewrite it."""
    if await faq.answer_of(turn, ticket) is None:
        turn.refuse("staff.faq_no_answer", code=ticket.code)
        return
    now = turn.deps.clock.now()
    question = await faq.cleaned(turn, ticket, ticket.content)
    pending = Pending.start(faq.ACTION, ticket.id, ticket.staff_thread_id, now)
    show(turn, pending.confirming(question.text, now), ticket,
         await faq.preview(turn, ticket, question))


async def review_guide(turn: StaffTurn, ticket: Ticket, index: str) -> None:
    """Hướng dẫn to a body of ORG_FILE `referrals`: its notice previewed; Sửa types another."""
    agency = lawful.referral_text(turn, index)
    if agency is None:
        turn.refuse("staff.unknown_ticket")
        return
    if not actions.allowed(turn, "guide", ticket):
        return
    now = turn.deps.clock.now()
    shown = await actions.preview(turn, "guide", ticket, agency)
    if shown is not None:
        pending = Pending.start("guide", ticket.id, ticket.staff_thread_id, now)
        show(turn, pending.confirming(agency, now), ticket, shown)


async def expired(turn: StaffTurn, pending: Pending) -> None:
    """A text in the place of a wait that ran out: nothing is sent; the officer starts again."""
    Pending.clear(turn.state)
    turn.say("staff.pending_expired", code=await _code(turn, pending), minutes=_minutes())


async def _code(turn: StaffTurn, pending: Pending) -> str:
    ticket = await turn.uow.tickets.get(pending.ticket_id)
    return ticket.code if ticket else "-"
