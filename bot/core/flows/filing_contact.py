"""The filing steps about who files, after the consent: the contact details, the represented
person and the publication choice. Each handler returns the next step, or None to stay."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.core.flows import filer, sharing
from bot.core.flows.filing_common import after_contact, cancel, kind, required, takes_files
from bot.core.flows.steps import Input, Step
from bot.core.intents import yes_or_no
from bot.core.messages import Channel, ShareKind
from bot.core.turn import Turn
from bot.core.validation import is_plausible_address, is_plausible_name, mask_phone, phone_in
from faq.normalize import fold

# Typed instead of pressing «Bỏ qua» at an optional step (compared folded).
SKIP_WORDS = frozenset({"bo qua", "skip", "khong co", "khong", "ko", "k", "bo"})
Handler = Callable[[Turn, Input], Awaitable[Step | None]]
# The channels whose client sends the citizen's own number in one tap (a Telegram contact).
PHONE_SHARED_ON = frozenset({Channel.TELEGRAM})


def prompt_name(turn: Turn) -> None:
    filer_kind = turn.state.data.get("filer")
    if filer_kind in ("organisation", "representative"):
        turn.say(f"file.name_{filer_kind}", cancel(turn))
    elif required(turn):
        turn.say("file.contact_intro_required", cancel(turn), kind=turn.t(f"kind.{kind(turn)}"))
    else:
        skip = turn.button("button.skip", "file:skip")
        turn.say("file.contact_intro_optional", skip, cancel(turn))


def prompt_with_skip(key: str, detail: str) -> Callable[[Turn], None]:
    def prompt(turn: Turn) -> None:
        skip = () if required(turn, detail) else (turn.button("button.skip", "file:skip"),)
        turn.say(key, *skip, cancel(turn))

    return prompt


_ask_phone = prompt_with_skip("file.phone", "phone")


def prompt_phone(turn: Turn) -> None:
    _ask_phone(turn)
    offer_phone(turn)


def offer_phone(turn: Turn) -> None:
    """The phone step's latest message with the one-tap «Gửi số điện thoại», where there is
    one."""
    if turn.event.user.channel in PHONE_SHARED_ON and turn.replies:
        question = turn.replies[-1]
        text = f"{question.text}\n{turn.t('file.phone_share')}"
        turn.replies[-1] = sharing.asking(turn, replace(question, text=text), ShareKind.PHONE)


def prompt_publish(turn: Turn) -> None:
    turn.say(
        "file.publish",
        turn.button("file.publish_yes", "file:publish:yes"),
        turn.button("file.publish_no", "file:publish:no"),
        cancel(turn),
    )


def forget_contact(turn: Turn) -> None:
    """Drops the name, phone and address typed so far."""
    for detail in ("name", "phone", "address"):
        turn.state.data.pop(detail, None)


def contact_step(key: str, next_step: Step | None, parse: Callable[[str], str | None],
                 error: str) -> Handler:
    """One contact detail; `next_step` None: the step after the contact details."""
    async def handler(turn: Turn, event: Input) -> Step | None:
        optional = not required(turn, key)
        typed_skip = event.text is not None and fold(event.text).strip() in SKIP_WORDS
        if optional and (event.payload == "file:skip" or typed_skip):
            if key == "name":  # no name: no contact details at all
                forget_contact(turn)
                return after_contact(turn)
            turn.state.data.pop(key, None)
            return next_step or after_contact(turn)
        value = parse(event.text or "")
        if value is None:
            skip = (turn.button("button.skip", "file:skip"),) if optional else ()
            turn.say(error, *skip, cancel(turn))
            return None
        turn.state.data[key] = value
        return next_step or after_contact(turn)

    return handler


def _accept_if(check: Callable[[str], bool]) -> Callable[[str], str | None]:
    return lambda text: " ".join(text.split()) if check(text) else None


on_name = contact_step("name", Step.PHONE, _accept_if(is_plausible_name), "file.name_invalid")
_on_phone = contact_step("phone", Step.ADDRESS, phone_in, "file.phone_invalid")


async def on_phone(turn: Turn, event: Input) -> Step | None:
    step = await _on_phone(turn, event)
    if step is None:  # not a number: asked again, the one-tap action with it
        offer_phone(turn)
    return step


async def on_contact(turn: Turn, phone: str) -> Step | None:
    """The citizen's own number shared from the phone step: read as if typed, and the number
    taken shown (masked), since they did not type it."""
    step = await on_phone(turn, Input(phone, None, ()))
    if step is not None:
        turn.say("file.phone_shared", phone=mask_phone(turn.state.data["phone"]))
    return step


on_address = contact_step("address", None, _accept_if(is_plausible_address),
                          "file.address_invalid")


async def on_publish(turn: Turn, event: Input) -> Step | None:
    answer = (event.payload or "").removeprefix("file:publish:")
    publish = {"yes": True, "no": False}.get(answer) if event.payload else None
    if publish is None and event.text and not event.payload:
        publish = yes_or_no(event.text)  # «có» / «không» typed to the question
    if publish is None:
        turn.say("file.publish_expected")
        prompt_publish(turn)
        return None
    turn.state.data["publish"] = publish
    return Step.CONFIRM


async def on_represented(turn: Turn, event: Input) -> Step | None:
    if await filer.on_represented(turn, event) is None:
        return None
    if takes_files(turn):
        return Step.AUTHORISATION
    await filer.on_authorisation(turn, event, files=False)
    return after_contact(turn)


async def on_authorisation(turn: Turn, event: Input) -> Step | None:
    if await filer.on_authorisation(turn, event, files=True):
        return after_contact(turn)
    return None

