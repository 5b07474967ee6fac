"""Filing a request, as one state table: content → (elements) → field → attachments → consent
→ (filer) → contact → publication → summary → confirm. Each step's handler returns the next
step (None: stay and ask again); `go` moves there and asks its question. The personal-data
notice and the choice come before the first personal detail is asked (Luật Bảo vệ dữ liệu cá
nhân 2025); a phản ánh or kiến nghị may be sent without contact details where the agency allows
it (ORG_FILE `allow_without_contact`). «Quay lại» goes back one step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.flows import elements, filer, filing_location, kept, typed_choice
from bot.core.flows.filing_common import CHANNELS_WITH_FILES, kind, takes_files
from bot.core.flows.filing_consent import on_consent, prompt_consent
from bot.core.flows.filing_contact import (
    on_address,
    on_authorisation,
    on_contact,
    on_name,
    on_phone,
    on_publish,
    on_represented,
    prompt_name,
    prompt_phone,
    prompt_publish,
    prompt_with_skip,
)
from bot.core.flows.filing_content import (
    on_attachments,
    on_content,
    on_element,
    on_field,
    prompt_attachments,
    prompt_content,
    prompt_field,
)
from bot.core.flows.filing_summary import on_confirm, prompt_confirm
from bot.core.flows.steps import Input, Step
from bot.core.flows.tickets import has_room_for_ticket
from bot.core.messages import Location
from bot.core.tickets import SEALED_IDENTITY, TWO_STAGE, TicketType
from bot.core.turn import Turn
from faq.normalize import fold

# Steps answered with buttons only: a label may be typed in part ("viễn thông", "xác nhận").
CHOICE_STEPS = frozenset({Step.FIELD, Step.ATTACHMENTS, Step.CONSENT, Step.FILER, Step.PUBLISH,
                          Step.CONFIRM})
BACK_WORDS = frozenset({"quay lai", "tro lai", "lui lai", "back", "quay lai buoc truoc"})
__all__ = ["Input", "Step", "back", "drop_draft", "go", "help_kept", "is_back", "keep_draft",
           "on_input", "start", "take_contact", "take_location"]

PROMPTS: dict[Step, Callable[[Turn], None]] = {
    Step.CONTENT: kept.offering(Step.CONTENT, prompt_content),
    Step.ELEMENT: elements.prompt,
    Step.FIELD: kept.marking(Step.FIELD, prompt_field),
    Step.ATTACHMENTS: prompt_attachments,
    Step.CONSENT: prompt_consent,
    Step.FILER: kept.marking(Step.FILER, filer.prompt_filer),
    Step.ORG_NAME: kept.offering(Step.ORG_NAME, filer.prompt_org_name),
    Step.TAX_CODE: kept.offering(Step.TAX_CODE, filer.prompt_tax_code),
    Step.NAME: kept.offering(Step.NAME, prompt_name),
    Step.PHONE: kept.offering(Step.PHONE, prompt_phone),
    Step.ADDRESS: kept.offering(Step.ADDRESS, prompt_with_skip("file.address", "address")),
    Step.REPRESENTED: kept.offering(Step.REPRESENTED, filer.prompt_represented),
    Step.AUTHORISATION: filer.prompt_authorisation,
    Step.PUBLISH: kept.marking(Step.PUBLISH, prompt_publish),
    Step.CONFIRM: prompt_confirm,
}

HANDLERS: dict[Step, Callable[[Turn, Input], Awaitable[Step | None]]] = {
    Step.CONTENT: on_content,
    Step.ELEMENT: on_element,
    Step.FIELD: on_field,
    Step.ATTACHMENTS: on_attachments,
    Step.CONSENT: on_consent,
    Step.FILER: filer.on_filer,
    Step.ORG_NAME: filer.on_org_name,
    Step.TAX_CODE: filer.on_tax_code,
    Step.NAME: on_name,
    Step.PHONE: on_phone,
    Step.ADDRESS: on_address,
    Step.REPRESENTED: on_represented,
    Step.AUTHORISATION: on_authorisation,
    Step.PUBLISH: on_publish,
    Step.CONFIRM: on_confirm,
}


async def start(turn: Turn, ticket_type: TicketType) -> None:
    """Begins the flow for one request type; past MAX_OPEN_TICKETS a phản ánh or kiến nghị is
    refused, a khiếu nại or tố cáo only slowed when sent (two_stage.may_file)."""
    turn.reset()
    unlimited = ticket_type in TWO_STAGE or ticket_type is TicketType.THONG_TIN
    if unlimited or await has_room_for_ticket(turn):
        files = turn.event.user.channel in CHANNELS_WITH_FILES or turn.event.can_attach
        turn.state.data = {"type": str(ticket_type), "attachments": [], "files": files}
        go(turn, Step.CONTENT)


def go(turn: Turn, step: Step) -> None:
    """Moves to `step` and asks its question."""
    turn.state.state = step
    PROMPTS[step](turn)


async def on_input(turn: Turn, event: Input) -> None:
    """Hands the input to the handler of the step the citizen is on; moves on if it says so.
    A label typed is its button pressed; a button of an earlier step asks the question again;
    «Giữ nguyên» is the value held typed again."""
    current = Step(turn.state.state)
    buttons = typed_choice.shown_buttons(turn, PROMPTS[current])
    if event.payload is None and event.text:
        pressed = typed_choice.typed_payload(event.text, buttons, current in CHOICE_STEPS)
        if pressed is not None and pressed.startswith("file:"):
            event = Input(None, pressed, event.attachments)
    elif event.payload and event.payload not in {button.payload for button in buttons}:
        turn.say("file.stale_button")
        PROMPTS[current](turn)
        return
    if event.payload and event.payload.startswith(kept.KEEP):
        held = elements.earlier(turn) if current is Step.ELEMENT else kept.earlier(turn, current)
        event = Input(held, None, event.attachments)
    step = await HANDLERS[current](turn, event)
    if step is not None:
        go(turn, step)


def take_location(turn: Turn, location: Location) -> None:
    """A map location mid-filing: the place of the incident of a phản ánh or kiến nghị
    (filing_location.py), then the step's question again."""
    if filing_location.take(turn, location):
        PROMPTS[Step(turn.state.state)](turn)


