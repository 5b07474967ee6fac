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
from dataclasses import dataclass
from enum import StrEnum

from bot.core.flows.tickets import has_room_for_ticket, open_ticket
from bot.core.messages import Attachment, Button, Channel
from bot.core.privacy import erasable
from bot.core.tickets import CONTACT_REQUIRED, SEALED_IDENTITY, Contact, TicketType
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


class Step(StrEnum):
    CONTENT = "file.content"
    FIELD = "file.field"
    ATTACHMENTS = "file.attachments"
    NAME = "file.name"
    PHONE = "file.phone"
    ADDRESS = "file.address"
    CONSENT = "file.consent"
    PUBLISH = "file.publish"
    CONFIRM = "file.confirm"


@dataclass(frozen=True)
class Input:
    text: str | None
    payload: str | None
    attachments: tuple[Attachment, ...]


def _type(turn: Turn) -> TicketType:
    return TicketType(turn.state.data["type"])


def _takes_files(turn: Turn) -> bool:
    """Whether the flow asks for files: on channels that carry them, and from clients that say
    they can send them (the web chat page, which uploads; not every API client can)."""
    default = turn.event.user.channel in CHANNELS_WITH_FILES
    return bool(turn.state.data.get("files", default))


def _required(turn: Turn) -> bool:
    return _type(turn) in CONTACT_REQUIRED


async def start(turn: Turn, ticket_type: TicketType) -> None:
    """Begins the flow for one request type, unless the citizen has too many open."""
    turn.reset()
    if await has_room_for_ticket(turn):
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
    previous = _previous(turn, step)
    if previous is None:
        turn.say("file.first_step")
        PROMPTS[step](turn)
    else:
        go(turn, previous)


def _previous(turn: Turn, step: Step) -> Step | None:
    data = turn.state.data
    files = _takes_files(turn)
    contact = Step.NAME if data.get("with_contact", True) else Step.CONSENT
    return {
        Step.CONTENT: None,
        Step.FIELD: Step.CONTENT,
        Step.ATTACHMENTS: Step.FIELD,
        Step.CONSENT: Step.ATTACHMENTS if files else Step.FIELD,
        Step.NAME: Step.CONSENT,
        Step.PHONE: Step.NAME,
        Step.ADDRESS: Step.PHONE,
        Step.PUBLISH: contact,
        Step.CONFIRM: contact if _type(turn) in SEALED_IDENTITY else Step.PUBLISH,
    }[step]


def _after_contact(turn: Turn) -> Step:
    """Publication for what may be published, else the summary; the summary when editing."""
    if turn.state.data.get("edit") or _type(turn) in SEALED_IDENTITY:
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
    if _required(turn):
        turn.say("file.contact_intro_required", _cancel(turn), kind=turn.t(f"kind.{_type(turn)}"))
    else:
        skip = turn.button("button.skip", "file:skip")
        turn.say("file.contact_intro_optional", skip, _cancel(turn))


def _prompt_with_skip(key: str) -> Callable[[Turn], None]:
    def prompt(turn: Turn) -> None:
        skip = () if _required(turn) else (turn.button("button.skip", "file:skip"),)
        turn.say(key, *skip, _cancel(turn))

    return prompt


def _prompt_consent(turn: Turn) -> None:
    ticket_type = _type(turn)
    required = _required(turn)
    buttons = [turn.button("file.consent_yes", "file:consent:yes")]
    if not required and turn.deps.org.allow_without_contact:
        buttons.append(turn.button("file.consent_no_contact", "file:consent:nocontact"))
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
    turn.say(
        "file.summary",
        turn.button("file.confirm", "file:confirm"),
        turn.button("file.edit_content", "file:edit:content"),
        turn.button("file.edit_field", "file:edit:field"),
        turn.button("file.edit_contact", "file:edit:contact"),
        _cancel(turn),
        kind=turn.t(f"kind.{_type(turn)}"),
        field=turn.deps.org.field_name(data.get("field")) or "-",
        content=data["content"],
        attachments=len(data["attachments"]),
        contact=contact or turn.t("file.summary_no_contact"),
        publish=yes if data.get("publish") else no,
    )


async def _on_content(turn: Turn, event: Input) -> None:
    text = event.text or ""
    if sum(ch.isalpha() for ch in text) < MIN_CONTENT_LETTERS:
        turn.say("file.content_too_short", _cancel(turn))
        return
    turn.state.data["content"] = text
    go(turn, Step.CONFIRM if turn.state.data.get("edit") else Step.FIELD)


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
    go(turn, Step.ATTACHMENTS if _takes_files(turn) else Step.CONSENT)


async def _on_attachments(turn: Turn, event: Input) -> None:
    if event.payload in ("file:done", "file:skip"):
        go(turn, Step.CONSENT)
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
        optional = not _required(turn)
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
    if answer == "yes":
        turn.state.data.update(consent=True, with_contact=True)
        go(turn, Step.NAME)
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
    step = {"content": Step.CONTENT, "field": Step.FIELD, "contact": Step.CONSENT}.get(what)
    if step is None or turn.state.state != Step.CONFIRM:
        turn.say("error.stale_button")
        return
    turn.state.data["edit"] = True
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
    attachments = tuple(Attachment(**item) for item in data["attachments"])
    contact = Contact(data.get("name"), data.get("phone"), data.get("address"))
    opened = await open_ticket(
        turn, TicketType(data["type"]), content=data["content"], consent=data["consent"],
        field=data.get("field"), contact=contact, attachments=attachments,
        publish=bool(data.get("publish")), retry=(turn.button("file.confirm", "file:confirm"),),
    )
    if opened:  # otherwise the draft stays, to be sent later
        turn.reset()


PROMPTS: dict[Step, Callable[[Turn], None]] = {
    Step.CONTENT: _prompt_content,
    Step.FIELD: _prompt_field,
    Step.ATTACHMENTS: _prompt_attachments,
    Step.NAME: _prompt_name,
    Step.PHONE: _prompt_with_skip("file.phone"),
    Step.ADDRESS: _prompt_with_skip("file.address"),
    Step.CONSENT: _prompt_consent,
    Step.PUBLISH: _prompt_publish,
    Step.CONFIRM: _prompt_confirm,
}

HANDLERS: dict[Step, Callable[[Turn, Input], Awaitable[None]]] = {
    Step.CONTENT: _on_content,
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
