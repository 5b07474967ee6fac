"""One-tap share actions a filing step offers where the channel has them: the files step of a
phản ánh or kiến nghị the place of the incident (filing_location.py), the phone step the
citizen's own number (filing_contact.py). The action goes with the step's question and is
taken away by the first message after the step (`settle`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.core.flows.steps import Step
from bot.core.messages import Reply, Share, ShareKind
from bot.core.turn import Turn

LABELS = {ShareKind.LOCATION: "file.share_location", ShareKind.PHONE: "file.share_phone"}
ASKED_AT = {ShareKind.LOCATION: Step.ATTACHMENTS, ShareKind.PHONE: Step.PHONE}
ASKED = "share_asked"  # in the draft: the kind of the action shown


def asking(turn: Turn, reply: Reply, kind: ShareKind) -> Reply:
    """The step's question with its share action."""
    return replace(reply, share=Share(kind, turn.t(LABELS[kind])))


def was_asked(data: Mapping[str, object]) -> ShareKind | None:
    """Read before the turn: which share action was shown, if any."""
    kind = data.get(ASKED)
    return ShareKind(str(kind)) if kind in frozenset(ShareKind) else None


def settle(turn: Turn, asked_before: ShareKind | None) -> None:
    """After a turn: remembers the action shown, or, its step left (moved on, went back,
    cancelled, expired), marks the turn's first message as taking it away, with a line for its
    buttons should the channel send them apart."""
    data = turn.state.data
    shown = next((reply.share.kind for reply in turn.replies if reply.share), None)
    if shown is not None:
        data[ASKED] = str(shown)
    elif asked_before is not None and turn.state.state != ASKED_AT[asked_before]:
        data.pop(ASKED, None)
        if turn.replies:
            first = turn.replies[0]
            line = turn.t("file.share_buttons") if first.buttons else ""
            turn.replies[0] = replace(first, ends_share=True, buttons_line=line)
