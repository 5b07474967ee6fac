"""The filing flow's last step: the summary, its «Sửa» buttons (content, elements, field,
contact) and the confirmation that sends the request: received at once (phản ánh, kiến nghị),
drafted as a đơn to sign (khiếu nại, tố cáo) or recorded as anonymous information."""

from __future__ import annotations

from dataclasses import replace

from bot.core import places
from bot.core.flows import anonymous, elements, sent, two_stage
from bot.core.flows.draft import Draft
from bot.core.flows.filing_common import cancel, kind
from bot.core.flows.steps import Input, Step
from bot.core.flows.tickets import open_ticket
from bot.core.messages import Button
from bot.core.tickets import TWO_STAGE, Ticket, TicketType
from bot.core.turn import Turn
from bot.core.urgency import CITIZEN_FLAGGED
from bot.core.validation import mask_phone

URGENT_ON, URGENT_OFF = "file:urgent:on", "file:urgent:off"
EDITS = {"content": Step.CONTENT, "field": Step.FIELD, "contact": Step.CONSENT,
         "elements": Step.ELEMENT}


def prompt_confirm(turn: Turn) -> None:
    """The summary of the draft (decoded once) with «Xác nhận gửi» and the «Sửa» buttons."""
    draft = replace(Draft.decode(turn.state.data), edit=None)
    turn.state.data = draft.encode()
    contact = ", ".join(
        part
        for part in (draft.name, mask_phone(draft.phone) if draft.phone else None, draft.address)
        if part
    )
    yes, no = turn.t("file.summary_yes"), turn.t("file.summary_no")
    edits = [turn.button("file.edit_content", "file:edit:content")]
    if elements.has_elements(turn):
        edits.append(turn.button("file.edit_elements", "file:edit:elements"))
    edits.append(turn.button("file.edit_field", "file:edit:field"))
    anonymous_info = draft.type is TicketType.THONG_TIN
    if not anonymous_info:
        edits.append(turn.button("file.edit_contact", "file:edit:contact"))
    if draft.organisation:
        contact = f"{draft.organisation} ({contact})" if contact else draft.organisation
    if draft.represented:
        contact += turn.t("file.summary_represents", represented=draft.represented)
    turn.say(
        "file.summary_anonymous" if anonymous_info else "file.summary",
        turn.button("file.confirm", "file:confirm"), *_urgency(turn, draft), *edits,
        cancel(turn),
        kind=turn.t(f"kind.{draft.type}"),
        field=turn.deps.org.field_name(draft.field) or "-",
        content=draft.content,
        attachments=len(draft.attachments) or turn.t("file.summary_no_files"),
        contact=contact or turn.t("file.summary_no_contact"),
        publish=yes if draft.publish else no,
        elements=elements_summary(turn, draft),
        stage=turn.t("file.summary_two_stage") if draft.type in TWO_STAGE else "",
        urgent=turn.t("file.summary_urgent") if draft.urgent else "",
        location=(turn.t("file.summary_location", place=places.shown(draft.location))
                  if draft.location else ""),
    )


def _urgency(turn: Turn, draft: Draft) -> tuple[Button, ...]:
    """«Báo khẩn cấp» (or «Bỏ báo khẩn cấp») beside «Xác nhận gửi»: a tap for the few urgent
    reports, no extra question for the others (bot.core.urgency)."""
    if draft.type not in CITIZEN_FLAGGED:
        return ()
    if draft.urgent:
        return (turn.button("file.urgent_off_button", URGENT_OFF),)
    return (turn.button("file.urgent_button", URGENT_ON),)


def elements_summary(turn: Turn, draft: Draft) -> str:
    """The elements of a khiếu nại or tố cáo, one line each, for the summary."""
    lines = []
    for key, value in (draft.details or {}).items():
        shown = value
        if key in ("round", "court"):
            shown = turn.t(f"file.el.{key}.{value}")
        elif key == "learned_on":
            shown = "/".join(reversed(value.split("-")))
        label = f"file.el_label.{key}"
        if key == "respondent":  # as the law names them: người bị khiếu nại / bị tố cáo
            label = f"{label}_{draft.type}"
        lines.append(turn.t("file.summary_element", label=turn.t(label), value=shown))
    return "".join(lines)


async def on_confirm(turn: Turn, event: Input) -> Step | None:
    """Sends the request on «Xác nhận gửi»; a «Sửa» button returns to its step."""
    if event.payload and event.payload.startswith("file:edit:"):
        return _edit(turn, event.payload.removeprefix("file:edit:"))
    if event.payload in (URGENT_ON, URGENT_OFF) and kind(turn) in CITIZEN_FLAGGED:
        urgent = event.payload == URGENT_ON
        turn.state.data["urgent"] = urgent
        turn.say("file.urgent_marked" if urgent else "file.urgent_unmarked",
                 hours=f"{turn.deps.deadlines.urgent.length_hours:g}")
        return Step.CONFIRM
    if event.payload != "file:confirm":
        turn.say("file.confirm_expected")
        prompt_confirm(turn)
        return None
    if kind(turn) is TicketType.THONG_TIN:
        if await anonymous.record(turn):  # no code given, no link to the citizen kept
            sent.remember(turn, None)
        return None
    opened = await (two_stage.open_draft(turn) if kind(turn) in TWO_STAGE
                    else _open_one_stage(turn))
    if opened is not None:  # otherwise the draft stays, to be sent later
        sent.remember(turn, opened.code)
    return None


def _edit(turn: Turn, what: str) -> Step | None:
    """«Sửa nội dung / yếu tố / lĩnh vực / liên hệ» under the summary."""
    step = EDITS.get(what)
    stale = step is None or turn.state.state != Step.CONFIRM or (
        step is Step.ELEMENT and not elements.has_elements(turn)) or (
        step is Step.CONSENT and kind(turn) is TicketType.THONG_TIN)
    if stale or step is None:
        turn.say("error.stale_button")
        return None
    turn.state.data["edit"] = True
    if step is Step.ELEMENT:
        elements.prepare(turn)
    return step


async def _open_one_stage(turn: Turn) -> Ticket | None:
    """A phản ánh or kiến nghị: received at once, its clock running."""
    draft = Draft.decode(turn.state.data)
    return await open_ticket(
        turn, draft.type, content=draft.content or "", consent=bool(draft.consent),
        field=draft.field, contact=draft.contact, attachments=draft.files_attached(),
        publish=bool(draft.publish), retry=(turn.button("file.confirm", "file:confirm"),),
        follows=draft.extra.get("follows"), urgent=bool(draft.urgent),
        location=draft.location,
    )
