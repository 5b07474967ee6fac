"""The personal-data notice a citizen reads before any personal detail: the controller, the
legal basis (consent, or the law for a khiếu nại or tố cáo), the recipients, the transfer to
Telegram's servers abroad only where a staff group is configured, retention and how to act."""

from __future__ import annotations

import pytest

from tests.core.requests import answer_elements
from tests.transcript import Citizen


async def notice(app, command: str, content: str, field: str) -> str:
    citizen = Citizen(app.conversation)
    await citizen.says(command)
    await citizen.says(content)
    await answer_elements(citizen, command)
    await citizen.presses(field)
    assert "Im lặng không được coi là đồng ý" in citizen.text
    return citizen.text


async def test_a_phan_anh_rests_on_consent_and_stays_at_home_without_telegram(app):
    text = await notice(app, "/phananh", "Đèn tín hiệu ở ngã tư Lê Lợi bị hỏng ba ngày nay.",
                        "Viễn thông")
    assert "Bên kiểm soát dữ liệu: Sở" in text
    assert "Cơ sở pháp lý: sự đồng ý của Ông/Bà" in text
    assert "được xóa sau 5 năm kể từ khi phản ánh được giải quyết xong" in text
    assert "đường dây nóng" in text and "đến trực tiếp" in text
    assert "Telegram" not in text and "nước ngoài" not in text
    assert "{" not in text


@pytest.mark.parametrize("app_settings", [{"telegram_staff_chat_id": -1001,
                                            "retention_days": 730}])
async def test_a_khieu_nai_rests_on_the_law_and_tells_of_the_telegram_transfer(app):
    text = await notice(app, "/khieunai",
                        "Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC vì xử phạt sai đối tượng.",
                        "Khác")
    assert "Cơ sở pháp lý: quy định của Luật Khiếu nại" in text
    assert "rút lại sự đồng ý không làm dừng việc giải quyết khiếu nại" in text
    assert "Luật Lưu trữ" in text and "2 năm" not in text
    assert "Telegram, có máy chủ đặt ở nước ngoài" in text
    assert "chuyển dữ liệu cá nhân ra nước ngoài" in text and "{" not in text


@pytest.mark.parametrize("app_settings", [{"retention_days": 730}])
async def test_the_retention_told_follows_the_setting(app):
    text = await notice(app, "/kiennghi", "Đề nghị lắp thêm đèn chiếu sáng ở ngõ 12 phố Huế.",
                        "Viễn thông")
    assert "được xóa sau 2 năm kể từ khi kiến nghị được giải quyết xong" in text
