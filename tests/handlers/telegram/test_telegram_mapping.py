"""Telegram updates to the core's `Incoming`, and the ordering keys of the worker."""

from __future__ import annotations

from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import Update

from bot.core.messages import Attachment, Channel, Location, UserRef
from bot.relay.decoded import CitizenTurn, Notice
from bot.relay.throttle import SlidingWindow
from handlers.telegram.citizens import citizen_router
from handlers.telegram.mapping import (
    album_of,
    incoming_from_callback,
    incoming_from_messages,
    lane_of,
)

USER = {"id": 42, "is_bot": False, "first_name": "An", "last_name": "Nguyễn",
        "language_code": "en"}


def message(**content):
    return {"message_id": 1, "date": 1, "chat": {"id": 42, "type": "private"}, "from": USER,
            **content}


def parse(payload):
    return Update.model_validate({"update_id": 1, **payload})


def test_text_message():
    event = incoming_from_messages([parse({"message": message(text="/tracuu KN-1")}).message])
    assert event.user == UserRef(Channel.TELEGRAM, "42")
    assert (event.text, event.display_name) == ("/tracuu KN-1", "An Nguyễn")
    # The phone's language is no choice: Vietnamese until the citizen picks English.
    assert event.language is None


def test_photo_takes_the_largest_size_and_a_document_keeps_its_name():
    photo = message(photo=[{"file_id": "small", "file_unique_id": "s", "width": 90,
                            "height": 90, "file_size": 1},
                           {"file_id": "big", "file_unique_id": "b", "width": 900,
                            "height": 900, "file_size": 99}], caption="ảnh")
    document = message(document={"file_id": "d", "file_unique_id": "d", "file_size": 5,
                                 "mime_type": "application/pdf", "file_name": "don.pdf"})
    event = incoming_from_messages([parse({"message": photo}).message,
                                    parse({"message": document}).message])
    assert event.attachments == (Attachment("photo", "big", 99, "image/jpeg"),
                                 Attachment("document", "d", 5, "application/pdf", "don.pdf"))
    assert event.text == "ảnh"


def test_a_shared_location_and_a_venue_reach_the_core_as_the_place():
    pin = message(location={"latitude": 21.0285123, "longitude": 105.8520449})
    venue = message(location={"latitude": 10.7797838, "longitude": 106.6990184},
                    venue={"location": {"latitude": 10.7797838, "longitude": 106.6990184},
                           "title": "Nhà thờ Đức Bà", "address": "01 Công xã Paris"})
    event = incoming_from_messages([parse({"message": pin}).message])
    assert event.location == Location(21.0285123, 105.8520449)
    assert event.text is None and event.attachments == ()
    event = incoming_from_messages([parse({"message": venue}).message])
    assert event.location == Location(10.7797838, 106.6990184, "Nhà thờ Đức Bà",
                                      "01 Công xã Paris")


async def test_the_citizens_router_hands_a_location_to_the_core():
    router = citizen_router(SlidingWindow(100, 60.0))
    update = parse({"message": message(location={"latitude": 21.02851, "longitude": 105.85204})})
    decoded = await router.propagate_event("message", update.message,
                                           event_from_user=update.message.from_user)
    assert isinstance(decoded, CitizenTurn)
    assert decoded.event.location == Location(21.02851, 105.85204)
    # A live location moving on: edits nobody answers (no «edited» notice at each move).
    moved = parse({"edited_message": message(location={"latitude": 21.0286, "longitude": 105.8521},
                                             edit_date=2)})
    decoded = await router.propagate_event("edited_message", moved.edited_message,
                                           event_from_user=moved.edited_message.from_user)
    assert decoded is UNHANDLED
    edited = parse({"edited_message": message(text="sửa lại", edit_date=2)})
    decoded = await router.propagate_event("edited_message", edited.edited_message,
                                           event_from_user=edited.edited_message.from_user)
    assert isinstance(decoded, Notice) and decoded.key == "error.edited"


def test_callback_data_is_the_payload():
    query = {"id": "q", "from": USER, "chat_instance": "c", "data": "file:confirm",
             "message": message(text="x")}
    event = incoming_from_callback(parse({"callback_query": query}).callback_query)
    assert event.payload == "file:confirm" and event.text is None


def test_lanes_and_albums():
    assert lane_of({"update_id": 1, "message": message(text="x")}) == "42"
    assert lane_of({"update_id": 1, "callback_query": {"from": {"id": 7}}}) == "7"
    assert lane_of({"update_id": 1}) == "0"
    assert album_of({"message": message(media_group_id="g1")}) == "g1"
    assert album_of({"callback_query": {}}) is None
