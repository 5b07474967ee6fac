"""`pakn faq variants list|review`: an admin at the console sees the questions proposed as
variants and approves or rejects them; an approved one is answered outright."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.app.bootstrap import opened_app
from bot.app.cli import main
from bot.app.settings import Settings
from bot.core import variant_review
from bot.core.faq_learning import VariantSource
from faq.matcher import Decision
from tests.conftest import FixedClock

CLOCK = FixedClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
VAGUE = "chữ ký số"


async def _propose(*questions: str) -> None:
    async with opened_app(Settings(), CLOCK) as app, app.uow() as work:
        for question in questions:
            await variant_review.propose(work, app.conversation.deps.catalog, question,
                                         "chu-ky-so-ca-nhan", VariantSource.TAP, CLOCK.now())
        await work.commit()


async def _decision(question: str) -> Decision:
    async with opened_app(Settings(), CLOCK) as app:
        return app.faq.match(question).decision


def test_an_admin_lists_reviews_and_approves_a_proposal(cli_env, capsys):
    asyncio.run(_propose(VAGUE, VAGUE, "mua chu ky so o dau"))
    assert main(["faq", "variants", "list"], clock=CLOCK) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"1\tproposed\t2\ttap\tchu-ky-so-ca-nhan\t{VAGUE}"  # most asked first
    assert main(["faq", "variants", "review"], clock=CLOCK) == 0
    out = capsys.readouterr().out
    assert "→ Người dân muốn có chữ ký số cá nhân" in out and "2 waiting" in out
    assert asyncio.run(_decision(VAGUE)) is Decision.SUGGEST
    assert main(["faq", "variants", "review", "--approve", "1"], clock=CLOCK) == 0
    assert capsys.readouterr().out.startswith("approved: 1\t")
    assert asyncio.run(_decision(VAGUE)) is Decision.ANSWER
    assert main(["faq", "variants", "review", "--reject", "2"], clock=CLOCK) == 0
    assert main(["faq", "variants", "list", "--status", "rejected"], clock=CLOCK) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("2\trejected\t1\t")


def test_a_decided_proposal_cannot_be_decided_again(cli_env, capsys):
    asyncio.run(_propose(VAGUE))
    assert main(["faq", "variants", "review", "--reject", "1"], clock=CLOCK) == 0
    assert main(["faq", "variants", "review", "--approve", "1"], clock=CLOCK) == 2
    assert "proposal 1 is not waiting" in capsys.readouterr().err


def test_the_digest_can_be_queued_now(cli_env, capsys, monkeypatch):
    monkeypatch.delenv("TELEGRAM_STAFF_CHAT_ID", raising=False)
    asyncio.run(_propose(VAGUE, "mua chu ky so o dau"))
    assert main(["faq", "variants", "digest"], clock=CLOCK) == 2
    assert "TELEGRAM_STAFF_CHAT_ID is not set" in capsys.readouterr().err
    monkeypatch.setenv("TELEGRAM_STAFF_CHAT_ID", "-100123")
    assert main(["faq", "variants", "digest"], clock=CLOCK) == 0  # inside the objection window
    assert capsys.readouterr().out.startswith("0 proposal(s) in the digest queued")
    later = FixedClock(CLOCK.now() + timedelta(minutes=11))
    assert main(["faq", "variants", "digest"], clock=later) == 0
    assert capsys.readouterr().out.startswith("2 proposal(s) in the digest queued")
    assert main(["faq", "variants", "digest"], clock=later) == 0
    assert capsys.readouterr().out.startswith("0 proposal(s)")  # nothing shown twice
