"""A stand-in Telegram Bot API server on loopback: long-polled getUpdates with offsets, the send
methods (files as multipart uploads), a record of every call, injectable 429/5xx answers, and
Telegram's flood limits when asked (`limit()`): a send past them gets a 429 with retry_after.
Runs in its own thread, so synchronous tests, async tests and the benchmark drive it alike."""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from aiohttp import web

from tests.fakes.loopback import LoopbackServer

SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "editMessageText",
                   "copyMessage", "createForumTopic"})
MAX_TEXT, MAX_BUTTONS = 4096, 100  # a message's text and inline keyboard
BOT_USER = {"id": 999000, "is_bot": True, "first_name": "pakn", "username": "pakn_test_bot"}
# getChatMember's answer for the bot in a group: an administrator with every right, as BotFather
# adds a bot a group's owner promotes (https://core.telegram.org/bots/api#chatmemberadministrator).
ADMINISTRATOR = {"status": "administrator", "can_be_edited": False, "is_anonymous": False,
                 **dict.fromkeys(("can_manage_chat", "can_delete_messages",
                                  "can_manage_video_chats", "can_restrict_members",
                                  "can_promote_members", "can_change_info", "can_invite_users",
                                  "can_post_stories", "can_edit_stories", "can_delete_stories",
                                  "can_send_welcome_messages", "can_pin_messages",
                                  "can_manage_topics"), True)}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 200


@dataclass
class Fault:
    method: str
    status: int
    retry_after: int | None = None
    count: int = 1
    description: str | None = None
    chat_id: int | None = None  # only calls to this chat, if given
    after: int = 0  # calls let through before the first that fails


@dataclass(frozen=True)
class Upload:
    """A file sent as a multipart part (sendPhoto, sendDocument)."""

    filename: str
    content_type: str
    content: bytes


