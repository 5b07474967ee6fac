"""What the core hears of Zalo events that are not as documented: nothing raises."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.core.messages import Channel, Incoming, Location, UserRef
from handlers.zalo.mapping import Notice, event_of, key_of

SENDER = {"sender": {"id": "8412"}}
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("attachments", [7, "x", {"payload": {}}, None])
def test_a_file_event_with_malformed_attachments_gets_a_polite_notice(attachments):
    event = {**SENDER, "event_name": "user_send_image",
             "message": {"attachments": attachments}}
    assert isinstance(event_of(event), Notice)


def test_a_link_event_with_malformed_attachments_is_still_read_as_text():
    event = {**SENDER, "event_name": "user_send_link",
             "message": {"text": "xem trang này", "attachments": 3}}
    heard = event_of(event)
    assert isinstance(heard, Incoming) and heard.text == "xem trang này"


def test_a_shared_location_reaches_the_core_as_the_place_with_string_coordinates():
    def located(coordinates):
        return {**SENDER, "event_name": "user_send_location",
                "message": {"msg_id": "m9", "attachments": [
                    {"type": "location", "payload": {"coordinates": coordinates}}]}}

    event = located({"latitude": "21.0285123", "longitude": "105.8520449"})
    assert key_of(event, HANOI) == "m9"
    assert event_of(event) == Incoming(UserRef(Channel.ZALO, "8412"),
                                       location=Location(21.0285123, 105.8520449))
    assert event_of(located({"latitude": 10.77978, "longitude": 106.69902})).location == (
        Location(10.77978, 106.69902))
    # Coordinates that are no numbers: the polite answer, as for any location it cannot use.
    for unreadable in (None, {}, {"latitude": "x", "longitude": "1"},
                       {"latitude": "nan", "longitude": "1"}):
        assert event_of(located(unreadable)) == Notice(UserRef(Channel.ZALO, "8412"),
                                                       "error.location")


def test_an_anonymous_message_without_its_conversation_is_not_answered():
    event = {"event_name": "anonymous_send_text", "sender": {"id": "a1"},
             "message": {"msg_id": "m1", "text": "Xin chào"}}
    assert event_of(event) is None


def test_an_anonymous_message_is_heard_apart_from_followers_with_its_conversation():
    event = {"event_name": "anonymous_send_text", "sender": {"id": "8412"},
             "message": {"msg_id": "m2", "text": "Xin chào", "conversation_id": "c9"}}
    heard = event_of(event)
    assert isinstance(heard, Incoming) and heard.user.external_id != "8412"
    assert heard.reply_to == "c9" and heard.text == "Xin chào"


def test_an_anonymous_sticker_is_answered_in_its_conversation():
    event = {"event_name": "anonymous_send_sticker", "sender": {"id": "8412"},
             "message": {"msg_id": "m3", "conversation_id": "c9", "attachments": []}}
    assert key_of(event, HANOI) == "m3"
    assert event_of(event) == Notice(UserRef(Channel.ZALO, "anon:8412"), "error.sticker", "c9")


def test_chat_now_twice_the_same_day_is_one_stored_event():
    day = 1_764_806_400_000  # 2025-12-04 00:00 UTC, in milliseconds
    first = {"event_name": "user_click_chatnow", "user_id": "8412", "timestamp": str(day + 1)}
    again = first | {"timestamp": str(day + 3_600_000)}
    tomorrow = first | {"timestamp": str(day + 86_400_000)}
    assert key_of(first, HANOI) == key_of(again, HANOI) != key_of(tomorrow, HANOI)


def test_chat_now_is_keyed_by_the_day_in_hanoi():
    def opened(utc_ms: int) -> str | None:
        return key_of({"event_name": "user_click_chatnow", "user_id": "8412",
                       "timestamp": str(utc_ms)}, HANOI)

    evening = 1_764_783_000_000  # 2025-12-03 17:30 UTC: 00:30 on 4/12 in Hà Nội
    assert opened(evening - 3_600_000) != opened(evening)  # 23:30 on 3/12 there
    assert opened(evening) == opened(evening + 7 * 3_600_000)  # 07:30, past UTC's midnight
    assert opened(10 ** 30) is not None  # no time at all: still a key, nothing raises
