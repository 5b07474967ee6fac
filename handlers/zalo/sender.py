"""Sends one outbox message to a Zalo user, and says whether a failure is worth retrying."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.core.messages import FileKind, OutgoingFile, Reply, with_caption
from bot.core.staff.reply_files import ZALO_FILE_SUFFIXES, ZALO_IMAGE_TYPES
from bot.relay.envelope import Envelope, Progress
from bot.relay.outbox import DeliveryError
from handlers.storage import Storage, stored_name
from handlers.zalo import anonymous
from handlers.zalo.client import RATE_LIMITED, ZaloApiError, ZaloClient
from handlers.zalo.messages import zalo_messages
from handlers.zalo.tokens import ZaloAuthError

# Zalo will not deliver to this user now, and asking again changes nothing: -201 invalid
# parameter (e.g. user id), -210 over a length limit, -213 not a follower, -217 blocked the OA,
# -227 account locked or inactive > 45 days, -230 no interaction in 7 days, -232 interaction
# expired, -233 message type not supported, -244 user refuses this type of message.
# https://developers.zalo.me/docs/official-account/phu-luc/ma-loi
PERMANENT = frozenset({-201, -210, -213, -217, -227, -230, -232, -233, -244})
# Of those, the ones where the citizen may be reached again once they write to the OA: the
# message is held until then (bot/relay/outbox.py), not dropped.
UNREACHABLE = frozenset({-213, -217, -227, -230, -232, -244})
# To an anonymous person (handlers/zalo/anonymous.py) a refusal about the recipient means their
# conversation is over: Zalo lets it expire, and which code it then answers is not documented
# where we could read it (an invalid recipient, -201, or an expired interaction, -230/-232, are
# the likely ones). They are reached again only when they write to the OA again.
GONE_ANONYMOUS = frozenset({-201, *UNREACHABLE})
RATE_LIMIT_WAIT = 60.0  # Zalo's limit is counted per minute
ReplyTo = Callable[[str], Awaitable[str | None]]  # our id: the conversation to write in
PACE = (10.0, 1.0)  # no documented per-user limit; as on Telegram, about one a second
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def delivery_error(error: Exception, parts_sent: int, anonymous: bool = False) -> DeliveryError:
    """What the outbox should do about a failed send, `parts_sent` messages having gone out
    (`anonymous`: to an anonymous person's conversation)."""
    done = Progress(parts_sent=parts_sent)
    if isinstance(error, ZaloApiError):
        if error.code == RATE_LIMITED:
            return DeliveryError(str(error), retry_after=RATE_LIMIT_WAIT, progress=done)
        gone = GONE_ANONYMOUS if anonymous else UNREACHABLE
        return DeliveryError(str(error), permanent=error.code in PERMANENT,
                             unreachable=error.code in gone, progress=done)
    if isinstance(error, ZaloAuthError):  # a spent refresh token: wait for the operator
        return DeliveryError(str(error), progress=done)
    return DeliveryError(f"{type(error).__name__}: {error}", progress=done)


class ZaloSender:
    """The outbox sender of the Zalo channel, recipient a user id: the reply's text (a file's
    caption after it) in messages with its buttons; a PDF, DOC or DOCX (e.g. a drafted đơn) is
    uploaded and sent after the text, an officer's JPG or PNG photo uploaded and sent as an
    image; any other file shows as its caption alone. A file kept in the agency's storage is
    read from `store`. An anonymous person is written to in the conversation `reply_to` finds
    for them when the message goes."""

    def __init__(self, client: ZaloClient, reply_to: ReplyTo | None = None,
                 store: Storage | None = None) -> None:
        self.client, self.reply_to, self.store = client, reply_to, store

    def pace(self, recipient: str) -> tuple[float, float]:
        return PACE

    def cost(self, envelope: Envelope) -> int:
        """Messages still to send (a long text goes in several)."""
        return len(self._messages(envelope.reply)) - envelope.progress.parts_sent

    @staticmethod
    def _messages(reply: Reply) -> list[dict[str, Any] | OutgoingFile]:
        file = reply.file
        if file is not None and (_image(file) or file.name.lower().endswith(ZALO_FILE_SUFFIXES)):
            # Uploaded when its turn comes; a file sent alone (an album's next) has no text.
            alone = not (reply.text or file.caption or reply.buttons)
            texts = [] if alone else zalo_messages(with_caption(reply.text, file.caption),
                                                   reply.buttons)
            return [*texts, file]
        shown = reply.without_file()
        return [*zalo_messages(shown.text, shown.buttons)]

    async def send(self, envelope: Envelope) -> None:
        """Sends every message not sent yet; raises `DeliveryError` saying what to do."""
        done = envelope.progress.parts_sent
        conversation = await self._conversation(envelope)
        for number, message in enumerate(self._messages(envelope.reply)):
            if number < done:
                continue
            try:
                if isinstance(message, OutgoingFile):
                    message = await self._attachment(message)
                await self.client.send_message(envelope.recipient, message, conversation)
            except (ZaloApiError, ZaloAuthError, aiohttp.ClientError, TimeoutError,
                    OSError) as error:
                raise delivery_error(error, number, conversation is not None) from error

    async def _conversation(self, envelope: Envelope) -> str | None:
        """The conversation of an anonymous recipient (None for a follower); raises
        `DeliveryError` when none is known (held: sent once they write again)."""
        if anonymous.anonymous_id(envelope.recipient) is None:
            return None
        try:
            found = await self.reply_to(envelope.recipient) if self.reply_to else None
        except Exception as error:  # the store, briefly: the outbox retries
            raise DeliveryError(f"conversation lookup failed: {type(error).__name__}") from error
        if not found:
            raise DeliveryError("no conversation known for this anonymous chat",
                                unreachable=True)
        return found

    async def _attachment(self, file: OutgoingFile) -> dict[str, Any]:
        """The file uploaded, as the message that shows it."""
        content = file.content
        if self.store is not None and file.stored_ref and stored_name(file.stored_ref):
            content = await self.store.read(file.stored_ref)  # OSError: missing, unreachable
        if _image(file):
            image = await self.client.upload_image(file.name, content)
            element = {"media_type": "image", "attachment_id": image}
            return {"attachment": {"type": "template", "payload": {
                "template_type": "media", "elements": [element]}}}
        upload = await self.client.upload_file(file.name, content)
        return {"attachment": {"type": "file", "payload": {"token": upload}}}


def _image(file: OutgoingFile) -> bool:
    """A picture Zalo's upload/image takes (JPG or PNG) from the agency's storage: an officer's
    photo, its size checked against Zalo's limit before it was queued
    (bot/core/staff/reply_files.py). Other pictures (e.g. a chart) show as their caption."""
    return file.kind is FileKind.PHOTO and bool(file.stored_ref) and (
        file.mime in ZALO_IMAGE_TYPES
        or (file.mime is None and file.name.lower().endswith(IMAGE_SUFFIXES)))