def _parse(value: str) -> Any:
    if value[:1] in "[{" or value.lstrip("-").isdigit():
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """The fields of a multipart/form-data body, files as `Upload`s. Parsed by the standard
    library: aiohttp's reader warns (unread_data) on some chunk boundaries."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        fields[str(name)] = (Upload(filename, part.get_content_type(), content) if filename
                             else content.decode())
    return fields


def _attached(params: dict[str, Any]) -> dict[str, Any]:
    """`photo=attach://x` with the upload in part `x` (as aiogram sends it) as `photo=Upload`."""
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.pop(value.removeprefix("attach://"), value)
    return params


MAX_DOWNLOAD = 20 * 1024 * 1024


def _too_big(method: str, params: dict[str, Any]) -> Fault | None:
    """A 400 for a message Telegram refuses whatever the moment: over 4,096 characters of text,
    or over 100 inline buttons (https://core.telegram.org/bots/api#sendmessage)."""
    if method not in ("sendMessage", "editMessageText"):
        return None
    if len(str(params.get("text", ""))) > MAX_TEXT:
        return Fault(method, 400, description="Bad Request: message is too long")
    markup = params.get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        return Fault(method, 400, description="Bad Request: reply markup is too long")
    return None


class FakeBotApi(LoopbackServer):
    """`api.start()`, point TELEGRAM_API_BASE at `api.base`, push updates, read `api.calls`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.webhook: dict[str, Any] | None = None
        self.forums: set[int] = set()  # chat ids answered as forum supergroups by getChat
        self.bot_member: dict[str, Any] = dict(ADMINISTRATOR)  # the bot in every group
        self.webhook_error: str | None = None  # getWebhookInfo's last_error_message
        self._updates: list[dict[str, Any]] = []
        self._confirmed = 0
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._lock = threading.Lock()
        self.port = 0
        self.per_second: int | None = None  # sends per bot in any rolling second
        self.group_per_minute: int | None = None  # sends into one group in any rolling minute
        self._accepted: collections.deque[float] = collections.deque()
        self._group_accepted: dict[int, collections.deque[float]] = {}
        self.hosted: dict[str, bytes] = {}  # file_id -> content, served by getFile and /file/
        self.downloads: list[str] = []  # the file ids whose bytes were downloaded
        self._paths: dict[str, str] = {}  # file_path given by getFile -> file_id
        self._file_numbers = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._on_call)
        app.router.add_get("/file/bot{token}/{path:.+}", self._on_download)

    # -- what citizens do --------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> int:
        """Queues an update for getUpdates; returns its update_id."""
        with self._lock:
            update = {"update_id": next(self._ids), **update}
            self._updates.append(update)
            return update["update_id"]

    def replay(self, update_id: int) -> None:
        """Offers an update again, as Telegram does when the offset was not confirmed."""
        with self._lock:
            self._confirmed = min(self._confirmed, update_id)

    def fail(self, method: str, status: int, retry_after: int | None = None,
             count: int = 1, description: str | None = None,
             chat_id: int | None = None, after: int = 0) -> None:
        """The next `count` calls of `method` (to `chat_id`, if given) get this error answer,
        once `after` such calls went through."""
        with self._lock:
            self.faults.append(
                Fault(method, status, retry_after, count, description, chat_id, after))

    def limit(self, per_second: int | None = 30, group_per_minute: int | None = 20) -> None:
        """Refuses (429, retry_after) a send past `per_second` accepted sends of the bot in the
        last second, or past `group_per_minute` into one group in the last minute."""
        with self._lock:
            self.per_second, self.group_per_minute = per_second, group_per_minute

    def refused(self) -> list[Call]:
        """Sends answered 429, injected or over the limits."""
        with self._lock:
            return [c for c in self.calls if c.method in SENDS and c.status == 429]

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Successful sendMessage calls, optionally to one chat."""
        with self._lock:
            return [c for c in self.calls if c.method == "sendMessage" and c.status == 200
                    and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def files(self, chat_id: int | None = None) -> list[Call]:
        """Successful sendPhoto and sendDocument calls, optionally to one chat."""
        with self._lock:
            return [c for c in self.calls if c.method in ("sendPhoto", "sendDocument")
                    and c.status == 200
                    and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    # -- the API -----------------------------------------------------------------------------
    async def _on_call(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.content_type == "multipart/form-data":
            params.update(_multipart(request.headers["Content-Type"], await request.read()))
        elif request.can_read_body:
            params.update(await request.post())
        params = _attached({k: _parse(v) if isinstance(v, str) else v
                            for k, v in params.items()})
        fault = self._take_fault(method, params.get("chat_id")) or _too_big(method, params)
        if fault is None and method == "getFile":
            fault = self._too_big_to_fetch(str(params.get("file_id")))
        if fault is None and method in SENDS:
            fault = self._over_limit(params.get("chat_id"))
        call = Call(method, params, status=fault.status if fault else 200)
        with self._lock:
            self.calls.append(call)
        if fault:
            return self._error(fault)
        if method == "getUpdates":
            return self._ok(await self._get_updates(params))
        result = self._answer(method, params)
        if isinstance(result, dict) and "message_id" in result:
            call.params["_message_id"] = result["message_id"]
        if isinstance(result, dict) and method == "createForumTopic":
            call.params["_thread_id"] = result["message_thread_id"]
        return self._ok(result)

    def _too_big_to_fetch(self, file_id: str) -> Fault | None:
        """Bots may download files of at most 20 MB; getFile refuses bigger ones
        (https://core.telegram.org/bots/api#getfile)."""
        with self._lock:
            content = self.hosted.get(file_id)
        if content is not None and len(content) > MAX_DOWNLOAD:
            return Fault("getFile", 400, description="Bad Request: file is too big")
        return None

    def _take_fault(self, method: str, chat_id: Any = None) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.chat_id is not None and str(fault.chat_id) != str(chat_id):
                    continue
                if fault.method == method and fault.count > 0 and fault.after > 0:
                    fault.after -= 1
                    return None
                if fault.method == method and fault.count > 0:
                    fault.count -= 1
                    return fault
        return None

    def _over_limit(self, chat_id: Any) -> Fault | None:
        """A 429 if this send breaks a limit; else counts it against them."""
        now = time.monotonic()
        chat = int(chat_id or 0)
        with self._lock:
            while self._accepted and self._accepted[0] <= now - 1:
                self._accepted.popleft()
            group = None
            if chat < 0:
                group = self._group_accepted.setdefault(chat, collections.deque())
            while group and group[0] <= now - 60:
                group.popleft()
            if self.per_second is not None and len(self._accepted) >= self.per_second:
                wait = max(1, round(self._accepted[0] + 1 - now))
                return Fault("", 429, retry_after=wait,
                             description=f"Too Many Requests: retry after {wait}")
            if (group is not None and self.group_per_minute is not None
                    and len(group) >= self.group_per_minute):
                wait = max(1, round(group[0] + 60 - now))
                return Fault("", 429, retry_after=wait,
                             description=f"Too Many Requests: retry after {wait}")
            self._accepted.append(now)
            if group is not None:
                group.append(now)
        return None

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            with self._lock:
                if offset:
                    self._confirmed = max(self._confirmed, offset - 1)
                batch = [u for u in self._updates if u["update_id"] > self._confirmed][:100]
            if batch or time.monotonic() >= deadline or self._stopping.is_set():
                return batch
            await asyncio.sleep(0.01)

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText"):
            thread = params.get("message_thread_id")
            chat_id = int(params.get("chat_id", 0))
            kind = "private" if chat_id > 0 else "supergroup"
            message = {"message_id": int(params.get("message_id") or next(self._message_ids)),
                       "date": int(time.time()), "chat": {"id": chat_id, "type": kind},
                       "from": BOT_USER, "text": params.get("text", "")}
            if thread:
                message |= {"message_thread_id": thread, "is_topic_message": True}
            return message
        if method == "getChat":
            chat_id = int(params.get("chat_id", 0))
            return {"id": chat_id, "type": "supergroup", "title": "Cán bộ",
                    "is_forum": chat_id in self.forums, "accent_color_id": 0,
                    "max_reaction_count": 11, "accepted_gift_types": {
                        "unlimited_gifts": False, "limited_gifts": False,
                        "unique_gifts": False, "premium_subscription": False,
                        "gifts_from_channels": False}}
        if method == "createForumTopic":
            return {"message_thread_id": next(self._message_ids), "name": params.get("name"),
                    "icon_color": 7322096}
        if method == "copyMessage":
            return {"message_id": next(self._message_ids)}
        if method == "getChatMember":
            user_id = int(params.get("user_id", 0))
            if user_id == BOT_USER["id"]:
                return {**self.bot_member, "user": BOT_USER}
            return {"status": "member", "user": {"id": user_id, "is_bot": False,
                                                 "first_name": "Cán bộ"}}
        if method == "getWebhookInfo":
            info: dict[str, Any] = {"url": (self.webhook or {}).get("url", ""),
                                    "has_custom_certificate": False,
                                    "pending_update_count": 0}
            if self.webhook and self.webhook_error:
                info |= {"last_error_date": int(time.time()),
                         "last_error_message": self.webhook_error}
            return info
        if method == "setWebhook":
            self.webhook = params
        if method == "deleteWebhook":
            self.webhook = None
        if method == "getFile":
            file_id = str(params.get("file_id"))
            content = self.hosted.get(file_id)
            if content is None:
                return {"file_id": file_id, "file_unique_id": "u",
                        "file_path": "documents/file.pdf"}
            # As Telegram names them: photos/file_N.jpg, documents/file_N.pdf, …
            folder, suffix = ("photos", "jpg") if content[:3] == b"\xff\xd8\xff" else (
                "documents", "pdf" if content[:5] == b"%PDF-" else "bin")
            path = f"{folder}/file_{next(self._file_numbers)}.{suffix}"
            with self._lock:
                self._paths[path] = file_id
            return {"file_id": file_id, "file_unique_id": f"u{len(content)}",
                    "file_size": len(content), "file_path": path}
        return True

    async def _on_download(self, request: web.Request) -> web.Response:
        """A file's bytes at /file/bot<token>/<file_path>, as Telegram serves them to bots."""
        path = request.match_info["path"]
        with self._lock:
            name = self._paths.get(path, path)
            self.downloads.append(name)
            content = self.hosted.get(name)
        if content is None:
            raise web.HTTPNotFound()
        return web.Response(body=content, content_type="application/octet-stream")

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(fault: Fault) -> web.Response:
        default = "Too Many Requests" if fault.status == 429 else "Internal Server Error"
        body: dict[str, Any] = {"ok": False, "error_code": fault.status,
                                "description": fault.description or default}
        if fault.retry_after is not None:
            body["parameters"] = {"retry_after": fault.retry_after}
        return web.json_response(body, status=fault.status)
