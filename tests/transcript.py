"""Transcript testing: a citizen says things, presses buttons, and reads the bot's replies."""

from __future__ import annotations

from bot.core.conversation import ConversationService
from bot.core.messages import Attachment, Channel, Incoming, Location, Reply, UserRef


class Citizen:
    def __init__(self, service: ConversationService, channel: Channel = Channel.WEB,
                 user_id: str = "citizen-0001", language: str | None = None) -> None:
        self.service = service
        self.user = UserRef(channel, user_id)
        self.language = language
        self.replies: list[Reply] = []

    async def says(self, text: str) -> list[Reply]:
        return await self._send(Incoming(self.user, text=text, language=self.language))

    async def sends_files(self, *files: Attachment, caption: str | None = None) -> list[Reply]:
        return await self._send(Incoming(self.user, text=caption, attachments=files,
                                         language=self.language))

    async def shares_location(self, location: Location) -> list[Reply]:
        return await self._send(Incoming(self.user, location=location, language=self.language))

    async def shares_contact(self, phone: str) -> list[Reply]:
        """Shares their own number as a contact (Telegram's request_contact button)."""
        return await self._send(Incoming(self.user, contact_phone=phone, language=self.language))

    async def presses(self, label: str) -> list[Reply]:
        """Presses the button whose text contains `label` in the latest replies."""
        for reply in reversed(self.replies):
            for button in reply.buttons:
                if label in button.text:
                    return await self._send(
                        Incoming(self.user, payload=button.payload, language=self.language)
                    )
        raise AssertionError(f"no button {label!r} in {self.buttons()}")

    async def sends_payload(self, payload: str) -> list[Reply]:
        return await self._send(Incoming(self.user, payload=payload, language=self.language))

    async def _send(self, event: Incoming) -> list[Reply]:
        self.replies = await self.service.handle(event)
        return self.replies

    @property
    def text(self) -> str:
        """Everything the bot said in its latest replies."""
        return "\n".join(reply.text for reply in self.replies)

    def buttons(self) -> list[str]:
        return [button.text for reply in self.replies for button in reply.buttons]
