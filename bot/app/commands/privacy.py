"""`pakn privacy show|correct|erase|rotate-key`: a person's rights over their data, exercised at
the agency's desk (hotline, in person) once the officer has checked who is asking. Everything is
found by phone number in any spelling; each action leaves an audit event on the ticket without
the data itself. What the law lets be erased and what it keeps: bot.core.privacy.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.app.commands import CommandError, opened_app
from bot.app.organisation_file import load_organisation
from bot.app.privacy_keys import stored_key
from bot.app.settings import Settings
from bot.core import places
from bot.core.catalog import Catalog
from bot.core.privacy import ACTOR, ANSWER_OWED, erasable
from bot.core.validation import (
    clean_text,
    is_plausible_address,
    is_plausible_name,
    normalise_phone,
)

if TYPE_CHECKING:
    from bot.app.bootstrap import App
    from db.uow import SqlUnitOfWork


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("privacy", help="a person's data: show, correct, erase; "
                                 "re-key the phone index")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="everything held about a person, as JSON")
    show.add_argument("--phone", required=True, metavar="N")
    show.add_argument("--out", type=Path, metavar="FILE.json",
                      help="write it to this file (default: standard output)")
    show.set_defaults(execute=show_data)
    correct = actions.add_parser("correct", help="correct a person's name, phone or address")
    correct.add_argument("--phone", required=True, metavar="N")
    correct.add_argument("--name")
    correct.add_argument("--new-phone", metavar="N")
    correct.add_argument("--address")
    correct.set_defaults(execute=correct_data)
    erase = actions.add_parser("erase", help="erase what the law allows; prints what is kept "
                               "and why")
    erase.add_argument("--phone", required=True, metavar="N")
    erase.set_defaults(execute=erase_data)
    rotate = actions.add_parser("rotate-key", help="re-key the phone index from DATA_KEY_OLD "
                                "(or the generated key) to DATA_KEY")
    rotate.set_defaults(execute=rotate_key)


def _phone(text: str) -> str:
    phone = normalise_phone(text)
    if phone is None:
        raise CommandError(f"{text!r} is not a Vietnamese phone number")
    return phone


async def _ticket_ids(app: App, phone: str) -> list[int]:
    """The tickets whose contact has this phone, after sealing rows stored without a key."""
    assert app.uow.contact_key is not None  # found by the phone's keyed hash
    async with app.uow() as work:
        await work.tickets.seal_contacts()
        ids = await work.tickets.ids_by_phone_number(phone)
        await work.commit()
    return ids


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _location(details: dict[str, Any] | None) -> dict[str, Any] | None:
    """The place of the incident shared on the map, which may be the person's own."""
    place = places.of_ticket(details)
    return dict(place) if place is not None else None


async def show_data(args: argparse.Namespace, settings: Settings) -> int:
    phone = _phone(args.phone)
    async with opened_app(settings, args.clock) as app:
        ids = await _ticket_ids(app, phone)
        now = app.clock.now()
        tickets: list[dict[str, Any]] = []
        async with app.uow() as work:
            citizens = set()
            for ticket_id in ids:
                ticket = await work.tickets.get(ticket_id)
                contact = await work.tickets.contact(ticket_id)
                assert ticket is not None and contact is not None
                if ticket.citizen_id is not None:
                    citizens.add(ticket.citizen_id)
                tickets.append({
                    "code": ticket.code, "type": str(ticket.type), "status": str(ticket.status),
                    "channel": str(ticket.channel), "received_at": _iso(ticket.received_at),
                    "resolved_at": _iso(ticket.resolved_at), "field": ticket.field,
                    "unit": ticket.unit, "content": ticket.content,
                    "attachments": [{"kind": a.kind, "name": a.name, "mime": a.mime,
                                     "size": a.size} for a in ticket.attachments],
                    "location": _location(ticket.details),
                    "contact": {"name": contact.name, "phone": contact.phone,
                                "address": contact.address},
                    "events": [{"kind": e.kind, "actor": e.actor, "text": e.text,
                                "data": e.data, "at": _iso(e.created_at)}
                               for e in await work.tickets.history(ticket_id)],
                })
                await work.tickets.record_event(ticket_id, "privacy_shown", ACTOR)
            conversations = [
                {"channel": c.channel, "state": c.state, "data": c.data,
                 "language": c.language, "updated_at": _iso(c.updated_at)}
                for c in await work.conversations.of_citizens(sorted(citizens))]
            identities = [
                {"channel": i.channel, "external_id": i.external_id,
                 "reply_to_stored": i.reply_to is not None,
                 "unfollowed_at": _iso(i.unfollowed_at)}
                for i in await work.citizens.identities_of(sorted(citizens))]
            await work.commit()
    org = load_organisation(settings.org_file).name
    document = {"notice": Catalog.load().text("privacy.show_notice", org=org),
                "generated_at": now.isoformat(), "tickets": tickets,
                "conversations": conversations, "chat_identities": identities}
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    counted = (f"{len(tickets)} ticket(s), {len(conversations)} conversation(s), "
               f"{len(identities)} chat identity(ies)")
    if args.out is None:  # DESIGN §5 `pakn privacy show --phone N`: the JSON alone on stdout
        sys.stdout.write(text)
        print(counted, file=sys.stderr)
        return 0
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot write {args.out}: {error.strerror}") from None
    print(f"{counted} written to {args.out}")
    return 0


def _corrections(args: argparse.Namespace) -> dict[str, str]:
    changes = {}
    if args.name is not None:
        name = clean_text(args.name)
        if not is_plausible_name(name):
            raise CommandError(f"{args.name!r} is not a full name")
        changes["name"] = name
    if args.new_phone is not None:
        changes["phone"] = _phone(args.new_phone)
    if args.address is not None:
        address = clean_text(args.address)
        if not is_plausible_address(address):
            raise CommandError(f"{args.address!r} is not a full address")
        changes["address"] = address
    if not changes:
        raise CommandError("nothing to correct: give --name, --new-phone or --address")
    return changes


async def correct_data(args: argparse.Namespace, settings: Settings) -> int:
    """Correction applies to every ticket, a khiếu nại or tố cáo too (Nghị định 13/2023 Đ15)."""
    phone, changes = _phone(args.phone), _corrections(args)
    async with opened_app(settings, args.clock) as app:
        ids = await _ticket_ids(app, phone)
        if not ids:
            raise CommandError(f"no contact holds the phone {args.phone}")
        codes = []
        async with app.uow() as work:
            for ticket_id in ids:
                ticket = await work.tickets.get(ticket_id)
                corrected = await work.tickets.correct_contact(ticket_id, changes)
                assert ticket is not None and corrected
                await work.tickets.record_event(ticket_id, "privacy_corrected", ACTOR,
                                                fields=sorted(changes))
                codes.append(ticket.code)
            await work.commit()
    print(f"corrected {', '.join(sorted(changes))} on {', '.join(codes)}")
    return 0


async def erase_data(args: argparse.Namespace, settings: Settings) -> int:
    phone = _phone(args.phone)
    catalog = Catalog.load()
    erased: list[str] = []
    kept: list[str] = []
    async with opened_app(settings, args.clock) as app:
        ids = await _ticket_ids(app, phone)
        now = app.clock.now()
        async with app.uow() as work:
            citizens: dict[int, list[int]] = {}  # each chat account's tickets found by phone
            for ticket_id in ids:
                ticket = await work.tickets.get(ticket_id)
                assert ticket is not None
                kind = catalog.text(f"kind.{ticket.type}")
                if ticket.citizen_id is not None:  # conversation state rests on consent
                    citizens.setdefault(ticket.citizen_id, []).append(ticket_id)
                if not erasable(ticket.type):
                    kept.append(catalog.text("privacy.kept_archived", code=ticket.code, kind=kind))
                    await work.tickets.record_event(ticket_id, "privacy_erase_refused", ACTOR,
                                                    reason="archived")
                    continue
                linked = ticket.citizen_id is not None
                if linked:
                    await work.tickets.update(ticket_id, citizen_id=None)
                await work.tickets.erase_contact(ticket_id, now)
                located = bool(await work.tickets.forget_locations([ticket_id]))
                await work.tickets.record_event(
                    ticket_id, "privacy_erased", ACTOR,
                    what=["contact"] + ["chat_link"] * linked + ["location"] * located)
                erased.append(catalog.text(
                    "privacy.erased_contact", code=ticket.code, kind=kind,
                    link=catalog.text("privacy.erased_link") if linked else "",
                    place=catalog.text("privacy.erased_location") if located else ""))
                kept.append(catalog.text("privacy.kept_content", code=ticket.code))
            for row in await work.conversations.of_citizens(sorted(citizens)):
                await work.conversations.forget(row, now)
                erased.append(catalog.text("privacy.erased_conversation", channel=row.channel))
            await _erase_identities(work, catalog, citizens, erased, kept)
            await work.commit()
    if not ids:
        print(catalog.text("privacy.nothing_held"))
        return 0
    print(catalog.text("privacy.erased_heading"))
    print("\n".join(erased) if erased else catalog.text("privacy.none"))
    print(catalog.text("privacy.kept_heading"))
    print("\n".join(kept) if kept else catalog.text("privacy.none"))
    return 0


async def _erase_identities(work: SqlUnitOfWork, catalog: Catalog,
                            citizens: dict[int, list[int]], erased: list[str],
                            kept: list[str]) -> None:
    """Deletes the chat identities (with the Zalo conversation answers go to), except one a
    ticket still to be answered is delivered through (bot.core.privacy.ANSWER_OWED)."""
    owed = await work.tickets.of_citizens(sorted(citizens), ANSWER_OWED)
    for row in await work.citizens.identities_of(sorted(citizens)):
        needing = [t for t in owed
                   if t.citizen_id == row.citizen_id and t.channel == row.channel]
        zalo = row.reply_to is not None
        if needing:
            kept.append(catalog.text(
                "privacy.kept_identity", channel=row.channel,
                codes=", ".join(t.code for t in needing),
                reply_to=catalog.text("privacy.kept_reply_to") if zalo else ""))
            await work.tickets.record_events([t.id for t in needing], "privacy_erase_refused",
                                             ACTOR, reason="answer_owed", what=["chat_identity"],
                                             channel=row.channel)
            continue
        await work.citizens.forget(row)
        erased.append(catalog.text(
            "privacy.erased_identity", channel=row.channel,
            reply_to=catalog.text("privacy.erased_reply_to") if zalo else ""))
        await work.tickets.record_events(citizens[row.citizen_id], "privacy_erased",
                                         ACTOR, what=["chat_identity"], channel=row.channel)


async def rotate_key(args: argparse.Namespace, settings: Settings) -> int:
    if settings.data_key is None:
        raise CommandError("set DATA_KEY to the new key (and DATA_KEY_OLD to the old one, "
                           "unless the old one is the generated key)")
    async with opened_app(settings, args.clock) as app:
        old = (settings.data_key_old.get_secret_value().encode() if settings.data_key_old
               else await stored_key(app.uow))
        new = settings.data_key.get_secret_value().encode()
        async with app.uow() as work:
            done, foreign = await work.tickets.rekey_contacts(old, new)
            if foreign:
                raise CommandError(f"{foreign} contact(s) were sealed with neither key: "
                                   "check DATA_KEY_OLD; nothing changed")
            await work.commit()
    print(f"{done} contact(s) re-keyed; DATA_KEY_OLD may now be removed")
    return 0
