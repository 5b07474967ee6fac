"""An officer's photo or document relayed with an answer: whether the citizen's channel can
carry it, the file as the outbox sends it, and what the audit log keeps of it (never its
content)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Channel, FileKind, OutgoingFile

# Zalo OA Open API v3: upload/image takes a JPG or PNG of at most 1 MB, upload/file a PDF, DOC
# or DOCX of at most 5 MB (counted here in decimal megabytes, the stricter reading).
# https://developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van
ZALO_IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
ZALO_IMAGE_BYTES = 1_000_000
ZALO_FILE_SUFFIXES = (".pdf", ".doc", ".docx")
ZALO_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class StaffFile:
    """A photo or document an officer sent with an answer, as the staff group's adapter saw it."""

    kind: str  # photo | document
    file_ref: str  # its id on the staff group's channel (a Telegram file_id)
    name: str
    size: int | None = None
    mime: str | None = None
    stored_ref: str | None = None  # the agency's copy; None: not fetched (too big, failed)


def zalo_image(file: StaffFile) -> bool:
    return file.mime in ZALO_IMAGE_TYPES


def fits(channel: Channel, file: StaffFile) -> bool:
    """Whether the citizen's channel can deliver the file: Telegram sends it again by its id
    (the same bot), the web chat and Zalo from the agency's copy, Zalo within its limits."""
    if channel is Channel.TELEGRAM:
        return True
    if file.stored_ref is None or file.size is None:
        return False
    if channel is Channel.WEB:
        return True
    if channel is Channel.ZALO:
        if zalo_image(file):
            return file.size <= ZALO_IMAGE_BYTES
        return file.name.lower().endswith(ZALO_FILE_SUFFIXES) and file.size <= ZALO_FILE_BYTES
    return False


def outgoing(file: StaffFile, channel: Channel) -> OutgoingFile:
    """The file as the outbox keeps it: a reference, never its bytes. Telegram sends it again
    as it came (a photo's id cannot be sent as a document); elsewhere a JPG or PNG sent as a
    document is a picture too."""
    picture = file.kind == "photo" or (channel is not Channel.TELEGRAM and zalo_image(file))
    kind = FileKind.PHOTO if picture else FileKind.DOCUMENT
    return OutgoingFile(file.name, b"", kind, stored_ref=file.stored_ref,
                        channel_ref=file.file_ref if channel is Channel.TELEGRAM else None,
                        mime=file.mime)


def audit(files: tuple[StaffFile, ...]) -> dict[str, object]:
    """What the ticket's history records of the files: names, kinds and sizes, and the
    agency's copy, so the ticket keeps its answer's files as it keeps the citizen's
    attachments (README "What is kept"), after the outbox has forgotten the message."""
    if not files:
        return {}
    return {"files": [{"name": f.name, "kind": f.kind, "size": f.size,
                       **({"stored_ref": f.stored_ref} if f.stored_ref else {})}
                      for f in files]}
