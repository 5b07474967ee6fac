"""`pakn check` on Zalo: the settings the channel needs, and the token pair `pakn run` would use
opening the OA. Only reads, except a refresh when the stored access token is due, kept in the
database as `pakn run` keeps it (Zalo's refresh tokens are single-use)."""

from __future__ import annotations

import aiohttp

from bot.app.channel_tokens import StoredTokens
from bot.app.channels import zalo_config
from bot.app.checkup import Verdict, fail, off, ok, warn
from bot.app.settings import Settings
from bot.core.messages import Channel
from db.uow import SqlUnitOfWorkFactory
from handlers.zalo.channel import TIMEOUT, api_client
from handlers.zalo.client import TOKEN_ERRORS, ZaloApiError
from handlers.zalo.tokens import ZaloAuthError


async def check_zalo(settings: Settings, uow: SqlUnitOfWorkFactory | None) -> list[Verdict]:
    """The token pair `pakn run` would use (the stored one, refreshed into the database if
    due) opens the OA; `uow` None: the database cannot keep a refreshed pair, so no try."""
    if not settings.zalo_enabled:
        return [off("Zalo", "not configured (ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN)")]
    config = zalo_config(settings)
    missing = [name for name, value in (("ZALO_APP_ID", config.app_id),
                                        ("ZALO_OA_SECRET_KEY", config.oa_secret_key))
               if not value]
    if missing:
        return [fail("Zalo", f"{' and '.join(missing)} not set: webhook signatures cannot be "
                     "checked, so `pakn run` does not start Zalo", "copy them from the app's "
                     "page on developers.zalo.me")]
    can_refresh = bool(config.refresh_token and config.app_secret)
    if config.access_token is None and not can_refresh:
        return [fail("Zalo", "ZALO_REFRESH_TOKEN needs ZALO_APP_SECRET to get a token",
                     "set ZALO_APP_SECRET")]
    if uow is None:
        return [warn("Zalo", "token not tried: a refreshed pair is kept in the database",
                     "correct the database first")]
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            client = api_client(session, config, StoredTokens(uow, Channel.ZALO))
            about = await client.official_account()
    except ZaloAuthError as error:
        if "refused" not in str(error):  # the OAuth server or the database did not answer
            return [fail("Zalo", str(error), f"let this server reach {config.oauth_base}")]
        return [fail("Zalo", f"{error}: the refresh token is spent or over 3 months old",
                     "make a new token pair for the OA on developers.zalo.me and set "
                     "ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN")]
    except ZaloApiError as error:
        expired = error.code in TOKEN_ERRORS
        return [fail("Zalo", "the access token is refused (expired)" if expired else str(error),
                     "set ZALO_REFRESH_TOKEN and ZALO_APP_SECRET so that it is refreshed"
                     if expired else "see the README's \"Zalo\"")]
    except (aiohttp.ClientError, TimeoutError) as error:
        return [fail("Zalo", f"cannot reach {config.api_base} ({type(error).__name__})",
                     "let this server open HTTPS connections to it")]
    verdicts = [ok("Zalo", f"the token opens the OA «{about.get('name', '?')}»; "
                           "ZALO_OA_SECRET_KEY set")]
    if not can_refresh:
        verdicts.append(warn("Zalo", "the access token cannot be refreshed: replies stop when "
                             "it expires", "set ZALO_REFRESH_TOKEN and ZALO_APP_SECRET"))
    return verdicts
