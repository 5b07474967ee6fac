"""The portal widget in headless Chromium, as a citizen uses it: one script tag on a portal
page of another site opens the chat; a question gets its answer; a phản ánh is filed with a
photo that the summary counts; a reload mid-flow carries on; the keyboard alone is enough;
axe-core finds no serious violation."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.browser.conftest import axe_violations, screenshot, selenium_names, wait_for

By, Keys = selenium_names()


def open_widget(browser, site):
    """The portal page with the panel opened; the driver is left inside the chat's frame."""
    browser.switch_to.default_content()
    browser.get(site.portal_page)
    launcher = wait_for(browser, lambda d: d.find_element(By.ID, "pakn-launcher"))
    if launcher.get_attribute("aria-expanded") != "true":
        launcher.click()
    frame = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#pakn-panel iframe"))
    browser.switch_to.frame(frame)
    wait_for(browser, lambda d: bot_texts(d))


def bot_texts(browser) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.bot")]


def say(browser, text: str) -> None:
    """Types into the box and presses Enter, then waits for the answer."""
    before = len(bot_texts(browser))
    box = browser.find_element(By.ID, "text")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: len(bot_texts(d)) > before
             and d.find_element(By.ID, "typing").get_attribute("hidden") is not None)


def press(browser, label: str) -> None:
    """Presses the newest choice button that reads `label`, and waits for the answer."""
    before = len(bot_texts(browser))
    buttons = [b for b in browser.find_elements(By.CSS_SELECTOR, ".choices button")
               if b.text.strip() == label]
    assert buttons, f"no button «{label}»"
    buttons[-1].click()
    wait_for(browser, lambda d: len(bot_texts(d)) > before
             and d.find_element(By.ID, "typing").get_attribute("hidden") is not None)


