"""The scheduler: one instance at a time runs a job, `pakn remind --once`, clean start and stop."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app.cli import main as pakn_main
from bot.app.scheduler import (
    REMINDER_LOCK,
    VARIANT_DIGEST_LOCK,
    Scheduler,
    job_lock,
    run_reminders,
    run_variant_digest,
)
from tests.conftest import FixedClock


def main(argv: list[str]) -> int:
    """`pakn ARGV` on a fixed day, whatever day the test runs."""
    return pakn_main(argv, clock=FixedClock(datetime(2026, 3, 10, 2, 0, tzinfo=UTC)))


async def test_only_one_instance_holds_a_jobs_lock(app):
    async with (job_lock(app.engine, REMINDER_LOCK) as first,
                job_lock(app.engine, REMINDER_LOCK) as second):
        expected_second = app.engine.dialect.name != "postgresql"
        assert (first, second) == (True, expected_second)
        if not expected_second:
            assert await run_reminders(app, app.conversation.deps.clock) is None
    async with job_lock(app.engine, REMINDER_LOCK) as again:
        assert again  # released


async def test_one_instance_at_a_time_posts_the_variant_digest(app):
    async with job_lock(app.engine, VARIANT_DIGEST_LOCK) as mine:
        assert mine
        outcome = await run_variant_digest(app, app.conversation.deps.clock)
    assert outcome == (None if app.engine.dialect.name == "postgresql" else 0)


@pytest.mark.parametrize("app_settings", [{"faq_variant_digest_at": "07:45"}])
async def test_the_scheduler_starts_and_stops_cleanly(app):
    scheduler = Scheduler(app, interval_minutes=15)
    scheduler.start()
    jobs = {job.id: job for job in scheduler._scheduler.get_jobs()}
    assert set(jobs) == {"reminders", "digest", "monthly_report", "purge", "anonymise",
                         "variant_digest"}
    fields = {f.name: str(f) for f in jobs["variant_digest"].trigger.fields}
    assert (fields["hour"], fields["minute"], fields["day_of_week"]) == ("7", "45", "mon-sat")
    await scheduler.stop()
    assert not scheduler._scheduler.running


@pytest.fixture
def env(cli_env):
    return cli_env


def test_remind_once_prints_what_it_queued(env, capsys):
    assert main(["remind", "--once"]) == 0
    assert "0 reminder" in capsys.readouterr().out
    assert main(["remind", "--once", "--digest"]) == 0
    assert "digest message(s) queued" in capsys.readouterr().out
