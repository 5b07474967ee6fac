"""bot.core.privacy: the phone index matches any spelling under one key only, and the retention
job, on the clock it is given, anonymises long-closed consent-based contacts exactly once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.core.messages import Channel
from bot.core.privacy import ContactRetentionJob, phone_digest
from bot.core.tickets import Contact, NewTicket, TicketStatus, TicketType
from db.models import TicketEvent


def test_one_phone_in_any_spelling_has_one_digest_under_one_key():
    spellings = ["0912345678", "0912 345 678", "+84 912.345.678", "(+84) 912-345-678"]
    assert len({phone_digest(b"k1", s) for s in spellings}) == 1
    assert phone_digest(b"k1", "0912345678") != phone_digest(b"k2", "0912345678")
    assert phone_digest(b"k1", "0912345679") != phone_digest(b"k1", "0912345678")
    assert phone_digest(b"k1", "abc") is None and phone_digest(b"k1", None) is None


async def _filed(app, ticket_type: TicketType, closed_days_ago: int | None) -> int:
    now = app.clock.now()
    async with app.uow() as work:
        ticket = await work.tickets.add(NewTicket(
            type=ticket_type, channel=Channel.WEB, content="Nội dung", received_at=now,
            due_at=None,
            contact=Contact("Lê Thị Hoa", "0912345678", "Số 9 phố Hàng Bài")), None)
        if closed_days_ago is not None:
            await work.tickets.update(ticket.id, status=TicketStatus.CLOSED,
                                      resolved_at=now - timedelta(days=closed_days_ago))
        await work.commit()
    return ticket.id


async def test_the_job_anonymises_only_long_closed_consent_based_contacts_once(app, clock):
    old_question = await _filed(app, TicketType.HOI, 400)
    recent = await _filed(app, TicketType.PHAN_ANH, 100)
    still_open = await _filed(app, TicketType.KIEN_NGHI, None)
    archived = await _filed(app, TicketType.KHIEU_NAI, 400)
    job = ContactRetentionJob(app.uow, keep=timedelta(days=365))
    assert (await job.run(clock.now())).contacts == 1
    assert (await job.run(clock.now())).contacts == 0  # idempotent
    async with app.uow() as work:
        phones = {i: (await work.tickets.contact(i)).phone
                  for i in (old_question, recent, still_open, archived)}
        events = list(await work.session.scalars(
            select(TicketEvent.ticket_id).where(TicketEvent.kind == "contact_anonymised")))
    assert phones == {old_question: None, recent: "0912345678", still_open: "0912345678",
                      archived: "0912345678"}
    assert events == [old_question]
    clock.moment += timedelta(days=265)  # the phản ánh closed exactly a year ago: not more
    assert (await job.run(clock.now())).contacts == 0
    clock.moment += timedelta(seconds=1)
    assert (await job.run(clock.now())).contacts == 1