def png(path: Path) -> Path:
    """A small real PNG (a photo stand-in): 8×8 red pixels."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2,
                                                                          0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_the_script_tag_opens_the_chat_and_a_question_gets_its_answer(browser, site):
    browser.get(site.portal_page)
    screenshot(browser, "01-portal-with-launcher")
    open_widget(browser, site)
    assert "Xin chào" in bot_texts(browser)[0]
    header = browser.find_element(By.CSS_SELECTOR, ".pakn-header .agency").text
    assert header == site.app.conversation.deps.org.name
    footer = browser.find_element(By.CSS_SELECTOR, ".pakn-footer").text
    assert site.app.conversation.deps.org.hotline in footer
    screenshot(browser, "02-widget-welcome")
    say(browser, "thu tuc cap lai giay phep buu chinh")
    assert any("Câu hỏi" in text or "câu" in text for text in bot_texts(browser)[1:])
    screenshot(browser, "03-question-answered")


def test_a_phan_anh_with_a_photo_is_counted_in_the_summary_after_a_reload(browser, site,
                                                                           tmp_path):
    open_widget(browser, site)
    say(browser, "/phananh")
    say(browser, "Đèn tín hiệu giao thông tại ngã tư Trung tâm bị hỏng nhiều ngày nay.")
    fields = site.app.conversation.deps.org.fields
    press(browser, fields[0].name)
    assert "ảnh" in bot_texts(browser)[-1]
    before = len(bot_texts(browser))
    upload = browser.find_element(By.ID, "file")
    browser.execute_script("arguments[0].classList.remove('visually-hidden')", upload)
    upload.send_keys(str(png(tmp_path / "den-hong.png")))
    wait_for(browser, lambda d: len(bot_texts(d)) > before)
    assert "Đã nhận 1/" in bot_texts(browser)[-1]
    stored = list(site.storage.glob("*/*.png"))
    assert len(stored) == 1 and stored[0].read_bytes()[:4] == b"\x89PNG"
    screenshot(browser, "04-photo-attached")

    browser.refresh()  # mid-flow: the conversation comes back and the draft goes on
    open_widget(browser, site)
    assert any("Đã nhận 1/" in text for text in bot_texts(browser))
    press(browser, "Xong")
    press(browser, "Gửi không kèm liên hệ")
    press(browser, "Không công khai")
    summary = bot_texts(browser)[-1]
    assert "Tệp đính kèm: 1" in summary
    screenshot(browser, "05-summary-counts-the-photo")
    press(browser, "Xác nhận gửi")
    assert "PA-2026-" in bot_texts(browser)[-1]


def test_axe_finds_no_serious_violation_in_the_widget_or_the_page(browser, site):
    open_widget(browser, site)
    assert axe_violations(browser) == []
    browser.switch_to.default_content()
    assert axe_violations(browser) == []
    browser.get(f"{site.pakn}/?lang=en")
    wait_for(browser, lambda d: bot_texts(d))
    assert axe_violations(browser) == []


def active_id(browser) -> str:
    return browser.execute_script("return document.activeElement && document.activeElement.id")


def keys(browser, *typed, shift: bool = False) -> None:
    """Keys pressed on whatever has the focus (a new action chain each time)."""
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(browser)
    if shift:
        chain.key_down(Keys.SHIFT)
    chain.send_keys(*typed)
    if shift:
        chain.key_up(Keys.SHIFT)
    chain.perform()


def test_the_keyboard_alone_opens_asks_and_closes(browser, site):
    browser.switch_to.default_content()
    browser.get(site.portal_page)
    wait_for(browser, lambda d: d.find_elements(By.ID, "pakn-launcher"))
    browser.execute_script("sessionStorage.clear()")
    browser.refresh()
    wait_for(browser, lambda d: d.find_elements(By.ID, "pakn-launcher"))
    for _ in range(5):  # the portal's own link, then the launcher
        if active_id(browser) == "pakn-launcher":
            break
        keys(browser, Keys.TAB)
    assert active_id(browser) == "pakn-launcher"
    keys(browser, Keys.ENTER)
    frame = browser.find_element(By.CSS_SELECTOR, "#pakn-panel iframe")
    browser.switch_to.frame(frame)
    wait_for(browser, lambda d: bot_texts(d) and active_id(d) == "text")
    keys(browser, "hoi ve thu tuc")
    keys(browser, Keys.ENTER, shift=True)  # a new line, not sent
    assert browser.find_element(By.ID, "text").get_attribute("value") == "hoi ve thu tuc\n"
    before = len(bot_texts(browser))
    keys(browser, "cap giay phep buu chinh", Keys.ENTER)
    wait_for(browser, lambda d: len(bot_texts(d)) > before)
    assert "hoi ve thu tuc\ncap giay phep" in browser.find_elements(
        By.CSS_SELECTOR, ".msg.me")[-1].text
    keys(browser, Keys.TAB, shift=True)  # back from the box: the attach button
    assert active_id(browser) == "attach"
    screenshot(browser, "06-keyboard-focus")
    keys(browser, Keys.ESCAPE)
    browser.switch_to.default_content()
    wait_for(browser, lambda d: d.find_element(By.ID, "pakn-panel").get_attribute("hidden"))
    assert active_id(browser) == "pakn-launcher"


def test_the_limit_is_shown_and_a_longer_text_is_not_sent(browser, site):
    open_widget(browser, site)
    limit = site.app.conversation.deps.limits.max_text_length
    box = browser.find_element(By.ID, "text")
    browser.execute_script(
        "arguments[0].value = 'a'.repeat(arguments[1]);"
        "arguments[0].dispatchEvent(new Event('input'));", box, limit + 1)
    counter = browser.find_element(By.ID, "counter")
    assert counter.text == f"{limit + 1}/{limit} ký tự"
    assert counter.get_attribute("class") == "over"
    assert not browser.find_element(By.ID, "send").is_enabled()
    box.send_keys(Keys.ENTER)
    assert box.get_attribute("value") == "a" * (limit + 1)  # kept, nothing cut
    box.send_keys(Keys.BACKSPACE, Keys.BACKSPACE)
    assert browser.find_element(By.ID, "send").is_enabled()
    box.clear()


def test_a_message_typed_offline_is_kept_and_sent_again(browser, site):
    browser.switch_to.default_content()
    browser.get(f"{site.pakn}/")  # the standalone page runs the same script
    wait_for(browser, lambda d: bot_texts(d))
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    box = browser.find_element(By.ID, "text")
    box.send_keys("Cho hỏi giờ làm việc của bộ phận một cửa", Keys.ENTER)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.failed button"))
    assert "Cho hỏi giờ làm việc" in browser.find_element(By.CSS_SELECTOR, ".msg.failed").text
    screenshot(browser, "07-offline-kept")
    before = len(bot_texts(browser))
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    # Back online: the kept message goes by itself (or with «Gửi lại»), once.
    wait_for(browser, lambda d: len(bot_texts(d)) > before and not d.find_elements(
        By.CSS_SELECTOR, ".msg.failed"))
    mine = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.me")]
    assert sum("Cho hỏi giờ làm việc" in text for text in mine) == 1


def test_a_language_chosen_in_the_chat_holds_for_the_next_messages(browser, site):
    """The page is Vietnamese; the citizen types "/english": the next replies are English, not
    switched back by the page's own language (sent with its first message only)."""
    open_widget(browser, site)
    say(browser, "/english")
    assert bot_texts(browser)[-1].startswith("Hello")
    say(browser, "/help")
    assert bot_texts(browser)[-1].startswith("You can:")
    say(browser, "tiếng Việt")
    say(browser, "/help")
    assert bot_texts(browser)[-1].startswith("Ông/Bà có thể:")
