"""A map location shared while filing a phản ánh or kiến nghị: the place of the incident, kept
with the draft (a second one replaces the first) and confirmed with what it is used for.
A location may be the person's own, sensitive personal data (Luật Bảo vệ dữ liệu cá nhân 2025;
Nghị định 13/2023/NĐ-CP Đ2(4)(i)): the citizen is told its one purpose as it is taken (Đ3(3),
Đ13). A tố cáo and
anonymous information take none: a denouncer's identity is sealed (Luật Tố cáo 2018 Đ8(3),
Đ47) and a place could reveal it."""

from __future__ import annotations

from bot.core import places
from bot.core.flows.filing_common import kind
from bot.core.flows.steps import Step
from bot.core.messages import Location
from bot.core.tickets import TicketType
from bot.core.turn import Turn

TAKEN_BY = frozenset({TicketType.PHAN_ANH, TicketType.KIEN_NGHI})
# The steps about the request itself and its summary; not the contact steps, where a pin would
# more likely be the person's home than the place of the incident.
AT_STEPS = frozenset({Step.CONTENT, Step.FIELD, Step.ATTACHMENTS, Step.CONFIRM})


def takes_location(turn: Turn) -> bool:
    """Whether the citizen is at a step of a phản ánh or kiến nghị that takes a location."""
    state = turn.state.state
    return state in AT_STEPS and "type" in turn.state.data and kind(turn) in TAKEN_BY


def take(turn: Turn, location: Location) -> bool:
    """Keeps the place with the draft and says so; False (and the usual answer) when this
    step or request takes no location."""
    if not takes_location(turn) or not places.is_valid(location):
        turn.say("error.location")
        return False
    replaced = "location" in turn.state.data
    place = places.stored(location)
    turn.state.data["location"] = place
    turn.say("file.location_replaced" if replaced else "file.location_taken",
             place=places.shown(place))
    return True
