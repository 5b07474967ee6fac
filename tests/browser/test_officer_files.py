"""An officer's photo answering a request filed in the portal's widget shows in the chat, in
the third-party frame: the page fetches the session-bound link with its own session header
and shows the picture (the frame's CSP lets a fetched picture in)."""

from __future__ import annotations

from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from bot.core.staff.reply_files import StaffFile
from handlers.file_store import FileStore
from tests.browser.conftest import screenshot, selenium_names, wait_for
from tests.browser.test_widget import open_widget, png, press, say

By, _ = selenium_names()
OFFICER = 4001


def test_an_officers_photo_shows_in_the_widget(browser, site, tmp_path):
    open_widget(browser, site)
    say(browser, "/phananh")
    say(browser, "Biển báo giao thông ở ngã ba chợ Cầu bị đổ từ hôm qua.")
    press(browser, site.app.conversation.deps.org.fields[0].name)
    press(browser, "Bỏ qua")
    press(browser, "Gửi không kèm liên hệ")
    press(browser, "Không công khai")
    press(browser, "Xác nhận gửi")
    code = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text.split(
        "Mã tra cứu: ")[1].split()[0]
    content = png(tmp_path / "bien-bao.png").read_bytes()

    async def answer() -> None:
        stored, _ = await FileStore(site.storage).save(content, "png")
        async with site.app.uow() as work:
            await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer"))
            ticket = await work.tickets.by_code(code)
            await work.commit()
        photo = StaffFile("photo", "AgAC-bien-bao", "bien-bao.png", len(content), "image/png",
                          stored)
        await site.app.staff.handle(StaffEvent(OFFICER, text="Biển báo đã được dựng lại.",
                                               ticket_id=ticket.id, files=(photo,)))

    site.run(answer())
    image = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".msg.bot img.file"),
                     timeout=30)
    wait_for(browser, lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth", image) == 8)
    assert "Biển báo đã được dựng lại." in image.find_element(By.XPATH, "..").text
    screenshot(browser, "06-officer-photo")
