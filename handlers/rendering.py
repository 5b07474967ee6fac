"""Channel differences in one place: buttons as numbered text, long texts split to fit, files
as their caption where a channel cannot send files (Zalo, the web chat, the terminal)."""

from __future__ import annotations

from bot.core.messages import Reply


def numbered_text(reply: Reply) -> str:
    """The reply with its buttons as a numbered list, for channels without buttons; a file
    shows as its caption."""
    lines = [reply.without_file().text]
    lines += [f"  {number}. {button.text}" for number, button in enumerate(reply.buttons, 1)]
    return "\n".join(lines)


def choose_payload(reply: Reply | None, typed: str) -> str | None:
    """The payload of the button whose number the citizen typed, if any."""
    if reply is None or not typed.strip().isdigit():
        return None
    number = int(typed.strip())
    return reply.buttons[number - 1].payload if 1 <= number <= len(reply.buttons) else None


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, line or word breaks."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(sep, 0, limit) for sep in ("\n\n", "\n", " "))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces
