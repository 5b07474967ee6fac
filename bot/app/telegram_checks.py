"""`pakn check` on Telegram: the bot's token, the staff group and the bot's rights in it, and
the webhook Telegram knows. Only reads."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.types import User, WebhookInfo

from bot.app.checkup import Verdict, fail, off, ok, warn
from bot.app.settings import Settings
from handlers.telegram.channel import telegram_bot

OFFICIAL_API = "https://api.telegram.org"
WEBHOOK_PORTS = (443, 80, 88, 8443)  # https://core.telegram.org/bots/api#setwebhook
SECONDS = 15  # a Bot API call's time limit here
GROUP = "staff group"


async def check_telegram(settings: Settings) -> list[Verdict]:
    if settings.telegram_bot_token is None:
        return [off("Telegram", "not configured (TELEGRAM_BOT_TOKEN): no Telegram chat, and no "
                                "officer is told of new requests")]
    bot = telegram_bot(settings.telegram_bot_token.get_secret_value(),
                       settings.telegram_api_base)
    bot.session.timeout = SECONDS
    verdicts: list[Verdict] = []
    try:
        me = await bot.get_me()
        verdicts.append(ok("Telegram bot", f"@{me.username}"))
        verdicts += await _staff_group(bot, me, settings)
        verdicts += _webhook(await bot.get_webhook_info(), settings)
    except TelegramUnauthorizedError:
        verdicts.append(fail("Telegram bot", "Telegram refuses TELEGRAM_BOT_TOKEN (revoked or "
                             "mistyped)", "copy the bot's token from @BotFather into "
                             "TELEGRAM_BOT_TOKEN"))
    except TelegramAPIError as error:
        verdicts.append(_unreachable("Telegram bot" if not verdicts else "Telegram", settings,
                                     error))
    finally:
        await bot.session.close()
    return verdicts


def _unreachable(subject: str, settings: Settings, error: TelegramAPIError) -> Verdict:
    if isinstance(error, TelegramNetworkError):
        return fail(subject, f"cannot reach {settings.telegram_api_base}",
                    "let this server open HTTPS connections to it (or set TELEGRAM_API_BASE)")
    return fail(subject, f"Telegram answers: {error.message}", "see the README's \"Telegram\"")


async def _staff_group(bot: Bot, me: User, settings: Settings) -> list[Verdict]:
    """The group is a forum supergroup where the bot is an administrator allowed to open
    topics (handlers/telegram/cards.py opens one per request; the bot pins and deletes
    nothing)."""
    chat_id, name = settings.telegram_staff_chat_id, f"@{me.username}"
    if chat_id is None:
        return [warn(GROUP, "TELEGRAM_STAFF_CHAT_ID is not set: no officer is told of new "
                     "requests", f"add {name} to the officers' group and set "
                     "TELEGRAM_STAFF_CHAT_ID to its id (it starts with -100)")]
    try:
        chat = await bot.get_chat(chat_id)
    except TelegramMigrateToChat as error:
        return [fail(GROUP, f"the group became a supergroup, id {error.migrate_to_chat_id}",
                     f"set TELEGRAM_STAFF_CHAT_ID={error.migrate_to_chat_id}")]
    except TelegramAPIError as error:
        if isinstance(error, TelegramNetworkError):
            raise
        return [fail(GROUP, f"Telegram does not show {name} the chat {chat_id} "
                     f"({error.message})", f"add {name} to the group and check "
                     "TELEGRAM_STAFF_CHAT_ID (a supergroup's id starts with -100)")]
    title = f"«{chat.title}»"
    if chat.type != "supergroup" and chat.type != "group":
        return [fail(GROUP, f"chat {chat_id} is a {chat.type}, not a group",
                     "set TELEGRAM_STAFF_CHAT_ID to the officers' group's id")]
    if chat.type == "group":
        found = warn(GROUP, f"{title} is a basic group: no topic per request", "turn on Topics "
                     "in the group's settings; it then gets a new id (-100…) for "
                     "TELEGRAM_STAFF_CHAT_ID")
    elif not chat.is_forum:
        found = warn(GROUP, f"{title} is not a forum: every card goes to the one chat, with no "
                     "topic per request", "turn on Topics in the group's settings")
    else:
        found = ok(GROUP, f"{title}, a forum (a topic per request)")
    return [found, await _rights(bot, me, chat_id, bool(chat.is_forum))]


async def _rights(bot: Bot, me: User, chat_id: int, forum: bool) -> Verdict:
    subject, name = f"@{me.username} in the {GROUP}", f"@{me.username}"
    member = await bot.get_chat_member(chat_id, me.id)
    status = getattr(member.status, "value", member.status)
    promote = (f"make {name} an administrator of the group with «Manage topics» "
               "(group settings → Administrators)")
    if status in ("left", "kicked"):
        return fail(subject, "not in the group", f"add {name} to the group, then {promote}")
    if status != "administrator":
        return fail(subject, f"not an administrator ({status})", promote)
    if not getattr(member, "can_manage_topics", False):
        if forum:
            return fail(subject, "an administrator not allowed to manage topics: the cards "
                        "cannot open a topic per request", f"allow {name} «Manage topics» "
                        "in the group's administrators")
        return warn(subject, "an administrator not allowed to manage topics (needed once "
                    "Topics are turned on)", f"allow {name} «Manage topics»")
    return ok(subject, "an administrator allowed to manage topics")


def _site(url: str) -> str:
    """Where a URL points, without its path (some put the bot's token in the path)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _webhook(info: WebhookInfo, settings: Settings) -> list[Verdict]:
    subject, wanted = "Telegram webhook", settings.telegram_webhook_url
    if wanted is None:
        if info.url:
            return [fail(subject, f"a webhook to {_site(info.url)} is registered while pakn "
                         "uses long polling: Telegram refuses getUpdates while it is there",
                         "if no other server uses this bot, `pakn run` deletes it when it "
                         "starts; else give each deployment its own bot, or set "
                         "TELEGRAM_WEBHOOK_URL")]
        return [ok(subject, "none: pakn uses long polling")]
    verdicts = []
    parts = urlsplit(wanted)
    if settings.telegram_api_base == OFFICIAL_API and (
            parts.scheme != "https" or (parts.port or 443) not in WEBHOOK_PORTS):
        verdicts.append(fail(subject, "Telegram sends webhooks only to https:// on port 443, "
                             "80, 88 or 8443", "correct TELEGRAM_WEBHOOK_URL"))
    if not info.url:
        verdicts.append(warn(subject, "not registered yet", "`pakn run` registers "
                             "TELEGRAM_WEBHOOK_URL when it starts; check again then"))
    elif info.url != wanted:
        verdicts.append(fail(subject, f"Telegram sends updates to {_site(info.url)}, not "
                             "TELEGRAM_WEBHOOK_URL", "if no other server uses this bot, "
                             "`pakn run` registers TELEGRAM_WEBHOOK_URL when it starts; else "
                             "give each deployment its own bot"))
    else:
        verdicts.append(ok(subject, f"registered at {_site(wanted)}, "
                                    f"{info.pending_update_count} update(s) waiting"))
    if info.url and info.last_error_message:
        when = info.last_error_date.astimezone(UTC) if info.last_error_date else None
        at = f" at {when:%Y-%m-%d %H:%M} UTC" if when else ""
        verdicts.append(warn(subject, f"Telegram's last delivery failed{at}: "
                             f"{info.last_error_message}", "make the address reachable from "
                             "the internet over HTTPS with a valid certificate, the proxy "
                             "passing /webhooks/telegram to pakn"))
    return verdicts
