"""`pakn chat`: the citizen conversation in a terminal, buttons shown as numbers. At a
terminal, lines are edited and recalled with readline; Ctrl-C or Ctrl-D leaves at once."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import sys
import threading
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
    interactive = stdin is sys.stdin and stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (input() then edits lines and keeps a history)
    while True:
        line = await _read_line(stdin, stdout, interactive)
        if not line:
            break
        typed = line.strip()
        if not typed:
            continue
        payload = choose_payload(last, typed)
        await send(Incoming(user, payload=payload) if payload else Incoming(user, text=typed))


def _read_line(stdin: TextIO, stdout: TextIO, interactive: bool) -> asyncio.Future[str]:
    """The next line ("" at the end of input), read in a daemon thread: an executor thread
    blocked in input() would keep Ctrl-C from ending the program until Enter is pressed."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def read() -> None:
        try:
            if interactive:
                line = input(PROMPT) + "\n"
            else:
                print(PROMPT, end="", file=stdout, flush=True)
                line = stdin.readline()
        except (EOFError, OSError, ValueError):
            line = ""
        loop.call_soon_threadsafe(lambda: future.done() or future.set_result(line))

    threading.Thread(target=read, name="pakn-chat-input", daemon=True).start()
    return future
