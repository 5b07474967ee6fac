"""«📍 Gửi vị trí» in the portal's widget, in headless Chromium with its position emulated: shown
only while the bot asks for the place (the files step of a phản ánh), the frame may ask for the
position (`allow="geolocation"`), the place reaches the phản ánh being filed and is confirmed;
refused, the chat asks for the address as text, read out in the log."""

from __future__ import annotations

from tests.browser.conftest import screenshot, selenium_names, wait_for
from tests.browser.test_widget import bot_texts, open_widget, press, say

By, _ = selenium_names()
HO_GUOM = {"latitude": 21.028511, "longitude": 105.852041, "accuracy": 10}


def geolocation(browser, site, setting: str) -> None:
    """The browser's answer to the chat's question, for pakn's frame and the portal around it,
    and the position it reports."""
    for origin in (site.pakn, site.portal):
        browser.execute_cdp_cmd("Browser.setPermission", {
            "permission": {"name": "geolocation"}, "setting": setting, "origin": origin})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", HO_GUOM)


def locate(browser) -> None:
    """Presses «Gửi vị trí» and waits for what the chat adds."""
    before = len(bot_texts(browser))
    button = browser.find_element(By.ID, "locate")
    assert button.is_displayed()
    button.click()
    wait_for(browser, lambda d: len(bot_texts(d)) > before
             and d.find_element(By.ID, "typing").get_attribute("hidden") is not None)


def at_the_files_step(browser, site) -> None:
    """A phản ánh up to the question that offers «Gửi vị trí», hidden before it."""
    open_widget(browser, site)
    say(browser, "/phananh")
    say(browser, "Cột ăng-ten viễn thông trước chợ Hàng Da bị nghiêng, có thể đổ.")
    assert not browser.find_element(By.ID, "locate").is_displayed()
    press(browser, site.app.conversation.deps.org.fields[0].name)


def test_the_place_of_a_phan_anh_is_sent_from_the_widget(browser, site):
    geolocation(browser, site, "granted")
    at_the_files_step(browser, site)
    before = len(bot_texts(browser))
    locate(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text.endswith("📍 Vị trí đã gửi")
    assert any("Đã ghi nhận vị trí sự việc: 21.02851, 105.85204" in text
               for text in bot_texts(browser)[before:])
    screenshot(browser, "11-location-sent")
    press(browser, "Bỏ qua")  # the step left: the button goes
    assert not browser.find_element(By.ID, "locate").is_displayed()


def test_a_refused_position_asks_for_the_address_as_text(browser, site):
    geolocation(browser, site, "denied")
    at_the_files_step(browser, site)
    mine = len(browser.find_elements(By.CSS_SELECTOR, ".msg.me"))
    locate(browser)
    assert "vui lòng nhập địa chỉ hoặc địa điểm xảy ra sự việc bằng chữ" in bot_texts(browser)[-1]
    assert len(browser.find_elements(By.CSS_SELECTOR, ".msg.me")) == mine  # nothing was sent
    log = browser.find_element(By.ID, "log")
    assert log.get_attribute("aria-live") == "polite"
