"""What the core hears of Zalo events that are not as documented: nothing raises."""

from __future__ import annotations

import pytest

from bot.core.messages import Incoming
from handlers.zalo.mapping import Notice, event_of

SENDER = {"sender": {"id": "8412"}}


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
