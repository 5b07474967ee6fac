"""The chat, the follow page and the column as a screen-reader user and an elderly citizen with
200% text on a phone meet them, in headless Chromium: a new bot message reaches the polite
live region alone (the log is never put back whole), every control has a Vietnamese name, the
keyboard goes to a bot's button and back to the box, and at 200% zoom on a 360 px phone (a
180 px wide viewport) nothing runs off the side and the conversation is not squeezed away."""

from __future__ import annotations

import pytest

from tests.browser.conftest import selenium_names, wait_for
from tests.browser.test_column import AT, ITEMS
from tests.browser.test_widget import active_id, bot_texts, keys, say
from tests.handlers.column_items import publish

By, Keys = selenium_names()
# A 360×740 phone at 200%: the page lays out in 180×370 CSS pixels.
ZOOMED_PHONE = {"width": 180, "height": 370, "deviceScaleFactor": 2, "mobile": True}
# What the log's live region receives: each element added to it, as its class and text.
WATCH_LOG = """
window.paknAdded = [];
new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach(
  (node) => node.nodeType === 1 && window.paknAdded.push(node.className + ' | ' +
                                                         node.textContent))))
  .observe(document.getElementById('log'), {childList: true});
"""
# Elements cut off at either side of the viewport or wider than it, and containers whose
# content is wider than they are; the visually hidden texts and the skip link (off to the
# left until focused) are meant to be out of sight.
SIDEWAYS = """
const width = document.documentElement.clientWidth, out = [];
for (const e of document.querySelectorAll('body *')) {
  if (e.closest('.visually-hidden')) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right > width + 1 || (r.left < -1 && r.right > 0)) {
    out.push(`${e.tagName}.${e.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
}
const boxes = '.pakn-header, .pakn-header .titles, .pakn-footer, main, #log, .composer, .card, '
  + '#pakn-launcher';
for (const e of [document.documentElement, ...document.querySelectorAll(boxes)]) {
  if (e.scrollWidth > e.clientWidth + 1) {
    out.push('wider inside: ' + e.tagName + '.' + e.className + ' ' + e.scrollWidth);
  }
}
return out;
"""
# The box and its buttons cut off at the bottom by a container that hides what overflows.
CLIPPED = """
const out = [];
for (const id of ['attach', 'text', 'send']) {
  const e = document.getElementById(id), r = e.getBoundingClientRect();
  for (let a = e.parentElement; a; a = a.parentElement) {
    const style = getComputedStyle(a), box = a.getBoundingClientRect();
    if (['hidden', 'clip'].includes(style.overflowY) && r.bottom > box.bottom + 1) {
      out.push(`#${id} in ${a.tagName}.${a.className}`);
    }
  }
}
return out;
"""


@pytest.fixture(scope="module")
def item(site) -> int:
    """A published column item whose question holds a code typed without a space."""
    question, answer, field = ITEMS[-1]
    return site.run(publish(site.app, question, answer, field=field, at=AT))


def fresh_chat(browser, site, path: str = "/") -> None:
    """The chat page with a new conversation (this tab's storage emptied)."""
    browser.get(f"{site.pakn}{path}")
    wait_for(browser, lambda d: bot_texts(d))  # else the welcome, arriving late, is kept
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
    locate = browser.find_element(By.ID, "locate")
    assert not locate.is_displayed()  # shown only while a filing asks for the place
    browser.execute_script("arguments[0].hidden = false", locate)
    names = {key: browser.find_element(By.ID, key).accessible_name
             for key in ("text", "attach", "locate", "send", "log")}
    assert names == {"text": "Nội dung tin nhắn", "attach": "Đính kèm ảnh hoặc tệp PDF",
                     "locate": "Gửi vị trí", "send": "Gửi", "log": "Nội dung trò chuyện"}
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


@pytest.mark.parametrize("path", ["/", "/widget", "/widget?lang=en", "/tra-cuu", "/hoi-dap",
                                  "item", "portal"])
def test_nothing_runs_off_the_side_at_200_percent_on_a_phone(browser, site, item, path):
    chat = path == "/" or path.startswith("/widget")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", ZOOMED_PHONE)
    try:
        if path == "portal":
            browser.get(site.portal_page)
            wait_for(browser, lambda d: d.find_elements(By.ID, "pakn-launcher"))
        else:
            browser.get(site.pakn + (f"/hoi-dap/{item}" if path == "item" else path))
        if chat:
            wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".choices button"))
        if path == "/tra-cuu":  # the answer card too
            browser.find_element(By.ID, "code").send_keys("PA-2026-99999")
            browser.find_element(By.ID, "digits").send_keys("1234", Keys.ENTER)
            wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#result .card"))
        assert browser.execute_script("return window.innerWidth") == 180
        assert browser.execute_script(SIDEWAYS) == []
        if chat:  # the conversation is read, and the box reached, by scrolling
            assert browser.find_element(By.ID, "log").size["height"] >= 120
            assert browser.execute_script(CLIPPED) == []
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_launcher_shows_its_own_focus_ring_on_the_portal(browser, site):
    """The portal's styles are not ours: the launcher draws a ring a keyboard user sees."""
    browser.get(site.portal_page)
    wait_for(browser, lambda d: d.find_elements(By.ID, "pakn-launcher"))
    for _ in range(5):  # the portal's own link, then the launcher
        if active_id(browser) == "pakn-launcher":
            break
        keys(browser, Keys.TAB)
    launcher = browser.switch_to.active_element
    assert launcher.get_attribute("id") == "pakn-launcher"
    assert (launcher.value_of_css_property("outline-style"),
            launcher.value_of_css_property("outline-width")) == ("solid", "3px")
    keys(browser, Keys.TAB, shift=True)  # away: no ring left behind
    assert launcher.value_of_css_property("outline-style") == "none"
