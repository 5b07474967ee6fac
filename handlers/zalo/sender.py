"""Sends one outbox message to a Zalo user, and says whether a failure is worth retrying."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.core.messages import Button
from bot.relay.outbox import DeliveryError
from handlers.rendering import body_text
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
RATE_LIMIT_WAIT = 60.0  # Zalo's limit is counted per minute
PACE = (10.0, 1.0)  # no documented per-user limit; as on Telegram, about one a second


def delivery_error(error: Exception, parts_sent: int) -> DeliveryError:
    """What the outbox should do about a failed send."""
    if isinstance(error, ZaloApiError):
        if error.code == RATE_LIMITED:
            return DeliveryError(str(error), retry_after=RATE_LIMIT_WAIT, parts_sent=parts_sent)
        return DeliveryError(str(error), permanent=error.code in PERMANENT,
                             unreachable=error.code in UNREACHABLE, parts_sent=parts_sent)
    if isinstance(error, ZaloAuthError):  # a spent refresh token: wait for the operator
        return DeliveryError(str(error), parts_sent=parts_sent)
    return DeliveryError(f"{type(error).__name__}: {error}", parts_sent=parts_sent)


class ZaloSender:
    """The outbox sender of the Zalo channel: body `{"text", "buttons"}`, recipient a user id;
    a file in the body is not sent, its caption is (only Telegram sends files)."""

    def __init__(self, client: ZaloClient) -> None:
        self.client = client

    def pace(self, recipient: str) -> tuple[float, float]:
        return PACE

    def cost(self, body: dict[str, Any]) -> int:
        """Messages still to send (a long text goes in several)."""
        return len(self._messages(body)) - int(body.get("parts_sent", 0))

    @staticmethod
    def _messages(body: dict[str, Any]) -> list[Any]:
        buttons = [Button(b["text"], b["payload"]) for b in body.get("buttons", ())]
        return list(zalo_messages(body_text(body), buttons))

    async def send(self, recipient: str, body: dict[str, Any]) -> None:
        """Sends every message not sent yet; raises `DeliveryError` saying what to do."""
        done = int(body.get("parts_sent", 0))
        for number, message in enumerate(self._messages(body)):
            if number < done:
                continue
            try:
                await self.client.send_message(recipient, message)
            except (ZaloApiError, ZaloAuthError, aiohttp.ClientError, TimeoutError,
                    OSError) as error:
                raise delivery_error(error, number) from error
