"""What a failed Bot API call means for the outbox: wait (429: the whole bot), retry with
backoff, or give up for good."""

from __future__ import annotations

from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.relay.envelope import Progress
from bot.relay.outbox import DeliveryError

TRANSIENT = (TelegramNetworkError, TelegramServerError, RestartingTelegram, ClientDecodeError,
             TimeoutError, OSError)
PERMANENT = (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound)
CAUGHT = (*TRANSIENT, TelegramAPIError)


def delivery_error(error: BaseException, progress: Progress) -> DeliveryError:
    """The outbox's verdict on `error`, keeping what went out before it (`progress`)."""
    if isinstance(error, TelegramRetryAfter):  # the Bot API names no chat: the whole bot waits
        return DeliveryError(str(error), retry_after=error.retry_after, progress=progress)
    if isinstance(error, TelegramUnauthorizedError):  # a wrong token: wait for the operator
        return DeliveryError(str(error), progress=progress)
    if isinstance(error, TelegramForbiddenError):  # blocked the bot: held until they write again
        return DeliveryError(str(error), unreachable=True, progress=progress)
    if isinstance(error, PERMANENT):
        return DeliveryError(str(error), permanent=True, progress=progress)
    return DeliveryError(f"{type(error).__name__}: {error}", progress=progress)
