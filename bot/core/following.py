"""Following a request from any device (GET /tra-cuu): by its code and the last four digits
of the phone the citizen gave, or by the personal link shown in the chat. Only the status is
shown, never the content or the contact. Attempts are counted in the database per client
address, and failed ones per code, so the four digits cannot be guessed: nothing about a
tố cáo's author may leak (Luật Tố cáo 2018 Đ8(3), Đ47(1)(b)). A wrong code and wrong digits
get the same answer, so a code's existence is not told either."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.dates import local_date, local_moment
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from bot.core.tickets import Ticket, parse_code
from bot.core.turn import CoreDeps
from bot.core.urgency import is_running
from bot.core.validation import normalise_phone

LINK_DAYS = 180  # a follow link opens the request this long; a new one replaces it
PER_ADDRESS = 20  # attempts from one client address an hour
PER_CODE = 10  # failed attempts on one code in CODE_WINDOW: then only the chat or a link
HOUR = timedelta(hours=1)
CODE_WINDOW = timedelta(days=30)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DIGITS = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class FollowAnswer:
    """`outcome`: found | not_found | invalid | limited; `message` is what the citizen reads;
    `status` the request's fields when found (labels and values, in order)."""

    outcome: str
    message: str
    status: tuple[tuple[str, str], ...] = ()
    retry_after: int | None = None


def new_token() -> tuple[str, str]:
    """A follow link's token (128 random bits) and the hash that is stored."""
    token = secrets.token_urlsafe(16)
    return token, token_hash(token)


def with_link(key: str, links_given: bool) -> str:
    """`key`, or its variant that mentions the follow link when the chat gives one (a public
    address is configured): the citizen is never told of a link that is not sent."""
    return f"{key}_link" if links_given else key


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def last_four(phone: str | None) -> str | None:
    normal = normalise_phone(phone or "")
    return normal[-4:] if normal else None


class Follower:
    """Answers the follow page; `address` is the keyed hash of the client's address."""

    def __init__(self, uow: UnitOfWorkFactory, deps: CoreDeps) -> None:
        self._uow, self.deps = uow, deps

    async def by_code(self, code_text: str, digits: str, address: str,
                      lang: str | None) -> FollowAnswer:
        lang = self.deps.catalog.language_for(lang)
        async with self._uow() as work:
            answer = await self._by_code(work, code_text.strip(), digits.strip(), address, lang)
            await work.commit()
        return answer

    async def by_link(self, token: str, address: str, lang: str | None) -> FollowAnswer:
        lang = self.deps.catalog.language_for(lang)
        now = self.deps.clock.now()
        async with self._uow() as work:
            answer = await self._address_limit(work, address, now, lang)
            if answer is None:
                ticket_id = await work.follow.ticket_of_link(
                    token_hash(token), now - timedelta(days=LINK_DAYS)) \
                    if TOKEN.match(token) else None
                ticket = await work.tickets.get(ticket_id) if ticket_id is not None else None
                answer = (self._found(ticket, lang) if ticket is not None else
                          FollowAnswer("not_found", self._text("follow.link_invalid", lang)))
            await work.commit()
        return answer

    async def _by_code(self, work: UnitOfWork, code_text: str, digits: str, address: str,
                       lang: str) -> FollowAnswer:
        now = self.deps.clock.now()
        if (limited := await self._address_limit(work, address, now, lang)) is not None:
            return limited
        code = parse_code(code_text)
        if code is None:
            return FollowAnswer("invalid", self._text("follow.invalid_code", lang,
                                                      text=code_text[:40]))
        if not DIGITS.match(digits):
            return FollowAnswer("invalid", self._text("follow.invalid_digits", lang))
        failures = await work.follow.attempts("code", code, now - CODE_WINDOW)
        if len(failures) >= PER_CODE:
            locked = with_link("follow.code_locked", bool(self.deps.public_url))
            return FollowAnswer("limited", self._text(locked, lang, code=code))
        ticket = await work.tickets.by_code(code)
        contact = await work.tickets.contact(ticket.id) if ticket is not None else None
        expected = last_four(contact.phone if contact is not None else None)
        if ticket is None or expected is None or not hmac.compare_digest(expected, digits):
            await work.follow.add_attempt("code", code, now)
            return FollowAnswer("not_found", self._text("follow.not_found", lang, code=code))
        return self._found(ticket, lang)

    async def _address_limit(self, work: UnitOfWork, address: str, now: datetime,
                             lang: str) -> FollowAnswer | None:
        """Counts the attempt; the polite refusal when the address has made too many."""
        recent = await work.follow.attempts("address", address, now - HOUR)
        if len(recent) >= PER_ADDRESS:
            wait = recent[-PER_ADDRESS] + HOUR - now
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            return FollowAnswer("limited", self._text("follow.slow_down", lang, minutes=minutes),
                                retry_after=minutes * 60)
        await work.follow.add_attempt("address", address, now)
        return None

    def _found(self, ticket: Ticket, lang: str) -> FollowAnswer:
        tz = self.deps.tz
        fields = [("follow.code", ticket.code),
                  ("follow.kind", _capital(self._text(f"kind.{ticket.type}", lang))),
                  ("follow.received", local_date(ticket.received_at, tz)),
                  ("follow.status", self._text(f"status.{ticket.status}", lang))]
        if ticket.resolved_at:
            fields.append(("follow.resolved", local_date(ticket.resolved_at, tz)))
        elif ticket.due_at:
            fields.append(("follow.due", local_date(ticket.due_at, tz)))
        if is_running(ticket) and ticket.urgent_due_at is not None:  # as the chat's /tracuu
            fields.append(("follow.urgent", self._text(
                "follow.urgent_due", lang, due=local_moment(ticket.urgent_due_at, tz))))
        status = tuple((self._text(label, lang), value) for label, value in fields)
        return FollowAnswer("found", self._text("follow.found", lang, code=ticket.code), status)

    def _text(self, key: str, lang: str, **values: object) -> str:
        return self.deps.catalog.text(key, lang, **values, **self._org())

    def _org(self) -> dict[str, str]:
        return {"hotline": self.deps.org.hotline}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
