"""Zalo's files as the archive fetches them: the attachment's URL on Zalo's servers, read no
further than the size limit."""

from __future__ import annotations

import aiohttp

from bot.relay.archive import FetchError

CHUNK = 64 * 1024


class ZaloFiles:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def fetch(self, file_ref: str, limit: int) -> bytes:
        if not file_ref.startswith(("https://", "http://")):
            raise FetchError("not a link", permanent=True)
        try:
            async with self.session.get(file_ref) as response:
                if response.status in (403, 404, 410):
                    raise FetchError(f"HTTP {response.status}", permanent=True)
                response.raise_for_status()
                if (response.content_length or 0) > limit:
                    raise FetchError("over the size limit", permanent=True)
                content = bytearray()
                async for chunk in response.content.iter_chunked(CHUNK):
                    content += chunk
                    if len(content) > limit:
                        raise FetchError("over the size limit", permanent=True)
                return bytes(content)
        except (aiohttp.ClientError, TimeoutError) as error:
            raise FetchError(type(error).__name__) from None
