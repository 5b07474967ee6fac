"""The welcome, the help text and the main menu."""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.turn import Turn


def menu_buttons(turn: Turn) -> tuple[Button, ...]:
    """The main menu, one button per journey."""
    return (
        turn.button("menu.ask", "cmd:hoidap"),
        turn.button("menu.phan_anh", "cmd:phananh"),
        turn.button("menu.kien_nghi", "cmd:kiennghi"),
        turn.button("menu.khieu_nai", "cmd:khieunai"),
        turn.button("menu.to_cao", "cmd:tocao"),
        turn.button("menu.track", "cmd:tracuu"),
    )


def welcome(turn: Turn) -> None:
    """Greets the citizen and shows the menu."""
    turn.reset()
    name = turn.event.display_name
    turn.say("welcome", *menu_buttons(turn), name=f" {name}" if name else "", **turn.org_values())


def show_help(turn: Turn) -> None:
    """Lists what the bot can do, with the agency's contact details."""
    turn.say("help", *menu_buttons(turn), **turn.org_values())
