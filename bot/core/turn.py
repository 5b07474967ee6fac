"""One turn of a conversation: the event, the state, the open unit of work and the replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.catalog import Catalog
from bot.core.dates import local_date
from bot.core.deadlines import DeadlinePolicy
from bot.core.faq_index import FaqIndex
from bot.core.messages import Button, Incoming, Reply
from bot.core.metrics import Metrics
from bot.core.organisation import Organisation
from bot.core.ports import Clock, ConversationState, UnitOfWork
from bot.core.privacy import RETENTION_DAYS
from bot.core.retention import DRAFT_TTL


@dataclass(frozen=True)
class Limits:
    max_text_length: int = 4000
    max_open_tickets: int = 5
    max_attachments: int = 5
    max_attachment_mb: int = 20
    # Events with an `origin` (the web chat): filings per origin per hour, per channel per day.
    filings_per_origin_hour: int = 3
    filings_per_channel_day: int = 200


@dataclass(frozen=True)
class CoreDeps:
    """Everything the flows use besides the unit of work; built once by the composition root."""

    catalog: Catalog
    faq: FaqIndex
    org: Organisation
    deadlines: DeadlinePolicy
    clock: Clock
    tz: ZoneInfo
    limits: Limits = Limits()
    metrics: Metrics = field(default_factory=Metrics)
    staff_chat_id: int | None = None  # where citizens' follow-ups to officers are relayed
    draft_ttl: timedelta = DRAFT_TTL  # an unfinished filing is emptied after this long
    retention_days: int = RETENTION_DAYS  # told in the personal-data notice
    public_url: str | None = None  # WEB_PUBLIC_URL: where follow links point (None: no links)


@dataclass
class Turn:
    event: Incoming
    state: ConversationState
    uow: UnitOfWork
    deps: CoreDeps
    citizen_id: int
    replies: list[Reply] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.state.language

    def t(self, key: str, **values: object) -> str:
        """A catalog text in the citizen's language."""
        return self.deps.catalog.text(key, self.lang, **values)

    def say(self, key: str, *buttons: Button, **values: object) -> None:
        self.replies.append(Reply(self.t(key, **values), tuple(buttons)))

    def say_text(self, text: str, *buttons: Button) -> None:
        self.replies.append(Reply(text, tuple(buttons)))

    def button(self, key: str, payload: str) -> Button:
        return Button(self.t(key), payload)

    def button_raw(self, text: str, payload: str) -> Button:
        return Button(text, payload)

    def org_values(self) -> dict[str, str]:
        org = self.deps.org
        return {
            "org": org.name,
            "hotline": org.hotline,
            "address": org.address,
            "reception_hours": org.reception_hours,
        }

    def local_date(self, moment: datetime | None) -> str:
        """`dd/mm/yyyy` in the agency's time zone."""
        return local_date(moment, self.deps.tz)

    def reset(self) -> None:
        self.state.state = "idle"
        self.state.data = {}
