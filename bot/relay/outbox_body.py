"""The stored form of a queued message, said once: `encode` writes the outbox row's JSON body,
`decode` reads it back into an `Envelope`, `encode_progress` writes what went out.

The body: `{"text", "buttons": [{"text", "payload"}], "thread_id"?, "ref"?, "hold"?,
"share"?: {"kind", "label"}, "ends_share"?, "buttons_line"?,
"file"?: {"name", "kind", "caption", "content" (base64), "stored_ref"?, "channel_ref"?,
"mime"?},
"card"?: {"ticket_id", "topic", "files": [[kind, file_ref]], "edit_of"},
"parts_sent"?, "card_message_id"?, "files_done"?, "forum_checks"?}`; a card's new forum topic
is kept as its `thread_id`. Rows written before envelopes existed have this very shape."""

from __future__ import annotations

import base64
import logging
from typing import Any

from bot.core.messages import (
    MAX_FILE_BYTES,
    Button,
    CardPost,
    Channel,
    FileKind,
    OutgoingFile,
    Reply,
    Share,
    ShareKind,
)
from bot.relay.envelope import Envelope, Progress

log = logging.getLogger(__name__)
Body = dict[str, Any]  # a JSON column: TEXT on SQLite, json on PostgreSQL


def encode(reply: Reply, thread_id: int | None = None, card: CardPost | None = None) -> Body:
    """The body of a message to queue; a file too big for the outbox is left out (logged),
    its caption going with the text."""
    reply = _bounded(reply)
    body: Body = {"text": reply.text,
                  "buttons": [{"text": b.text, "payload": b.payload} for b in reply.buttons]}
    if card is not None:
        body["card"] = {"ticket_id": card.ticket_id, "topic": card.topic,
                        "files": [list(f) for f in card.files], "edit_of": card.edit_of}
    if thread_id is not None:
        body["thread_id"] = thread_id
    if reply.ref:
        body["ref"] = reply.ref
    if reply.hold:
        body["hold"] = True
    if reply.share:
        body["share"] = {"kind": str(reply.share.kind), "label": reply.share.label}
    if reply.ends_share:
        body["ends_share"] = True
    if reply.buttons_line:
        body["buttons_line"] = reply.buttons_line
    if reply.file is not None:
        body["file"] = {"name": reply.file.name, "kind": str(reply.file.kind),
                        "caption": reply.file.caption,
                        "content": base64.b64encode(reply.file.content).decode("ascii")}
        for key in ("stored_ref", "channel_ref", "mime"):
            if value := getattr(reply.file, key):
                body["file"][key] = value
    return body


def encode_progress(progress: Progress) -> Body:
    """The body's keys that say what went out (merged into the stored body)."""
    keys: Body = {"parts_sent": progress.parts_sent, "thread_id": progress.topic,
                  "card_message_id": progress.card_message_id,
                  "files_done": progress.files_done, "forum_checks": progress.forum_checks}
    return {key: value for key, value in keys.items() if value not in (None, 0)}


def decode(message_id: int, channel: str, recipient: str, body: Body,
           attempts: int = 0) -> Envelope:
    """The envelope of a stored row."""
    thread_id = body.get("thread_id")
    return Envelope(
        message_id, Channel(channel), recipient, _reply(body),
        None if thread_id is None else int(thread_id), _card(body.get("card")),
        Progress(parts_sent=_count(body, "parts_sent"),
                 card_message_id=_number(body.get("card_message_id")),
                 files_done=_count(body, "files_done"),
                 forum_checks=_count(body, "forum_checks")),
        attempts)


def _reply(body: Body) -> Reply:
    buttons = tuple(Button(str(b["text"]), str(b["payload"])) for b in body.get("buttons") or ())
    file = body.get("file")
    outgoing = None if not file else OutgoingFile(
        file["name"], base64.b64decode(file.get("content") or ""), FileKind(file["kind"]),
        file.get("caption") or "", file.get("stored_ref"), file.get("channel_ref"),
        file.get("mime"))
    share = body.get("share")
    return Reply(body.get("text") or "", buttons, outgoing, ref=body.get("ref"),
                 hold=bool(body.get("hold")),
                 share=Share(ShareKind(share["kind"]), str(share["label"])) if share else None,
                 ends_share=bool(body.get("ends_share")),
                 buttons_line=str(body.get("buttons_line") or ""))


def _card(card: Body | None) -> CardPost | None:
    if card is None:
        return None
    files = tuple((str(kind), str(ref)) for kind, ref in card.get("files") or ())
    return CardPost(int(card["ticket_id"]), card.get("topic"), files,
                    _number(card.get("edit_of")))


def _count(body: Body, key: str) -> int:
    return int(body.get(key) or 0)


def _number(value: Any) -> int | None:
    return None if value is None else int(value)


def _bounded(reply: Reply) -> Reply:
    """The reply, or its text and caption alone when the file is too big for the outbox."""
    if reply.file is None or len(reply.file.content) <= MAX_FILE_BYTES:
        return reply
    log.error("outbox: file %s left out: %d bytes, over the %d-byte limit; caption sent",
              reply.file.name, len(reply.file.content), MAX_FILE_BYTES)
    return reply.without_file()