async def take_contact(turn: Turn, phone: str) -> None:
    """The citizen's own number shared as a contact: the phone step's answer; elsewhere a
    polite word that it is not taken (mid-filing, the step's question again)."""
    if turn.state.state != Step.PHONE:
        turn.say("error.contact")
        if turn.state.state.startswith("file."):
            PROMPTS[Step(turn.state.state)](turn)
        return
    step = await on_contact(turn, phone)
    if step is not None:
        go(turn, step)


def keep_draft(turn: Turn, language: str | None) -> None:
    """An earlier message's menu button pressed mid-filing: the step's question again, in
    `language` when the button switched it, else with a word on how to leave the draft."""
    if language is not None:
        turn.state.language = language
    else:
        turn.say("file.draft_kept", kind=turn.t(f"kind.{kind(turn)}"))
    PROMPTS[Step(turn.state.state)](turn)


def help_kept(turn: Turn) -> None:
    """/help typed mid-filing: the help (its menu left out), then the step's question."""
    turn.say("help", **turn.org_values())
    PROMPTS[Step(turn.state.state)](turn)


def drop_draft(turn: Turn) -> None:
    """A command typed mid-filing: the draft is let go of, and the citizen told so."""
    turn.say("file.draft_dropped", kind=turn.t(f"kind.{kind(turn)}"))
    turn.reset()


def is_back(text: str) -> bool:
    return fold(text).strip() in BACK_WORDS


def back(turn: Turn) -> None:
    """«Quay lại»: the previous step's question again; what was typed there is shown and kept
    until it is answered anew (kept.py)."""
    turn.state.data.pop("edit", None)
    step = Step(turn.state.state)
    if step is Step.ELEMENT and elements.back(turn):
        return
    if step is Step.FIELD and elements.has_elements(turn):
        elements.prepare(turn, last=True)
        go(turn, Step.ELEMENT)
        return
    previous = _previous(turn, step)
    if previous is None:
        turn.say("file.first_step")
        PROMPTS[step](turn)
    else:
        go(turn, previous)


def _previous(turn: Turn, step: Step) -> Step | None:
    data = turn.state.data
    before_consent = Step.ATTACHMENTS if takes_files(turn) else Step.FIELD
    contact = Step.NAME if data.get("with_contact", True) else Step.CONSENT
    if data.get("filer") == "representative" and data.get("with_contact", True):
        contact = Step.REPRESENTED
    no_publish = kind(turn) in SEALED_IDENTITY or kind(turn) is TicketType.THONG_TIN
    return {
        Step.CONTENT: None,
        Step.ELEMENT: Step.CONTENT,
        Step.FIELD: Step.CONTENT,
        Step.ATTACHMENTS: Step.FIELD,
        Step.CONSENT: before_consent,
        Step.FILER: Step.CONSENT,
        Step.ORG_NAME: Step.FILER,
        Step.TAX_CODE: Step.ORG_NAME,
        Step.NAME: (Step.TAX_CODE if data.get("filer") == "organisation"
                    else Step.FILER if "filer" in data else Step.CONSENT),
        Step.PHONE: Step.NAME,
        Step.ADDRESS: Step.PHONE,
        Step.REPRESENTED: Step.ADDRESS,
        Step.AUTHORISATION: Step.REPRESENTED,
        Step.PUBLISH: contact,
        Step.CONFIRM: (before_consent if kind(turn) is TicketType.THONG_TIN
                       else contact if no_publish else Step.PUBLISH),
    }[step]
