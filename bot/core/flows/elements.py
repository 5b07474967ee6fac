"""The elements a khiếu nại or tố cáo must state, asked one by one after its content: who is
complained against or denounced, the decision or act, when it was learned of, what is asked,
the round and whether a court has the case (Luật KN Đ8(2), Đ9, Đ11; Luật TC Đ23(1))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.complaint_rules import parse_date, time_limit_passed
from bot.core.flows import kept
from bot.core.flows.steps import Input
from bot.core.tickets import TicketType
from bot.core.turn import Turn

MIN_LETTERS = 3


@dataclass(frozen=True)
class Element:
    key: str
    kind: str  # text | date | choice
    choices: tuple[str, ...] = ()


ELEMENTS: dict[TicketType, tuple[Element, ...]] = {
    TicketType.KHIEU_NAI: (
        Element("round", "choice", ("1", "2")),
        Element("respondent", "text"),
        Element("decision", "text"),
        Element("learned_on", "date"),
        Element("request", "text"),
        Element("court", "choice", ("no", "yes")),
    ),
    TicketType.TO_CAO: (Element("respondent", "text"),),
}


def has_elements(turn: Turn) -> bool:
    return TicketType(turn.state.data["type"]) in ELEMENTS


def _elements(turn: Turn) -> tuple[Element, ...]:
    return ELEMENTS[TicketType(turn.state.data["type"])]


def _current(turn: Turn) -> Element:
    elements = _elements(turn)
    index = int(turn.state.data.get("element", 0))
    return elements[min(index, len(elements) - 1)]


def prepare(turn: Turn, last: bool = False) -> None:
    """Points at the first element (or the last, going back), to be asked next."""
    turn.state.data["element"] = len(_elements(turn)) - 1 if last else 0
    turn.state.data.setdefault("details", {})


def begin(turn: Turn, last: bool = False) -> None:
    """Starts at the first element (or the last, going back)."""
    prepare(turn, last)
    prompt(turn)


def prompt(turn: Turn) -> None:
    element = _current(turn)
    kind = TicketType(turn.state.data["type"])
    buttons = [turn.button(f"file.el.{element.key}.{c}", f"file:el:{c}") for c in element.choices]
    key = f"file.el.{element.key}"
    if element.key == "learned_on":
        key += f".{turn.state.data['details'].get('round', '1')}"
    elif element.key == "respondent":
        key += f".{kind}"
    turn.say(key, *buttons, turn.button("button.cancel", "cmd:huy"))
    held = earlier(turn)
    if held is not None:
        kept.offer(turn, element.key, held)
    elif element.kind == "choice" and element.key in turn.state.data["details"]:
        kept.mark(turn, f"file:el:{turn.state.data['details'][element.key]}")


def earlier(turn: Turn) -> str | None:
    """The answer given before to the element being asked, as typed (a date day first), when
    it is written rather than chosen."""
    element = _current(turn)
    value = turn.state.data.get("details", {}).get(element.key)
    if element.kind == "choice" or not value:
        return None
    return "/".join(reversed(value.split("-"))) if element.kind == "date" else value


def back(turn: Turn) -> bool:
    """One element back; False at the first (the content comes before)."""
    index = turn.state.data.get("element", 0)
    if index == 0:
        return False
    turn.state.data["element"] = index - 1
    prompt(turn)
    return True


async def on_input(turn: Turn, event: Input) -> bool:
    """Records the answer; True once every element is given (the flow moves on)."""
    element, details = _current(turn), turn.state.data["details"]
    value = _read(turn, element, event)
    if value is None:
        return False
    details[element.key] = value
    if element.key == "learned_on":
        _warn_time_limit(turn, details)
    if element.key == "court" and value == "yes":
        turn.say("file.el.court_warning")  # Luật KN Đ11: a case a court took is not accepted
    index = turn.state.data.get("element", 0) + 1
    if index >= len(_elements(turn)):
        return True
    turn.state.data["element"] = index
    prompt(turn)
    return False


def _read(turn: Turn, element: Element, event: Input) -> str | None:
    if element.kind == "choice":
        answer = (event.payload or "").removeprefix("file:el:")
        if event.payload and answer in element.choices:
            return answer
        turn.say("file.el.choose")
        prompt(turn)
        return None
    text = " ".join((event.text or "").split())
    if element.kind == "date":
        today = turn.deps.clock.now().astimezone(turn.deps.tz).date()
        day = parse_date(text, today)
        if day is None or day > today:
            turn.say("file.el.date_invalid", turn.button("button.cancel", "cmd:huy"))
            return None
        return day.isoformat()
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        turn.say("file.el.too_short")
        prompt(turn)
        return None
    return text[:1000]


def _warn_time_limit(turn: Turn, details: dict[str, str]) -> None:
    """Luật KN Đ9 (lần đầu 90 days), Đ33 (lần hai 30, remote 45): told, never refused."""
    round_ = int(details.get("round", "1"))
    learned = date.fromisoformat(details["learned_on"])
    today = turn.deps.clock.now().astimezone(turn.deps.tz).date()
    if time_limit_passed(round_, learned, today):
        turn.say(f"file.el.time_limit_passed.{round_}", days=(today - learned).days)
