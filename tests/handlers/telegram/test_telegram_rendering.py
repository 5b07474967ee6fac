"""Replies as Telegram messages: keyboards, callback data limits, splitting under 4,096."""

from __future__ import annotations

from bot.core.messages import Button
from handlers.telegram.keyboards import MAX_TEXT, keyboard, pieces


def rows(markup):
    return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]


def test_one_button_per_row_and_short_labels_side_by_side():
    buttons = [Button("Gửi phản ánh", "cmd:phananh"), *(Button(str(n), f"rate:PA-1:{n}")
                                                        for n in range(1, 6)), Button("Hủy", "x")]
    assert [len(row) for row in rows(keyboard(buttons))] == [1, 5, 1]


def test_payload_over_64_bytes_is_left_out_not_sent():
    long = "file:field:" + "đ" * 30  # 71 bytes in UTF-8, 41 characters
    markup = keyboard([Button("Khác", long), Button("Hủy", "cmd:huy")])
    assert rows(markup) == [[("Hủy", "cmd:huy")]]
    assert keyboard([Button("Khác", long)]) is None


def test_long_text_is_split_and_the_keyboard_goes_last():
    text = ("Đoạn văn trả lời. " * 300 + "\n\n") * 2
    parts = pieces(text, [Button("Về menu", "cmd:start")])
    assert len(parts) == 3 and all(len(p.text) <= MAX_TEXT for p in parts)
    assert [p.keyboard is not None for p in parts] == [False, False, True]
    assert "".join(p.text for p in parts).replace(" ", "").replace("\n", "") == text.replace(
        " ", "").replace("\n", "")


def test_short_text_is_one_piece():
    assert [p.text for p in pieces("Xin chào", [])] == ["Xin chào"]
