"""Who files a khiếu nại: the person affected, a representative (with the authorisation as an
attachment) or an organisation (its name, tax code and legal representative), Luật KN Đ2, Đ12,
Đ16; NĐ 124/2020 Đ4-5. Each handler returns the next step, or None to ask again."""

from __future__ import annotations

from typing import Any

from bot.core.complaint_rules import is_plausible_organisation, normalise_tax_code
from bot.core.flows.steps import Input, Step
from bot.core.messages import Button
from bot.core.turn import Turn
from bot.core.validation import is_plausible_name

FILERS = ("person", "representative", "organisation")


def _cancel(turn: Turn) -> Button:
    return turn.button("button.cancel", "cmd:huy")


def prompt_filer(turn: Turn) -> None:
    buttons = [turn.button(f"file.filer.{f}", f"file:filer:{f}") for f in FILERS]
    turn.say("file.filer", *buttons, _cancel(turn))


def prompt_org_name(turn: Turn) -> None:
    turn.say("file.org_name", _cancel(turn))


def prompt_tax_code(turn: Turn) -> None:
    turn.say("file.tax_code", turn.button("button.skip", "file:skip"), _cancel(turn))


def prompt_represented(turn: Turn) -> None:
    turn.say("file.represented", _cancel(turn))


def prompt_authorisation(turn: Turn) -> None:
    turn.say("file.authorisation", turn.button("button.skip", "file:skip"), _cancel(turn))


async def on_filer(turn: Turn, event: Input) -> Step | None:
    filer = (event.payload or "").removeprefix("file:filer:")
    if not event.payload or filer not in FILERS:
        turn.say("file.filer_expected")
        prompt_filer(turn)
        return None
    data = turn.state.data
    data["filer"] = filer
    for key in ("organisation", "tax_code", "represented"):
        data.pop(key, None)
    return Step.ORG_NAME if filer == "organisation" else Step.NAME


async def on_org_name(turn: Turn, event: Input) -> Step | None:
    text = " ".join((event.text or "").split())
    if not is_plausible_organisation(text):
        turn.say("file.org_name_invalid", _cancel(turn))
        return None
    turn.state.data["organisation"] = text
    return Step.TAX_CODE


async def on_tax_code(turn: Turn, event: Input) -> Step | None:
    if event.payload == "file:skip":
        turn.state.data.pop("tax_code", None)
        return Step.NAME
    code = normalise_tax_code(event.text or "")
    if code is None:
        turn.say("file.tax_code_invalid", turn.button("button.skip", "file:skip"),
                 _cancel(turn))
        return None
    turn.state.data["tax_code"] = code
    return Step.NAME


async def on_represented(turn: Turn, event: Input) -> Step | None:
    text = " ".join((event.text or "").split())
    if not is_plausible_name(text):
        turn.say("file.name_invalid", _cancel(turn))
        return None
    turn.state.data["represented"] = text
    return Step.AUTHORISATION


async def on_authorisation(turn: Turn, event: Input, files: bool) -> bool:
    """The giấy ủy quyền joins the attachments; True when the step is done. Where the
    channel takes no files, or «Bỏ qua», the citizen is told to enclose it with the đơn."""
    data = turn.state.data
    if event.payload == "file:skip" or not files:
        data["authorisation"] = "enclosed"
        turn.say("file.authorisation_later")
        return True
    if not event.attachments:
        prompt_authorisation(turn)
        return False
    for item in event.attachments[:2]:
        data["attachments"].append({"kind": item.kind, "file_ref": item.file_ref,
                                    "size": item.size, "mime": item.mime,
                                    "name": item.name or turn.t("file.authorisation_name")})
    data["authorisation"] = "attached"
    return True


def contact_details(data: dict[str, Any]) -> dict[str, Any] | None:
    """What the contact keeps besides name, phone and address."""
    details = {k: data[k] for k in ("filer", "organisation", "tax_code", "represented",
                                    "authorisation") if data.get(k)}
    return details or None
