"""The chat as a screen-reader and keyboard user meets it, in headless Chromium: a new bot
message reaches the polite live region alone (the log is never put back whole), every control
has a Vietnamese name, the keyboard goes to a bot's button and back to the box."""

from __future__ import annotations

from tests.browser.conftest import selenium_names, wait_for
from tests.browser.test_widget import active_id, bot_texts, keys, say

By, Keys = selenium_names()
# What the log's live region receives: each element added to it, as its class and text.
WATCH_LOG = """
window.paknAdded = [];
new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach(
  (node) => node.nodeType === 1 && window.paknAdded.push(node.className + ' | ' +
                                                         node.textContent))))
  .observe(document.getElementById('log'), {childList: true});
"""


def fresh_chat(browser, site, path: str = "/") -> None:
    """The chat page with a new conversation (this tab's storage emptied)."""
    browser.get(f"{site.pakn}{path}")
    browser.execute_script("sessionStorage.clear()")
    browser.refresh()
    wait_for(browser, lambda d: bot_texts(d) and d.find_elements(By.CSS_SELECTOR, ".choices"))


def added(browser) -> list[str]:
    return browser.execute_script("return window.paknAdded")


def network(browser, offline: bool) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def test_the_controls_have_vietnamese_names(browser, site):
    fresh_chat(browser, site)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    names = {key: browser.find_element(By.ID, key).accessible_name
             for key in ("text", "attach", "send", "log")}
    assert names == {"text": "Nội dung tin nhắn", "attach": "Đính kèm ảnh hoặc tệp PDF",
                     "send": "Gửi", "log": "Nội dung trò chuyện"}
    log = browser.find_element(By.ID, "log")
    assert (log.get_attribute("role"), log.get_attribute("aria-live")) == ("log", "polite")
    for button in browser.find_elements(By.CSS_SELECTOR, ".choices button"):
        assert button.tag_name == "button" and button.accessible_name
    browser.get(f"{site.pakn}/?lang=en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.ID, "text").accessible_name == "Your message"


def test_the_live_region_receives_each_new_message_once(browser, site):
    """A question, then one typed offline: only the new messages reach the region; the
    welcome is never added (so never read out) again."""
    fresh_chat(browser, site)
    welcome = bot_texts(browser)[0]
    browser.execute_script(WATCH_LOG)
    say(browser, "/help")
    reply = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
    assert browser.execute_script(
        "return arguments[0].closest('[aria-live]').getAttribute('aria-live')", reply) == "polite"
    messages = [line for line in added(browser) if line.startswith("msg ")]
    assert [line.split(" | ")[0] for line in messages] == ["msg me", "msg bot"]
    assert "Ông/Bà có thể:" in messages[1]

    browser.execute_script("window.paknAdded = []")
    network(browser, offline=True)
    try:
        browser.find_element(By.ID, "text").send_keys("Cho hỏi giờ làm việc", Keys.ENTER)
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.failed button"))
        assert any("Chưa gửi được" in line for line in added(browser))  # the failure is read
    finally:
        network(browser, offline=False)
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".msg.failed")
             and "Cho hỏi giờ làm việc" in d.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text
             and d.find_element(By.ID, "typing").get_attribute("hidden") is not None)
    assert not any(welcome[:40] in line or "(/phananh)" in line for line in added(browser))
    mine = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.me")]
    assert sum("Cho hỏi giờ làm việc" in text for text in mine) == 1


def test_the_keyboard_reaches_a_bot_button_and_comes_back_to_the_box(browser, site):
    fresh_chat(browser, site)
    for _ in range(12):  # the language link, the log, then the welcome's buttons
        keys(browser, Keys.TAB)
        if browser.execute_script("return !!document.activeElement.closest('.choices')"):
            break
    button = browser.switch_to.active_element
    assert button.tag_name == "button" and button.text == "Hỏi - Đáp"
    assert button.value_of_css_property("outline-style") == "solid"  # the ring is seen
    before = len(bot_texts(browser))
    keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: len(bot_texts(d)) > before and active_id(d) == "text")
    assert "Mời Ông/Bà gõ câu hỏi" in bot_texts(browser)[-1]

    keys(browser, "gio lam viec")  # sent with the send button this time, still by keyboard
    keys(browser, Keys.TAB)
    assert active_id(browser) == "send"
    before = len(bot_texts(browser))
    keys(browser, Keys.ENTER)
    wait_for(browser, lambda d: len(bot_texts(d)) > before and active_id(d) == "text")
