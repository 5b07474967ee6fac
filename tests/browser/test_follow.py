"""Following a request from another device, in headless Chromium: a citizen files a phản ánh
with their phone in the portal widget, then a second browser profile (fresh cookies and
storage) opens its status with the code and the phone's last four digits, and with the
personal link the chat gave; the page shows the status and nothing personal."""

from __future__ import annotations

import re

from tests.browser.conftest import (
    axe_violations,
    new_browser,
    screenshot,
    selenium_names,
    wait_for,
)
from tests.browser.test_widget import bot_texts, open_widget, press, say

By, Keys = selenium_names()


def file_with_phone(browser, site) -> str:
    open_widget(browser, site)
    say(browser, "/huy")
    say(browser, "/phananh")
    say(browser, "Rác thải đổ trộm ven đường liên xã gây ô nhiễm nhiều tuần nay.")
    press(browser, site.app.conversation.deps.org.fields[-1].name)
    press(browser, "Bỏ qua")
    press(browser, "Tôi đồng ý")
    say(browser, "Lê Văn Cường")
    say(browser, "0987 654 321")
    say(browser, "Thôn Đông, xã Trung tâm")
    press(browser, "Không công khai")
    press(browser, "Xác nhận gửi")
    return re.search(r"PA-2026-\d{5}", bot_texts(browser)[-1]).group(0)


def test_a_second_profile_follows_by_code_and_digits_and_by_the_link(browser, site):
    code = file_with_phone(browser, site)
    press(browser, "Theo dõi trên thiết bị khác")
    link = re.search(r"http://\S+/tra-cuu#\S+", bot_texts(browser)[-1]).group(0)
    screenshot(browser, "08-follow-link-in-chat")

    other = new_browser()
    try:
        other.get(f"{site.pakn}/tra-cuu")
        other.find_element(By.ID, "code").send_keys(code.lower())
        other.find_element(By.ID, "digits").send_keys("1111", Keys.ENTER)
        wait_for(other, lambda d: "Không tìm thấy" in d.find_element(By.ID, "result").text)
        digits = other.find_element(By.ID, "digits")
        digits.clear()
        digits.send_keys("4321", Keys.ENTER)
        result = wait_for(other, lambda d: "Tình trạng" in d.find_element(By.ID, "result").text
                          and d.find_element(By.ID, "result"))
        assert code in result.text and "Đã tiếp nhận" in result.text
        for personal in ("Cường", "0987", "Thôn Đông", "Rác thải"):
            assert personal not in other.page_source
        screenshot(other, "09-follow-by-code")
        assert axe_violations(other) == []
        other.delete_all_cookies()
        other.get(link)
        result = wait_for(other, lambda d: code in d.find_element(By.ID, "result").text
                          and d.find_element(By.ID, "result"))
        assert "Đã tiếp nhận" in result.text
        screenshot(other, "10-follow-by-link")
    finally:
        other.quit()
