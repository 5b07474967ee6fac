"""Which database errors mean "the server is not there right now" (a restart, a failover, a
dropped connection), or "try the same work again" (a transaction the server rolled back to
break a deadlock, e.g. two officers merging two tickets into each other at once), rather than a
fault in what was asked: those become `StoreUnavailable`, and the relay runs the work again."""

from __future__ import annotations

import sys

from sqlalchemy.exc import DBAPIError

# SQLSTATE class 08 (connection exception) and the server shutting down or starting up.
# Deadlock detected and serialization failure: nothing was kept, and the same work succeeds
# once the other transaction has ended.
_GONE_STATES = ("08", "57P01", "57P02", "57P03", "40P01", "40001")


def unavailable(error: BaseException | None) -> bool:
    """True when `error`, or what caused it, is a lost or refused connection, or a transaction
    the server rolled back for a deadlock or a serialization failure."""
    seen: set[int] = set()
    gone = _gone_types()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, gone):
            return True  # refused or reset (a plain OSError may be a disk's); asyncpg's closed
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and state.startswith(_GONE_STATES):
            return True
        error = getattr(error, "orig", None) or error.__cause__
    return False


def _gone_types() -> tuple[type[BaseException], ...]:
    """Refused or reset connections, and asyncpg's closed ones if asyncpg is loaded: an error of
    asyncpg's cannot exist before it is, and a command on SQLite need not load it (0.02 s)."""
    asyncpg = sys.modules.get("asyncpg.exceptions")
    if asyncpg is None:
        return (ConnectionError,)
    return (ConnectionError, asyncpg.InterfaceError, asyncpg.InternalClientError)
