"""What a channel's codec makes of a stored update, for the relay to carry out: a turn of the
conversation, a catalog notice, a follow or unfollow, an officer's action, or nothing. `then`
is the adapter's own step once the update is handled (e.g. stopping a button's spinner with
the action's alert)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.core.messages import Incoming, UserRef
from bot.core.staff.model import StaffEvent, StaffOutcome

Then = Callable[[StaffOutcome | None], Awaitable[None]]


@dataclass(frozen=True)
class CitizenTurn:
    event: Incoming
    then: Then | None = None


@dataclass(frozen=True)
class Notice:
    """One catalog text to the citizen without a turn (stickers, edits, too many messages);
    `reply_to` as in `Incoming` (where the channel answers, e.g. a Zalo anonymous chat)."""

    user: UserRef
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    then: Then | None = None
    reply_to: str | None = None


@dataclass(frozen=True)
class Subscription:
    """The citizen followed the channel's account again (with `greeting`, the turn to run) or
    stopped following it: recorded, so that no proactive notice goes to a former follower."""

    user: UserRef
    following: bool
    greeting: Incoming | None = None
    then: Then | None = None


@dataclass(frozen=True)
class StaffAction:
    """An officer's message or button in the staff group, or `/tim` in their private chat;
    replies go to `chat_id` (the group's topic, or that private chat)."""

    event: StaffEvent
    chat_id: int
    thread_id: int | None = None
    then: Then | None = None


@dataclass(frozen=True)
class Ignore:
    """Nothing to do but mark the update (`status`: ignored, throttled, staff)."""

    status: str = "ignored"
    then: Then | None = None


Decoded = CitizenTurn | Notice | Subscription | StaffAction | Ignore
