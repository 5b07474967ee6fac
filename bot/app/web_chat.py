"""The web chat wired from the settings: its pages and the portal widget, its sessions and
address key in the database (shared by every instance), the trusted proxies, the allowed
origins, the message windows and the storage of uploaded files (STORAGE_URL or STORAGE_DIR)."""

from __future__ import annotations

from aiohttp import web

from bot.app.settings import Settings
from bot.app.storage import storage_for
from bot.core.conversation import ConversationService
from bot.core.following import Follower
from bot.core.ports import UnitOfWorkFactory
from bot.relay.throttle import SlidingWindow
from handlers import follow, pages, webchat
from handlers.client_address import ClientAddresses, parse_networks
from handlers.storage import Storage
from handlers.web_guard import origins

ADDRESS_KEY = "address-hash"


class StoredSessions:
    """The web chat's `SessionStore`: issued sessions (by id) and the address key in the app's
    database. WEB_ADDRESS_KEY, when set, is the key instead of the stored one."""

    def __init__(self, uow: UnitOfWorkFactory, address_key: str | None = None) -> None:
        self._uow = uow
        self._key = address_key.encode() if address_key else None

    async def add(self, session_id: str) -> None:
        async with self._uow() as work:
            await work.web_sessions.add(session_id)
            await work.commit()

    async def exists(self, session_id: str) -> bool:
        async with self._uow.reader() as work:
            return await work.web_sessions.exists(session_id)

    async def address_key(self) -> bytes:
        if self._key is None:
            async with self._uow() as work:
                key = await work.web_sessions.key(ADDRESS_KEY)
                await work.commit()
            self._key = key.encode()
        return self._key


def web_chat_config(settings: Settings, max_upload_bytes: int,
                    storage: Storage | None = None) -> webchat.WebChatConfig:
    """`storage`: the app's (the settings' own when not given)."""
    return webchat.WebChatConfig(
        addresses=ClientAddresses(settings.web_trusted_proxy_header,
                                  parse_networks(settings.web_trusted_proxies)),
        allowed_origins=origins(settings.web_allowed_origins),
        per_address=SlidingWindow(limit=settings.web_max_messages_per_minute),
        files=storage or storage_for(settings), max_upload_bytes=max_upload_bytes,
    )


def web_chat_routes(settings: Settings, conversation: ConversationService,
                    uow: UnitOfWorkFactory, storage: Storage | None = None) -> list[web.RouteDef]:
    """The web chat's pages and API for `pakn run` (and the tests); `storage`: the app's."""
    deps = conversation.deps
    info = pages.PageInfo(deps.org, deps.catalog, deps.limits.max_text_length,
                          deps.limits.max_attachment_mb * 1024 * 1024,
                          follow_links=bool(deps.public_url))
    key = settings.web_address_key.get_secret_value() if settings.web_address_key else None
    config = web_chat_config(settings, info.max_upload_bytes, storage)
    sessions = StoredSessions(uow, key)
    return [*pages.routes(info), *webchat.routes(conversation, sessions, config),
            *follow.routes(Follower(uow, deps), config.addresses, config.allowed_origins,
                           sessions.address_key)]
