"""The neutral messages between channel adapters and the conversation core."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"
    WEB = "web"
    TERMINAL = "terminal"
    OFFLINE = "offline"  # paper, in person, phone or e-mail, imported by staff


@dataclass(frozen=True)
class UserRef:
    """A citizen as one channel knows them: the channel and its own id for them."""

    channel: Channel
    external_id: str

    def key(self) -> str:
        return f"{self.channel}:{self.external_id}"


@dataclass(frozen=True)
class Attachment:
    """A file the citizen sent, kept by the channel's own reference (e.g. a Telegram file id)."""

    kind: str  # photo | document | video | audio
    file_ref: str
    size: int | None = None
    mime: str | None = None
    name: str | None = None
    stored_ref: str | None = None  # the agency's copy, once archived (bot/relay/archive.py)


@dataclass(frozen=True)
class Location:
    """A point on the map the citizen shared (a Telegram venue also names the place)."""

    latitude: float
    longitude: float
    title: str | None = None
    address: str | None = None


class ShareKind(StrEnum):
    LOCATION = "location"  # the place of the incident
    PHONE = "phone"  # the citizen's own phone number


@dataclass(frozen=True)
class Share:
    """A one-tap action a step offers on a channel whose client has one: what it sends and
    the action's label."""

    kind: ShareKind
    label: str


@dataclass(frozen=True)
class Incoming:
    """One event from a citizen: free text, a pressed button's payload, attachments, a
    shared map location or their own phone number shared as a contact."""

    user: UserRef
    text: str | None = None
    payload: str | None = None
    attachments: tuple[Attachment, ...] = ()
    display_name: str | None = None
    language: str | None = None  # the client's language hint, e.g. "vi" or "en"
    # Where the event came from, as an opaque key, when the channel limits filings per origin
    # (the web chat: a keyed hash of the client's address); None: no such limit.
    origin: str | None = None
    # The client can send files (the web chat page uploads them; a bare API client may not):
    # a filing started with it asks for photos and documents on any channel.
    can_attach: bool = False
    # Where the channel answers this person when their id alone does not reach them (a Zalo
    # chat begun without following the OA: its conversation); kept for later notices.
    reply_to: str | None = None
    location: Location | None = None
    contact_phone: str | None = None  # as the client sent it; validated by the core


@dataclass(frozen=True)
class Button:
    text: str
    payload: str


class FileKind(StrEnum):
    PHOTO = "photo"  # shown inline where the channel can (e.g. a chart)
    DOCUMENT = "document"  # a file to download (e.g. an XLSX report)


# Files travel inside the outbox row (base64 in its JSON body): small ones only.
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class OutgoingFile:
    """A file to send with a reply; channels that cannot send files show the caption."""

    name: str
    content: bytes = field(repr=False)
    kind: FileKind = FileKind.DOCUMENT
    caption: str = ""
    # A file in the agency's storage, sent from there (its content left empty): an archived
    # attachment shown to an officer, or an officer's file relayed to a citizen.
    stored_ref: str | None = None
    # The file's own id on the channel it came from (a Telegram file_id): the same bot sends
    # it again by this id, without uploading it.
    channel_ref: str | None = None
    mime: str | None = None


@dataclass(frozen=True)
class Reply:
    """One message back to the citizen; buttons are rows of choices; a file goes after the
    text (an empty text sends the file alone). `ref` marks a message whose delivery the core
    wants to hear about (bot/relay/outbox.py reports it: e.g. the prompt an officer replies to).
    `hold`: if the citizen cannot be reached now (blocked the bot, silent too long on Zalo), the
    message waits and goes out when they write again, instead of being dropped.
    `share`: the step asks for something the citizen's client can send in one tap (the place of
    the incident, their phone number), for a channel that has such an action. `ends_share`: the
    first message after that step; a channel takes the action away. `buttons_line`: given with
    it, a line for the buttons where a channel must send them apart from the text (a Telegram
    message carries one keyboard) and the text has no line of its own to carry them."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    file: OutgoingFile | None = None
    ref: str | None = None
    hold: bool = False
    share: Share | None = None
    ends_share: bool = False
    buttons_line: str = ""

    def without_file(self) -> Reply:
        """The reply as a channel without files shows it: the caption after the text."""
        if self.file is None:
            return self
        return replace(self, text=with_caption(self.text, self.file.caption), file=None)


@dataclass(frozen=True)
class CardPost:
    """A ticket's card on its way to the staff group, queued like any message: a new card (in
    a forum topic named `topic` when the group is a forum, the ticket's files copied beneath
    it) or, with `edit_of`, the posted card edited to read as it now does."""

    ticket_id: int
    topic: str | None = None
    files: tuple[tuple[str, str], ...] = ()  # (kind, the platform's file reference)
    edit_of: int | None = None


@dataclass(frozen=True)
class CardPlace:
    """Where a ticket's card was posted: the staff group, its forum topic, the message."""

    chat_id: int
    thread_id: int | None
    message_id: int


def with_caption(text: str, caption: str | None) -> str:
    """A text followed by a file's caption, for channels that cannot send the file."""
    return "\n\n".join(part for part in (text, caption) if part)
