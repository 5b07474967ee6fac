"""The filing flow's last step: the summary, its «Sửa» buttons (content, elements, field,
contact) and the confirmation that sends the request: received at once (phản ánh, kiến nghị),
drafted as a đơn to sign (khiếu nại, tố cáo) or recorded as anonymous information."""

from __future__ import annotations

from bot.core.flows import anonymous, elements, two_stage
from bot.core.flows.filing_common import cancel, kind
from bot.core.flows.steps import Input, Step
from bot.core.flows.tickets import open_ticket
from bot.core.messages import Attachment
from bot.core.tickets import TWO_STAGE, Contact, TicketType
from bot.core.turn import Turn
from bot.core.validation import mask_phone

EDITS = {"content": Step.CONTENT, "field": Step.FIELD, "contact": Step.CONSENT,
         "elements": Step.ELEMENT}


def prompt_confirm(turn: Turn) -> None:
    data = turn.state.data
    contact = ", ".join(
        part
        for part in (data.get("name"), mask_phone(data["phone"]) if data.get("phone") else None,
                     data.get("address"))
        if part
    )
    yes, no = turn.t("file.summary_yes"), turn.t("file.summary_no")
    data.pop("edit", None)
    ticket_type = kind(turn)
    edits = [turn.button("file.edit_content", "file:edit:content")]
    if elements.has_elements(turn):
        edits.append(turn.button("file.edit_elements", "file:edit:elements"))
    edits.append(turn.button("file.edit_field", "file:edit:field"))
    if ticket_type is not TicketType.THONG_TIN:
        edits.append(turn.button("file.edit_contact", "file:edit:contact"))
    if data.get("organisation"):
        contact = f"{data['organisation']} ({contact})" if contact else data["organisation"]
    if data.get("represented"):
        contact += turn.t("file.summary_represents", represented=data["represented"])
    turn.say(
        "file.summary" if ticket_type is not TicketType.THONG_TIN else "file.summary_anonymous",
        turn.button("file.confirm", "file:confirm"), *edits, cancel(turn),
        kind=turn.t(f"kind.{ticket_type}"),
        field=turn.deps.org.field_name(data.get("field")) or "-",
        content=data["content"],
        attachments=len(data["attachments"]),
        contact=contact or turn.t("file.summary_no_contact"),
        publish=yes if data.get("publish") else no,
        elements=elements_summary(turn),
        stage=turn.t("file.summary_two_stage") if ticket_type in TWO_STAGE else "",
    )


def elements_summary(turn: Turn) -> str:
    """The elements of a khiếu nại or tố cáo, one line each, for the summary."""
    details = turn.state.data.get("details") or {}
    lines = []
    for key, value in details.items():
        shown = value
        if key in ("round", "court"):
            shown = turn.t(f"file.el.{key}.{value}")
        elif key == "learned_on":
            shown = "/".join(reversed(value.split("-")))
        lines.append(turn.t("file.summary_element", label=turn.t(f"file.el_label.{key}"),
                            value=shown))
    return "".join(lines)


async def on_confirm(turn: Turn, event: Input) -> Step | None:
    """Sends the request on «Xác nhận gửi»; a «Sửa» button returns to its step."""
    if event.payload and event.payload.startswith("file:edit:"):
        return _edit(turn, event.payload.removeprefix("file:edit:"))
    if event.payload != "file:confirm":
        turn.say("file.confirm_expected")
        prompt_confirm(turn)
        return None
    if kind(turn) in TWO_STAGE:
        opened = await two_stage.open_draft(turn)
    elif kind(turn) is TicketType.THONG_TIN:
        opened = await anonymous.record(turn)
    else:
        opened = await _open_one_stage(turn)
    if opened:  # otherwise the draft stays, to be sent later
        turn.reset()
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


async def _open_one_stage(turn: Turn) -> bool:
    """A phản ánh or kiến nghị: received at once, its clock running."""
    data = turn.state.data
    attachments = tuple(Attachment(**item) for item in data["attachments"])
    contact = Contact(data.get("name"), data.get("phone"), data.get("address"))
    return await open_ticket(
        turn, TicketType(data["type"]), content=data["content"], consent=data["consent"],
        field=data.get("field"), contact=contact, attachments=attachments,
        publish=bool(data.get("publish")), retry=(turn.button("file.confirm", "file:confirm"),),
    )
