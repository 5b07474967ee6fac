"""The filing steps about who files, after the consent: the contact details, the represented
person and the publication choice. Each handler returns the next step, or None to stay."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.flows import filer
from bot.core.flows.filing_common import after_contact, cancel, kind, required, takes_files
from bot.core.flows.steps import Input, Step
from bot.core.intents import yes_or_no
from bot.core.turn import Turn
from bot.core.validation import is_plausible_address, is_plausible_name, phone_in
from faq.normalize import fold

# Typed instead of pressing «Bỏ qua» at an optional step (compared folded).
SKIP_WORDS = frozenset({"bo qua", "skip", "khong co", "khong", "ko", "k", "bo"})
Handler = Callable[[Turn, Input], Awaitable[Step | None]]


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
on_phone = contact_step("phone", Step.ADDRESS, phone_in, "file.phone_invalid")
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

