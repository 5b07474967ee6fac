"""The personal-data notice and the citizen's choice, asked before the first personal detail
(Luật Bảo vệ dữ liệu cá nhân 2025: notice and consent before collecting): with contact, without
it where the agency allows (ORG_FILE `allow_without_contact`), or, for a tố cáo, anonymous
information (Luật Tố cáo 2018 Đ25)."""

from __future__ import annotations

from bot.core.flows import anonymous
from bot.core.flows.filing_common import (
    after_contact,
    anonymous_choice,
    cancel,
    kind,
    required,
)
from bot.core.flows.filing_contact import forget_contact
from bot.core.flows.steps import Input, Step
from bot.core.privacy import erasable
from bot.core.tickets import SEALED_IDENTITY, TicketType
from bot.core.turn import Turn


def prompt_consent(turn: Turn) -> None:
    ticket_type = kind(turn)
    needed = required(turn)
    buttons = [turn.button("file.consent_yes", "file:consent:yes")]
    if not needed and turn.deps.org.allow_without_contact:
        buttons.append(turn.button("file.consent_no_contact", "file:consent:nocontact"))
    if ticket_type is TicketType.TO_CAO:
        buttons.append(anonymous_choice(turn))
    buttons += [turn.button("file.consent_no", "file:consent:no"), cancel(turn)]
    turn.say(
        "file.consent",
        *buttons,
        kind=turn.t(f"kind.{ticket_type}"),
        contact_part=turn.t("file.consent_contact_part" if needed
                            else "file.consent_contact_part_optional"),
        sealed_part=turn.t("file.consent_sealed_part") if ticket_type in SEALED_IDENTITY else "",
        # Sensitive data, named as such (Nghị định 13/2023 Đ2(4), Đ13(2)): a refusal drops it
        # with the rest of the draft.
        location_part=turn.t("file.consent_location_part") if "location" in turn.state.data
        else "",
        **consent_terms(turn, ticket_type),
        **turn.org_values(),
    )


def consent_terms(turn: Turn, ticket_type: TicketType) -> dict[str, str]:
    """The notice's legal basis, retention and recipients abroad (bot.core.privacy): a khiếu nại
    or tố cáo is settled under its law whatever the consent; cards go to a Telegram group
    (servers abroad: a cross-border transfer) only where a staff chat is configured."""
    kind_name = turn.t(f"kind.{ticket_type}")
    days = turn.deps.retention_days
    period = (turn.t("file.consent_years", n=days // 365) if days % 365 == 0
              else turn.t("file.consent_days", n=days))
    if erasable(ticket_type):
        basis = turn.t("file.consent_basis_consent")
        retention = turn.t("file.consent_retention_consent", period=period, kind=kind_name)
    else:
        basis = turn.t("file.consent_basis_law", law=turn.t(f"file.consent_law.{ticket_type}"),
                       kind=kind_name)
        retention = turn.t("file.consent_retention_archived", kind=kind_name)
    abroad = turn.deps.staff_chat_id is not None
    return {"basis": basis, "retention": retention,
            "transfer_part": turn.t("file.consent_transfer_part") if abroad else ""}


async def on_consent(turn: Turn, event: Input) -> Step | None:
    answer = (event.payload or "").removeprefix("file:consent:") if event.payload else None
    without_contact = not required(turn) and turn.deps.org.allow_without_contact
    denunciation = kind(turn) is TicketType.TO_CAO
    if answer == "yes":
        turn.state.data.update(consent=True, with_contact=True)
        return Step.FILER if kind(turn) is TicketType.KHIEU_NAI else Step.NAME
    if answer == "anonymous" and denunciation:
        anonymous.switch(turn)
        return Step.CONFIRM
    if answer == "no" and denunciation:  # Luật TC Đ25(2): the information may still serve
        turn.say("file.consent_refused_to_cao",
                 anonymous_choice(turn),
                 cancel(turn), **turn.org_values())
    elif answer == "nocontact" and without_contact:
        turn.state.data.update(consent=True, with_contact=False)
        forget_contact(turn)
        return after_contact(turn)
    elif answer == "no" and without_contact:
        turn.say("file.consent_refused_optional",
                 turn.button("file.consent_no_contact", "file:consent:nocontact"),
                 cancel(turn), kind=turn.t(f"kind.{kind(turn)}"))
    elif answer == "no":
        turn.reset()
        turn.say("file.consent_refused", **turn.org_values())
    else:
        turn.say("file.consent_expected")
        prompt_consent(turn)
    return None
