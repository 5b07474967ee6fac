"""The welcome, the help text and the main menu."""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.turn import Turn


def menu_buttons(turn: Turn) -> tuple[Button, ...]:
    """The main menu, one button per journey, and the switch to the other language."""
    switch = "cmd:tiengviet" if turn.lang == "en" else "cmd:english"
    return (
        turn.button("menu.ask", "cmd:hoidap"),
        turn.button("menu.phan_anh", "cmd:phananh"),
        turn.button("menu.kien_nghi", "cmd:kiennghi"),
        turn.button("menu.khieu_nai", "cmd:khieunai"),
        turn.button("menu.to_cao", "cmd:tocao"),
        turn.button("menu.thong_tin", "cmd:thongtin"),
        turn.button("menu.track", "cmd:tracuu"),
        turn.button("menu.other_language", switch),
    )


def welcome(turn: Turn) -> None:
    """Greets the citizen and shows the menu."""
    turn.reset()
    name = turn.event.display_name
    turn.say("welcome", *menu_buttons(turn), name=f" {name}" if name else "", **turn.org_values())


def switch_language(turn: Turn, language: str) -> None:
    """Speaks `language` from now on ("en", "vi") and greets the citizen in it."""
    turn.state.language = language
    welcome(turn)


def show_help(turn: Turn) -> None:
    """Lists what the bot can do, with the agency's contact details; leaves any prompt."""
    turn.reset()
    turn.say("help", *menu_buttons(turn), **turn.org_values())


def stale_button(turn: Turn) -> None:
    """A button whose message is past (the web chat keeps them pressable): the menu again."""
    turn.say("error.stale_button", *menu_buttons(turn))
