"""The portal widget in headless Chromium, as a citizen uses it: one script tag on a portal
page of another site opens the chat; a question gets its answer; a phản ánh is filed with a
photo that the summary counts; a reload mid-flow carries on; the keyboard alone is enough;
axe-core finds no serious violation."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("step", ["widget"])
def test_axe_finds_no_serious_violation_in_the_chat(browser, site, step):
    open_widget(browser, site)
    assert axe_violations(browser) == []
    browser.switch_to.default_content()
    assert axe_violations(browser) == []
