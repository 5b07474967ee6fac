"""The Zalo token pair in the database: a restart carries on with the rotated refresh token, a
new configured refresh token replaces the stored pair, and instances sharing the database
refresh once (the stand-in refuses a refresh token used before)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app.channel_tokens import StoredTokens
from bot.core.messages import Channel
from bot.core.ports import ChannelTokens
from db.engine import create_engine, is_sqlite, session_factory
from db.models import ChannelToken
from db.uow import SqlUnitOfWorkFactory
from handlers.zalo.client import ZaloClient
from handlers.zalo.tokens import ZaloAuthError, ZaloTokens, fingerprint
from tests.fakes.zalo_api import APP_ID, APP_SECRET, FakeZaloApi


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def other_instance(database_url, clock) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """The same database as `app`, through an engine of its own, as another process has."""
    engine = create_engine(database_url)
    yield SqlUnitOfWorkFactory(session_factory(engine), clock,
                               one_writer=is_sqlite(database_url))
    await engine.dispose()


def keeper(session, api: FakeZaloApi, uow, access: str | None = "access-0",
           refresh: str | None = "refresh-0") -> ZaloTokens:
    """A token keeper as `pakn run` builds it, configured with `access` and `refresh`."""
    return ZaloTokens(session, api.base, APP_ID, APP_SECRET, access, refresh,
                      StoredTokens(uow, Channel.ZALO))


async def stored(app) -> ChannelTokens:
    async with app.uow() as work:
        assert await work.session.scalar(select(func.count()).select_from(ChannelToken)) == 1
        return await work.channel_tokens.get(Channel.ZALO)


async def test_a_restart_carries_on_with_the_rotated_refresh_token(app, zalo_api, session,
                                                                   caplog):
    caplog.set_level(logging.INFO)
    first = keeper(session, zalo_api, app.uow)
    assert await first.current() == "access-0"  # the configured pair seeds the store
    zalo_api.expire_token()
    await ZaloClient(session, zalo_api.base, first).send_message("801", {"text": "Một"})
    assert (zalo_api.access_token, zalo_api.refresh_token) == ("access-1", "refresh-1")
    row = await stored(app)
    assert (row.access_token, row.refresh_token) == ("access-1", "refresh-1")
    assert row.seed == fingerprint("refresh-0") and row.expires_at is not None

    # The restart: the environment still says refresh-0, which Zalo no longer accepts.
    again = keeper(session, zalo_api, app.uow)
    assert await again.current() == "access-1"
    zalo_api.expire_token()
    await ZaloClient(session, zalo_api.base, again).send_message("801", {"text": "Hai"})
    assert [r["refresh_token"] for r in zalo_api.refreshes] == ["refresh-0", "refresh-1"]
    assert [s.text for s in zalo_api.sent_to("801")] == ["Một", "Hai"]
    assert (await stored(app)).refresh_token == "refresh-2"
    assert "access-" not in caplog.text and "refresh-" not in caplog.text


async def test_a_stored_pair_about_to_expire_is_refreshed_at_once(app, zalo_api, session):
    first = keeper(session, zalo_api, app.uow)
    zalo_api.expire_token()
    await first.renew("access-0")
    async with app.uow() as work:  # the stored access token runs out in a minute
        row = await work.channel_tokens.get(Channel.ZALO)
        await work.channel_tokens.put(Channel.ZALO, ChannelTokens(
            row.access_token, row.refresh_token, datetime.now(UTC) + timedelta(minutes=1),
            row.seed))
        await work.commit()
    again = keeper(session, zalo_api, app.uow)
    assert await again.current() == "access-2"
    assert [r["refresh_token"] for r in zalo_api.refreshes] == ["refresh-0", "refresh-1"]


async def test_a_new_configured_refresh_token_replaces_the_stored_pair(app, zalo_api, session):
    first = keeper(session, zalo_api, app.uow)
    zalo_api.expire_token()
    await first.renew("access-0")
    # The operator authorises the OA again and configures the pair Zalo gave them.
    zalo_api.access_token, zalo_api.refresh_token = "access-new", "refresh-new"
    again = keeper(session, zalo_api, app.uow, access=None, refresh="refresh-new")
    zalo_api.expire_token()
    assert await again.current() == "access-2"  # refreshed with the configured token
    assert zalo_api.refreshes[-1]["refresh_token"] == "refresh-new"
    row = await stored(app)
    assert (row.refresh_token, row.seed) == ("refresh-2", fingerprint("refresh-new"))
    # ... and the next restart with the same configuration keeps the rotated pair.
    assert await keeper(session, zalo_api, app.uow, None, "refresh-new").current() == "access-2"


async def test_two_instances_sharing_the_database_refresh_once(app, other_instance, zalo_api,
                                                               session):
    one = keeper(session, zalo_api, app.uow)
    two = keeper(session, zalo_api, other_instance)
    assert [await one.current(), await two.current()] == ["access-0", "access-0"]
    zalo_api.expire_token()
    zalo_api.refresh_delay = 0.3  # both ask while the first refresh is under way
    tokens = await asyncio.gather(one.renew("access-0"), two.renew("access-0"))
    assert tokens == ["access-1", "access-1"]
    assert [r["refresh_token"] for r in zalo_api.refreshes] == ["refresh-0"]

    # Later, one instance refreshes; the other finds out from Zalo and takes the stored pair.
    zalo_api.refresh_delay = 0
    zalo_api.expire_token()
    await ZaloClient(session, zalo_api.base, one).send_message("802", {"text": "Một"})
    await ZaloClient(session, zalo_api.base, two).send_message("802", {"text": "Hai"})
    assert [r["refresh_token"] for r in zalo_api.refreshes] == ["refresh-0", "refresh-1"]
    assert [s.text for s in zalo_api.sent_to("802")] == ["Một", "Hai"]


class ForgetfulStore:
    """A store that loads and seeds, then loses its database before it can commit again."""

    def __init__(self) -> None:
        self.pair: ChannelTokens | None = None
        self.down = False

    async def update(self, change):
        chosen = await change(self.pair)
        if self.down:
            raise ConnectionError("database went away")
        self.pair = chosen
        return chosen


async def test_a_pair_the_store_could_not_keep_is_still_used(zalo_api, session, caplog):
    store = ForgetfulStore()
    tokens = ZaloTokens(session, zalo_api.base, APP_ID, APP_SECRET, "access-0", "refresh-0",
                        store)
    assert await tokens.current() == "access-0"
    store.down = True
    zalo_api.expire_token()
    assert await tokens.renew("access-0") == "access-1"  # refresh-0 is spent: keep access-1
    assert "kept in memory only" in caplog.text and "refresh-1" not in caplog.text


async def test_an_unreachable_store_refreshes_nothing(zalo_api, session):
    store = ForgetfulStore()
    store.down = True
    tokens = ZaloTokens(session, zalo_api.base, APP_ID, APP_SECRET, None, "refresh-0", store)
    with pytest.raises(ZaloAuthError, match="store unavailable: ConnectionError"):
        await tokens.current()
    assert zalo_api.refreshes == []
