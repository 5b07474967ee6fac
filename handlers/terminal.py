"""`pakn chat`: the citizen conversation in a terminal, buttons shown as numbers."""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import TextIO

from bot.core.conversation import ConversationService
from bot.core.messages import Channel, Incoming, Reply, UserRef
from handlers.rendering import choose_payload, numbered_text

PROMPT = "> "


async def chat(service: ConversationService, stdin: TextIO = sys.stdin,
               stdout: TextIO = sys.stdout) -> None:
    """Reads lines until end of input; a typed number presses that button of the last reply."""
    user = UserRef(Channel.TERMINAL, getpass.getuser())
    last: Reply | None = None

    async def send(event: Incoming) -> None:
        nonlocal last
        for reply in await service.handle(event):
            print(numbered_text(reply), file=stdout, flush=True)
            if reply.buttons:
                last = reply

    await send(Incoming(user, payload="cmd:start"))
    while True:
        print(PROMPT, end="", file=stdout, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        typed = line.strip()
        if not typed:
            continue
        payload = choose_payload(last, typed)
        await send(Incoming(user, payload=payload) if payload else Incoming(user, text=typed))
