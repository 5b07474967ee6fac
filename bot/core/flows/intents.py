"""Answers to what a message asks for before the FAQ is consulted (bot/core/intents.py):
greetings and the menu, thanks and goodbyes, a person, "not my question", "not resolved", the
agency's contact facts, a tracking code, the start of a filing, and a language to switch to."""

from __future__ import annotations

from bot.core.flows import asking, filing, menu, replying, tracking
from bot.core.intents import Intent, Recognised
from bot.core.turn import Turn

# Answered from ORG_FILE with the catalog text of the same name.
FACT_TEXTS = {Intent.HOTLINE: "intent.hotline", Intent.ADDRESS: "intent.address",
              Intent.HOURS: "intent.hours", Intent.THANKS: "intent.thanks",
              Intent.GOODBYE: "intent.goodbye", Intent.HUMAN: "intent.human",
              Intent.YES: "intent.acknowledged"}


async def respond(turn: Turn, recognised: Recognised) -> None:
    """Carries out the recognised intent; every answer ends with a way on."""
    intent = recognised.intent
    turn.deps.metrics.inc("pakn_intents_total", "intent", intent)
    if intent is Intent.GREETING:
        menu.welcome(turn)
    elif intent is Intent.HELP:
        menu.show_help(turn)
    elif intent is Intent.NOT_MY_QUESTION:
        await asking.not_my_question(turn)
    elif intent is Intent.YES and turn.state.data.get("offered"):
        asking.show_handover_notice(turn)  # the question the offer was made for
    elif intent is Intent.NOT_RESOLVED:
        await replying.not_resolved(turn)
    elif intent is Intent.TRACK:
        turn.reset()
        await tracking.track(turn, recognised.code)
    elif intent is Intent.FILE and recognised.ticket_type is not None:
        await filing.start(turn, recognised.ticket_type)
    elif intent is Intent.LANGUAGE and recognised.language is not None:
        menu.switch_language(turn, recognised.language)  # as /english and /tiengviet do
    else:
        turn.reset()
        turn.say(FACT_TEXTS[intent], turn.button("menu.ask", "cmd:hoidap"),
                 turn.button("button.menu", "cmd:start"), **turn.org_values())
