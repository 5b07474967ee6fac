"""The real time, for the relay's machinery alone: the outbox's schedule and leases and the
inbound updates' arrival order count real seconds between instances and against the
platforms, whatever clock the core reads (one standing still, as in tests, would never let a
lease run out; one set ahead would hold every message). What a person or a statistic reads is
dated by the application's clock (db.repositories.base.SqlRepository.clock)."""

from __future__ import annotations

from datetime import UTC, datetime


def real_time() -> datetime:
    return datetime.now(UTC)
