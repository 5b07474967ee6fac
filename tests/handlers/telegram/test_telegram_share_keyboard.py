"""A step's share request in a private chat: a one-tap request_location (the files step) or
request_contact (the phone step) button with the step's choices on a one-time reply keyboard,
taken away by the next message (its inline buttons on a second message, since a message
carries one keyboard)."""

from __future__ import annotations

from bot.core.messages import Button, Reply, Share, ShareKind
from tests.fakes.envelopes import envelope

CITIZEN, GROUP = 5551234, -1001234
ASKING = Reply("Ông/Bà có ảnh hoặc tài liệu kèm theo không?",
               (Button("Xong", "file:done"), Button("Bỏ qua", "file:skip"),
                Button("Hủy", "cmd:huy")), share=Share(ShareKind.LOCATION, "📍 Gửi vị trí"))
NEXT = Reply("Thông báo xử lý dữ liệu cá nhân.\nÔng/Bà có đồng ý không?",
             (Button("Tôi đồng ý", "file:consent:yes"),), ends_share=True)


async def test_the_request_is_a_location_button_then_taken_away(telegram):
    api, sender = telegram
    await sender.send(envelope(CITIZEN, ASKING))
    (asked,) = api.sent(CITIZEN)
    markup = asked.params["reply_markup"]
    assert markup["keyboard"][0] == [{"text": "📍 Gửi vị trí", "request_location": True}]
    assert [b["text"] for b in markup["keyboard"][1]] == ["Xong", "Bỏ qua", "Hủy"]
    assert markup["one_time_keyboard"] and markup["resize_keyboard"]
    assert "inline_keyboard" not in markup
    await sender.send(envelope(CITIZEN, NEXT))
    notice, question = api.sent(CITIZEN)[1:]
    assert notice.params["text"] == "Thông báo xử lý dữ liệu cá nhân."
    assert notice.params["reply_markup"] == {"remove_keyboard": True}
    assert question.params["text"] == "Ông/Bà có đồng ý không?"
    assert question.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        "file:consent:yes")
    assert sender.cost(envelope(CITIZEN, NEXT)) == 2


async def test_a_message_without_buttons_takes_it_away_alone(telegram):
    api, sender = telegram
    await sender.send(envelope(CITIZEN, Reply("Đã hủy.", ends_share=True)))
    (sent,) = api.sent(CITIZEN)
    assert sent.params["reply_markup"] == {"remove_keyboard": True}


async def test_a_group_gets_the_inline_buttons_only(telegram):
    api, sender = telegram
    await sender.send(envelope(GROUP, ASKING))
    await sender.send(envelope(GROUP, NEXT))
    asked, following = api.sent(GROUP)
    assert [row[0]["text"] for row in asked.params["reply_markup"]["inline_keyboard"]] == [
        "Xong", "Bỏ qua", "Hủy"]
    assert following.params["text"] == NEXT.text


PHONE = Reply("Xin Ông/Bà nhập số điện thoại liên hệ (ví dụ 0912345678).\nÔng/Bà cũng có thể bấm"
              " nút «📱 Gửi số điện thoại» để gửi số điện thoại đã đăng ký với Telegram.",
              (Button("Bỏ qua", "file:skip"), Button("Hủy", "cmd:huy")),
              share=Share(ShareKind.PHONE, "📱 Gửi số điện thoại"))
TAKEN = Reply("Đã nhận số điện thoại Ông/Bà gửi: 0912***678.", ends_share=True)


async def test_the_phone_step_is_a_contact_button_then_taken_away(telegram):
    api, sender = telegram
    await sender.send(envelope(CITIZEN, PHONE))
    (asked,) = api.sent(CITIZEN)
    assert asked.params["text"] == PHONE.text
    markup = asked.params["reply_markup"]
    assert markup["keyboard"] == [[{"text": "📱 Gửi số điện thoại", "request_contact": True}],
                                  [{"text": "Bỏ qua"}, {"text": "Hủy"}]]
    assert markup["one_time_keyboard"] and "inline_keyboard" not in markup
    await sender.send(envelope(CITIZEN, TAKEN))
    assert api.sent(CITIZEN)[1].params["reply_markup"] == {"remove_keyboard": True}


async def test_a_group_never_gets_the_contact_button(telegram):
    api, sender = telegram
    await sender.send(envelope(GROUP, PHONE))
    (asked,) = api.sent(GROUP)
    assert "keyboard" not in asked.params["reply_markup"]
    assert [row[0]["text"] for row in asked.params["reply_markup"]["inline_keyboard"]] == [
        "Bỏ qua", "Hủy"]


BACK_TO_FIELD = Reply("Nội dung này thuộc lĩnh vực nào?",
                      (Button("Bưu chính", "file:field:buu_chinh"), Button("Hủy", "cmd:huy")),
                      ends_share=True, buttons_line="Ông/Bà có thể bấm nút bên dưới.")


async def test_a_one_sentence_question_after_it_still_takes_it_away(telegram):
    """Nowhere to cut the question: it takes the keyboard away whole, and its buttons follow
    under the core's line, never under an empty text."""
    api, sender = telegram
    await sender.send(envelope(CITIZEN, ASKING))
    await sender.send(envelope(CITIZEN, BACK_TO_FIELD))
    question, buttons = api.sent(CITIZEN)[1:]
    assert question.params["text"] == "Nội dung này thuộc lĩnh vực nào?"
    assert question.params["reply_markup"] == {"remove_keyboard": True}
    assert buttons.params["text"] == "Ông/Bà có thể bấm nút bên dưới."
    assert [row[0]["callback_data"] for row in buttons.params["reply_markup"]["inline_keyboard"]
            ] == ["file:field:buu_chinh", "cmd:huy"]
    assert sender.cost(envelope(CITIZEN, BACK_TO_FIELD)) == 2
