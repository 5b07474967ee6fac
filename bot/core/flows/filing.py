"""Filing a request, as one state table: content → field → attachments → consent → contact →
publication → summary → confirm. The personal-data notice and the choice come before the first
personal detail is asked (Luật Bảo vệ dữ liệu cá nhân 2025: notice and consent before
collecting); a phản ánh or kiến nghị may be sent without contact details, answered in the chat
only, where the agency allows it (ORG_FILE `allow_without_contact`). The summary offers to edit
the content, the field or the contact; «quay lại» goes back one step. Each handler reads the
citizen's input and moves on or asks again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.flows import anonymous, elements, filer, two_stage
from bot.core.flows.steps import Input, Step
from bot.core.flows.tickets import has_room_for_ticket, open_ticket
from bot.core.messages import Attachment, Button, Channel
from bot.core.privacy import erasable
from bot.core.tickets import (
    CONTACT_REQUIRED,
    PHONE_REQUIRED,
    SEALED_IDENTITY,
    TWO_STAGE,
    Contact,
    TicketType,
)
from bot.core.turn import Turn
from bot.core.validation import (
    is_plausible_address,
    is_plausible_name,
    mask_phone,
    normalise_phone,
)
from faq.normalize import fold

MIN_CONTENT_LETTERS = 10
CHANNELS_WITH_FILES = frozenset({Channel.TELEGRAM, Channel.ZALO})
# Typed instead of pressing «Bỏ qua» at an optional step (compared folded).
SKIP_WORDS = frozenset({"bo qua", "skip", "khong co", "khong", "ko", "k", "bo"})
BACK_WORDS = frozenset({"quay lai", "tro lai", "lui lai", "back", "quay lai buoc truoc"})
__all__ = ["Input", "Step", "back", "go", "is_back", "on_input", "start"]


def _type(turn: Turn) -> TicketType:
    return TicketType(turn.state.data["type"])


def _takes_files(turn: Turn) -> bool:
    """Whether the flow asks for files: on channels that carry them, and from clients that say
    they can send them (the web chat page, which uploads; not every API client can)."""
    default = turn.event.user.channel in CHANNELS_WITH_FILES
    return bool(turn.state.data.get("files", default))


def _required(turn: Turn, detail: str = "name") -> bool:
    if detail == "phone":
        return _type(turn) in PHONE_REQUIRED
    return _type(turn) in CONTACT_REQUIRED


async def start(turn: Turn, ticket_type: TicketType) -> None:
    """Begins the flow for one request type; past MAX_OPEN_TICKETS a phản ánh or kiến nghị is
    refused, a khiếu nại or tố cáo only slowed when sent (two_stage.may_file)."""
    turn.reset()
    unlimited = ticket_type in TWO_STAGE or ticket_type is TicketType.THONG_TIN
    if unlimited or await has_room_for_ticket(turn):
        takes_files = turn.event.user.channel in CHANNELS_WITH_FILES or turn.event.can_attach
        turn.state.data = {"type": str(ticket_type), "attachments": [], "files": takes_files}
        go(turn, Step.CONTENT)


def go(turn: Turn, step: Step) -> None:
    """Moves to `step` and asks its question."""
    turn.state.state = step
    PROMPTS[step](turn)


async def on_input(turn: Turn, event: Input) -> None:
    """Hands the input to the handler of the step the citizen is on."""
    await HANDLERS[Step(turn.state.state)](turn, event)


def is_back(text: str) -> bool:
    return fold(text).strip() in BACK_WORDS


def back(turn: Turn) -> None:
    """«Quay lại»: the previous step's question again (what was typed there is kept until it
    is answered anew)."""
    turn.state.data.pop("edit", None)
    step = Step(turn.state.state)
    if step is Step.ELEMENT and elements.back(turn):
        return
    if step is Step.FIELD and elements.has_elements(turn):
        turn.state.state = Step.ELEMENT
        elements.begin(turn, last=True)
        return
    previous = _previous(turn, step)
    if previous is None:
        turn.say("file.first_step")
        PROMPTS[step](turn)
    else:
        go(turn, previous)


def _previous(turn: Turn, step: Step) -> Step | None:
    data = turn.state.data
    before_consent = Step.ATTACHMENTS if _takes_files(turn) else Step.FIELD
    contact = Step.NAME if data.get("with_contact", True) else Step.CONSENT
    if data.get("filer") == "representative" and data.get("with_contact", True):
        contact = Step.REPRESENTED
    no_publish = _type(turn) in SEALED_IDENTITY or _type(turn) is TicketType.THONG_TIN
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
        Step.CONFIRM: (before_consent if _type(turn) is TicketType.THONG_TIN
                       else contact if no_publish else Step.PUBLISH),
    }[step]


def _after_contact(turn: Turn) -> Step:
    """The represented person for a representative; then publication for what may be
    published, else the summary; the summary when editing."""
    data = turn.state.data
    if data.get("filer") == "representative" and "represented" not in data:
        return Step.REPRESENTED
    if data.get("edit") or _type(turn) in SEALED_IDENTITY:
        return Step.CONFIRM
    return Step.PUBLISH


def _cancel(turn: Turn) -> Button:
    return turn.button("button.cancel", "cmd:huy")


def _prompt_content(turn: Turn) -> None:
    turn.say(f"file.start.{_type(turn)}", _cancel(turn))


def _prompt_field(turn: Turn) -> None:
    buttons = [turn.button_raw(f.name, f"file:field:{f.id}") for f in turn.deps.org.fields]
    turn.say("file.field", *buttons, _cancel(turn))


def _prompt_attachments(turn: Turn) -> None:
    limits = turn.deps.limits
    turn.say(
        "file.attachments",
        turn.button("button.done", "file:done"),
        turn.button("button.skip", "file:skip"),
        _cancel(turn),
        max=limits.max_attachments,
        max_mb=limits.max_attachment_mb,
    )


def _prompt_name(turn: Turn) -> None:
    filer_kind = turn.state.data.get("filer")
    if filer_kind in ("organisation", "representative"):
        turn.say(f"file.name_{filer_kind}", _cancel(turn))
    elif _required(turn):
        turn.say("file.contact_intro_required", _cancel(turn), kind=turn.t(f"kind.{_type(turn)}"))
    else:
        skip = turn.button("button.skip", "file:skip")
        turn.say("file.contact_intro_optional", skip, _cancel(turn))


def _prompt_with_skip(key: str, detail: str) -> Callable[[Turn], None]:
    def prompt(turn: Turn) -> None:
        skip = () if _required(turn, detail) else (turn.button("button.skip", "file:skip"),)
        turn.say(key, *skip, _cancel(turn))

    return prompt


def _prompt_consent(turn: Turn) -> None:
    ticket_type = _type(turn)
    required = _required(turn)
    buttons = [turn.button("file.consent_yes", "file:consent:yes")]
    if not required and turn.deps.org.allow_without_contact:
        buttons.append(turn.button("file.consent_no_contact", "file:consent:nocontact"))
    if ticket_type is TicketType.TO_CAO:
        buttons.append(turn.button("file.consent_anonymous", "file:consent:anonymous"))
    buttons += [turn.button("file.consent_no", "file:consent:no"), _cancel(turn)]
    turn.say(
        "file.consent",
        *buttons,
        kind=turn.t(f"kind.{ticket_type}"),
        contact_part=turn.t("file.consent_contact_part" if required
                            else "file.consent_contact_part_optional"),
        sealed_part=turn.t("file.consent_sealed_part") if ticket_type in SEALED_IDENTITY else "",
        **_consent_terms(turn, ticket_type),
        **turn.org_values(),
    )


def _consent_terms(turn: Turn, ticket_type: TicketType) -> dict[str, str]:
    """The notice's legal basis, retention and recipients abroad (bot.core.privacy): a khiếu nại
    or tố cáo is settled under its law whatever the consent; cards go to a Telegram group
    (servers abroad: a cross-border transfer) only where a staff chat is configured."""
    kind = turn.t(f"kind.{ticket_type}")
    days = turn.deps.retention_days
    period = (turn.t("file.consent_years", n=days // 365) if days % 365 == 0
              else turn.t("file.consent_days", n=days))
    if erasable(ticket_type):
        basis = turn.t("file.consent_basis_consent")
        retention = turn.t("file.consent_retention_consent", period=period, kind=kind)
    else:
        basis = turn.t("file.consent_basis_law", law=turn.t(f"file.consent_law.{ticket_type}"),
                       kind=kind)
        retention = turn.t("file.consent_retention_archived", kind=kind)
    abroad = turn.deps.staff_chat_id is not None
    return {"basis": basis, "retention": retention,
            "transfer_part": turn.t("file.consent_transfer_part") if abroad else ""}


def _prompt_publish(turn: Turn) -> None:
    turn.say(
        "file.publish",
        turn.button("file.publish_yes", "file:publish:yes"),
        turn.button("file.publish_no", "file:publish:no"),
        _cancel(turn),
    )


def _prompt_confirm(turn: Turn) -> None:
    data = turn.state.data
    contact = ", ".join(
        part
        for part in (data.get("name"), mask_phone(data["phone"]) if data.get("phone") else None,
                     data.get("address"))
        if part
    )
    yes, no = turn.t("file.summary_yes"), turn.t("file.summary_no")
    data.pop("edit", None)
    kind = _type(turn)
    edits = [turn.button("file.edit_content", "file:edit:content")]
    if elements.has_elements(turn):
        edits.append(turn.button("file.edit_elements", "file:edit:elements"))
    edits.append(turn.button("file.edit_field", "file:edit:field"))
    if kind is not TicketType.THONG_TIN:
        edits.append(turn.button("file.edit_contact", "file:edit:contact"))
    if data.get("organisation"):
        contact = f"{data['organisation']} ({contact})" if contact else data["organisation"]
    if data.get("represented"):
        contact += turn.t("file.summary_represents", represented=data["represented"])
    turn.say(
        "file.summary" if kind is not TicketType.THONG_TIN else "file.summary_anonymous",
        turn.button("file.confirm", "file:confirm"), *edits, _cancel(turn),
        kind=turn.t(f"kind.{kind}"),
        field=turn.deps.org.field_name(data.get("field")) or "-",
        content=data["content"],
        attachments=len(data["attachments"]),
        contact=contact or turn.t("file.summary_no_contact"),
        publish=yes if data.get("publish") else no,
        elements=_elements_summary(turn),
        stage=turn.t("file.summary_two_stage") if kind in TWO_STAGE else "",
    )


def _elements_summary(turn: Turn) -> str:
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


async def _on_content(turn: Turn, event: Input) -> None:
    text = event.text or ""
    if sum(ch.isalpha() for ch in text) < MIN_CONTENT_LETTERS:
        turn.say("file.content_too_short", _cancel(turn))
        return
    turn.state.data["content"] = text
    if turn.state.data.get("edit"):
        go(turn, Step.CONFIRM)
    elif elements.has_elements(turn):
        turn.state.state = Step.ELEMENT
        elements.begin(turn)
    else:
        go(turn, Step.FIELD)


async def _on_element(turn: Turn, event: Input) -> None:
    if await elements.on_input(turn, event):
        go(turn, Step.CONFIRM if turn.state.data.pop("edit", None) else Step.FIELD)


def _after_files(turn: Turn) -> Step:
    """Anonymous information asks for no personal data: straight to the summary."""
    return Step.CONFIRM if _type(turn) is TicketType.THONG_TIN else Step.CONSENT


async def _on_field(turn: Turn, event: Input) -> None:
    field_id = (event.payload or "").removeprefix("file:field:")
    if turn.deps.org.field_name(field_id) is None:
        turn.say("file.field_invalid")
        _prompt_field(turn)
        return
    turn.state.data["field"] = field_id
    if turn.state.data.get("edit"):
        go(turn, Step.CONFIRM)
        return
    go(turn, Step.ATTACHMENTS if _takes_files(turn) else _after_files(turn))


async def _on_attachments(turn: Turn, event: Input) -> None:
    if event.payload in ("file:done", "file:skip"):
        go(turn, _after_files(turn))
        return
    if not event.attachments:
        turn.say("file.attachment_expected", turn.button("button.done", "file:done"),
                 turn.button("button.skip", "file:skip"), _cancel(turn))
        return
    limits, stored = turn.deps.limits, turn.state.data["attachments"]
    for item in event.attachments:
        if len(stored) >= limits.max_attachments:
            turn.say("file.attachment_limit", max=limits.max_attachments)
            return
        if item.size and item.size > limits.max_attachment_mb * 1024 * 1024:
            turn.say("file.attachment_too_big", name=item.name or item.kind,
                     max_mb=limits.max_attachment_mb)
            continue
        stored.append({"kind": item.kind, "file_ref": item.file_ref, "size": item.size,
                       "mime": item.mime, "name": item.name})
    turn.say("file.attachment_added", turn.button("button.done", "file:done"),
             count=len(stored), max=limits.max_attachments)


def _contact_step(key: str, next_step: Step | None, parse: Callable[[str], str | None],
                  error: str) -> Callable[[Turn, Input], Awaitable[None]]:
    """One contact detail; `next_step` None: the step after the contact details."""
    async def handler(turn: Turn, event: Input) -> None:
        optional = not _required(turn, key)
        typed_skip = event.text is not None and fold(event.text).strip() in SKIP_WORDS
        if optional and (event.payload == "file:skip" or typed_skip):
            if key == "name":  # no name: no contact details at all
                for detail in ("name", "phone", "address"):
                    turn.state.data.pop(detail, None)
                go(turn, _after_contact(turn))
            else:
                turn.state.data.pop(key, None)
                go(turn, next_step or _after_contact(turn))
            return
        value = parse(event.text or "")
        if value is None:
            skip = (turn.button("button.skip", "file:skip"),) if optional else ()
            turn.say(error, *skip, _cancel(turn))
            return
        turn.state.data[key] = value
        go(turn, next_step or _after_contact(turn))

    return handler


def _accept_if(check: Callable[[str], bool]) -> Callable[[str], str | None]:
    return lambda text: " ".join(text.split()) if check(text) else None


def _yes_no(event: Input, prefix: str) -> bool | None:
    answer = (event.payload or "").removeprefix(prefix)
    return {"yes": True, "no": False}.get(answer) if event.payload else None


async def _on_consent(turn: Turn, event: Input) -> None:
    answer = (event.payload or "").removeprefix("file:consent:") if event.payload else None
    without_contact = not _required(turn) and turn.deps.org.allow_without_contact
    denunciation = _type(turn) is TicketType.TO_CAO
    if answer == "yes":
        turn.state.data.update(consent=True, with_contact=True)
        go(turn, Step.FILER if _type(turn) is TicketType.KHIEU_NAI else Step.NAME)
    elif answer == "anonymous" and denunciation:
        anonymous.switch(turn)
        go(turn, Step.CONFIRM)
    elif answer == "no" and denunciation:  # Luật TC Đ25(2): the information may still serve
        turn.say("file.consent_refused_to_cao",
                 turn.button("file.consent_anonymous", "file:consent:anonymous"),
                 _cancel(turn), **turn.org_values())
    elif answer == "nocontact" and without_contact:
        turn.state.data.update(consent=True, with_contact=False)
        for detail in ("name", "phone", "address"):
            turn.state.data.pop(detail, None)
        go(turn, _after_contact(turn))
    elif answer == "no" and without_contact:
        turn.say("file.consent_refused_optional",
                 turn.button("file.consent_no_contact", "file:consent:nocontact"),
                 _cancel(turn), kind=turn.t(f"kind.{_type(turn)}"))
    elif answer == "no":
        turn.reset()
        turn.say("file.consent_refused", **turn.org_values())
    else:
        turn.say("file.consent_expected")
        _prompt_consent(turn)


async def _on_edit(turn: Turn, what: str) -> None:
    """«Sửa nội dung / lĩnh vực / liên hệ» under the summary."""
    step = {"content": Step.CONTENT, "field": Step.FIELD, "contact": Step.CONSENT,
            "elements": Step.ELEMENT}.get(what)
    if step is None or turn.state.state != Step.CONFIRM:
        turn.say("error.stale_button")
        return
    if (step is Step.ELEMENT and not elements.has_elements(turn)) or (
            step is Step.CONSENT and _type(turn) is TicketType.THONG_TIN):
        turn.say("error.stale_button")
        return
    turn.state.data["edit"] = True
    if step is Step.ELEMENT:
        turn.state.state = step
        elements.begin(turn)
    else:
        go(turn, step)


async def _on_publish(turn: Turn, event: Input) -> None:
    publish = _yes_no(event, "file:publish:")
    if publish is None:
        _prompt_publish(turn)
        return
    turn.state.data["publish"] = publish
    go(turn, Step.CONFIRM)


async def _on_confirm(turn: Turn, event: Input) -> None:
    if event.payload and event.payload.startswith("file:edit:"):
        await _on_edit(turn, event.payload.removeprefix("file:edit:"))
        return
    if event.payload != "file:confirm":
        turn.say("file.confirm_expected")
        _prompt_confirm(turn)
        return
    data = turn.state.data
    if _type(turn) in TWO_STAGE:
        opened = await two_stage.open_draft(turn)
    elif _type(turn) is TicketType.THONG_TIN:
        opened = await anonymous.record(turn)
    else:
        opened = await _open_one_stage(turn, data)
    if opened:  # otherwise the draft stays, to be sent later
        turn.reset()


async def _open_one_stage(turn: Turn, data: dict[str, Any]) -> bool:
    """A phản ánh or kiến nghị: received at once, its clock running."""
    attachments = tuple(Attachment(**item) for item in data["attachments"])
    contact = Contact(data.get("name"), data.get("phone"), data.get("address"))
    return await open_ticket(
        turn, TicketType(data["type"]), content=data["content"], consent=data["consent"],
        field=data.get("field"), contact=contact, attachments=attachments,
        publish=bool(data.get("publish")), retry=(turn.button("file.confirm", "file:confirm"),),
    )


def _step_of(handler: Callable[[Turn, Input], Awaitable[Step | None]]
             ) -> Callable[[Turn, Input], Awaitable[None]]:
    """A filer handler that names the next step, as a step of this table."""
    async def run(turn: Turn, event: Input) -> None:
        step = await handler(turn, event)
        if step is not None:
            go(turn, step)

    return run


async def _on_represented(turn: Turn, event: Input) -> None:
    if await filer.on_represented(turn, event) is None:
        return
    if _takes_files(turn):
        go(turn, Step.AUTHORISATION)
    else:
        await filer.on_authorisation(turn, event, files=False)
        go(turn, _after_contact(turn))


async def _on_authorisation(turn: Turn, event: Input) -> None:
    if await filer.on_authorisation(turn, event, files=True):
        go(turn, _after_contact(turn))


PROMPTS: dict[Step, Callable[[Turn], None]] = {
    Step.CONTENT: _prompt_content,
    Step.ELEMENT: elements.prompt,
    Step.FILER: filer.prompt_filer,
    Step.ORG_NAME: filer.prompt_org_name,
    Step.TAX_CODE: filer.prompt_tax_code,
    Step.REPRESENTED: filer.prompt_represented,
    Step.AUTHORISATION: filer.prompt_authorisation,
    Step.FIELD: _prompt_field,
    Step.ATTACHMENTS: _prompt_attachments,
    Step.NAME: _prompt_name,
    Step.PHONE: _prompt_with_skip("file.phone", "phone"),
    Step.ADDRESS: _prompt_with_skip("file.address", "address"),
    Step.CONSENT: _prompt_consent,
    Step.PUBLISH: _prompt_publish,
    Step.CONFIRM: _prompt_confirm,
}

HANDLERS: dict[Step, Callable[[Turn, Input], Awaitable[None]]] = {
    Step.CONTENT: _on_content,
    Step.ELEMENT: _on_element,
    Step.FILER: _step_of(filer.on_filer),
    Step.ORG_NAME: _step_of(filer.on_org_name),
    Step.TAX_CODE: _step_of(filer.on_tax_code),
    Step.REPRESENTED: _on_represented,
    Step.AUTHORISATION: _on_authorisation,
    Step.FIELD: _on_field,
    Step.ATTACHMENTS: _on_attachments,
    Step.NAME: _contact_step(
        "name", Step.PHONE, _accept_if(is_plausible_name), "file.name_invalid"
    ),
    Step.PHONE: _contact_step("phone", Step.ADDRESS, normalise_phone, "file.phone_invalid"),
    Step.ADDRESS: _contact_step(
        "address", None, _accept_if(is_plausible_address), "file.address_invalid"
    ),
    Step.CONSENT: _on_consent,
    Step.PUBLISH: _on_publish,
    Step.CONFIRM: _on_confirm,
}
