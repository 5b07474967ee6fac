"""The public Hỏi - Đáp column in headless Chromium, as a citizen reads it on a phone and on a
desktop: search, filter, follow a permalink and come back; axe-core finds no serious
violation; the page fits the phone's width."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.tickets import TicketType
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    screenshot,
    selenium_names,
    wait_for,
)
from tests.handlers.column_items import publish

By, Keys = selenium_names()
AT = datetime(2026, 2, 2, 3, 0, tzinfo=UTC)
ITEMS = [
    ("Xin giấy phép bưu chính lần đầu cần những giấy tờ gì?",
     "Hồ sơ gồm: đơn đề nghị cấp giấy phép bưu chính;\nbản sao giấy chứng nhận đăng ký doanh "
     "nghiệp;\nphương án kinh doanh. Nộp trực tuyến trên Cổng Dịch vụ công.", "buu_chinh"),
    ("Trạm phát sóng đặt gần nhà có ảnh hưởng đến sức khỏe không?",
     "Trạm phát sóng được kiểm định an toàn bức xạ trước khi hoạt động; người dân có thể đề "
     "nghị Sở kiểm tra.", "vien_thong"),
    ("Bị lừa đảo chuyển tiền qua mạng thì báo cho cơ quan nào?",
     "Báo ngay cho ngân hàng để phong tỏa giao dịch và trình báo công an nơi gần nhất.",
     "an_toan_thong_tin"),
    ("Hồ sơ trực tuyến mã H56260310000123456789012345678901234567890123456789 tra ở đâu?",
     "Tra tại mục Tra cứu hồ sơ của Cổng Dịch vụ công bằng mã hồ sơ.", "thu_tuc"),
]


@pytest.fixture(scope="module")
def column(site):
    """Three published items, a tố cáo's item that must never show, and their ids."""
    ids = [site.run(publish(site.app, q, a, field=f, at=AT + timedelta(days=n)))
           for n, (q, a, f) in enumerate(ITEMS)]
    site.run(publish(site.app, "Tố cáo cán bộ nhận hối lộ", "Đã xử lý.", at=AT,
                     kind=TicketType.TO_CAO))
    return ids


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_the_column_and_follow_a_permalink(browser, site, column, size):
    browser.set_window_size(*size)
    browser.get(f"{site.pakn}/hoi-dap")
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".qa h2")]
    assert titles == [q for q, _a, _f in reversed(ITEMS)]  # newest first
    assert "Tố cáo" not in browser.find_element(By.TAG_NAME, "body").text
    width = browser.execute_script("return document.documentElement.scrollWidth")
    # No sideways scroll, even with a code typed without a space (the last item).
    assert width <= browser.execute_script("return window.innerWidth")
    if size == PHONE:
        screenshot(browser, "column-list")
        assert axe_violations(browser) == []

    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("giay phep buu chinh", Keys.ENTER)  # typed without diacritics
    wait_for(browser, lambda d: "q=giay" in d.current_url)
    found = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".qa h2")]
    assert found == [ITEMS[0][0]]
    assert "1 kết quả phù hợp" in browser.find_element(By.CSS_SELECTOR, ".column-count").text
    if size == PHONE:
        screenshot(browser, "column-search")

    browser.find_element(By.LINK_TEXT, ITEMS[0][0]).click()
    wait_for(browser, lambda d: d.current_url.endswith(f"/hoi-dap/{column[0]}"))
    assert browser.title.startswith("Xin giấy phép bưu chính lần đầu")
    canonical = browser.find_element(By.CSS_SELECTOR, "link[rel=canonical]")
    assert canonical.get_attribute("href").endswith(f"/hoi-dap/{column[0]}")
    answer = browser.find_element(By.CSS_SELECTOR, ".answer").text
    assert "phương án kinh doanh" in answer and "Bưu chính" in browser.page_source
    if size == PHONE:
        screenshot(browser, "column-permalink")
        assert axe_violations(browser) == []
    browser.find_element(By.CSS_SELECTOR, ".back a").click()
    wait_for(browser, lambda d: d.current_url.endswith("/hoi-dap"))


def test_filter_by_field_with_the_keyboard_alone(browser, site, column):
    browser.set_window_size(*DESKTOP)
    browser.get(f"{site.pakn}/hoi-dap")
    field = browser.find_element(By.ID, "field")
    field.send_keys("Viễn thông")  # a select takes typed text as a choice
    field.send_keys(Keys.SHIFT, Keys.TAB)  # back to the search button (before the filters)
    focused = browser.switch_to.active_element
    assert focused.text == "Tìm"
    focused.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: "field=vien_thong" in d.current_url)
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".qa h2")]
    assert titles == [ITEMS[1][0]]
    screenshot(browser, "column-field")
