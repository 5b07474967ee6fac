"""The public Hỏi - Đáp column over HTTP: newest first, search with the FAQ matcher, filters by
field and month, pages, permalinks, JSON, a valid Atom feed; nothing unapproved, without
consent or about a tố cáo; every typed value escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient

from bot.core.tickets import TicketType
from handlers.column import column_routes
from handlers.http import build_http_app
from tests.handlers.column_items import START, publish
from tests.handlers.endpoints import OPTIONS, endpoints, started

ATOM = "{http://www.w3.org/2005/Atom}"
XSS_Q = '<script>alert("q")</script> Giấy phép bưu chính'
XSS_A = '"><img src=x onerror=alert(1)> Trả lời & hướng dẫn'


@pytest.fixture
async def web(app, clock):
    built = endpoints(app, clock)
    async with TestClient(await started(built.http)) as client:
        yield client
    await built.close()


async def page(web, path: str, status: int = 200) -> str:
    response = await web.get(path)
    assert response.status == status, path
    return await response.text()


async def test_the_list_is_newest_first_plain_html_in_vietnamese(app, web):
    await publish(app, "Xin giấy phép bưu chính lần đầu cần hồ sơ gì?", "Hồ sơ gồm đơn đề nghị.")
    await publish(app, "Trạm phát sóng gần nhà có ảnh hưởng sức khỏe không?",
                  "Trạm được kiểm định an toàn bức xạ.", field="vien_thong",
                  at=START + timedelta(days=3))
    response = await web.get("/hoi-dap")
    html = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    assert response.headers["Cache-Control"] == "no-cache"  # a take-down leaves caches at once
    assert '<html lang="vi">' in html and 'name="viewport"' in html
    assert '<link rel="stylesheet" href="/static/pakn.css">' in html
    assert "<script" not in html and "style=" not in html  # the CSP allows neither
    assert "http://" not in html and "https://" not in html  # no external font or script
    assert html.index("Trạm phát sóng") < html.index("Xin giấy phép bưu chính")
    assert 'href="/hoi-dap/2"' in html and 'href="/hoi-dap/1"' in html
    assert "2 câu hỏi." in html and "Đăng ngày 08/01/2026" in html
    assert "Viễn thông, Internet" in html and "Sở Khoa học và Công nghệ tỉnh Mẫu" in html
    assert "0200 3 800 800" in html  # the hotline in the footer
    assert '<link rel="canonical" href="/hoi-dap">' in html
    css = await web.get("/static/pakn.css")
    assert css.status == 200 and "Hỏi - Đáp column" in await css.text()


async def test_search_uses_the_faq_matcher_with_or_without_diacritics(app, web):
    await publish(app, "Xin giấy phép bưu chính lần đầu cần hồ sơ gì?", "Hồ sơ gồm đơn đề nghị.")
    await publish(app, "Bị lừa đảo chuyển tiền qua mạng thì báo ở đâu?",
                  "Báo ngay cho công an nơi gần nhất.", field="an_toan_thong_tin")
    await publish(app, "Trạm phát sóng gần nhà có ảnh hưởng sức khỏe không?",
                  "Trạm được kiểm định an toàn bức xạ.", field="vien_thong")
    html = await page(web, "/hoi-dap?q=lua+dao+qua+mang")
    assert "Bị lừa đảo" in html and "giấy phép bưu chính" not in html
    assert "1 kết quả phù hợp với «lua dao qua mang»" in html
    assert 'value="lua dao qua mang"' in html  # the box keeps the query
    html = await page(web, "/hoi-dap?q=gi%E1%BA%A5y+ph%C3%A9p+b%C6%B0u+ch%C3%ADnh")
    assert "Xin giấy phép bưu chính" in html and "Bị lừa đảo" not in html
    html = await page(web, "/hoi-dap?q=con+m%C3%A8o+nh%C3%A0+h%C3%A0ng+x%C3%B3m")
    assert "Chưa có câu hỏi nào phù hợp" in html and 'class="column-list"' not in html


async def test_filters_by_field_and_by_month_in_the_agencys_time_zone(app, web):
    await publish(app, "Câu hỏi bưu chính tháng ba", "Trả lời một.",
                  at=datetime(2026, 3, 31, 16, 59, tzinfo=UTC))  # 23:59 on 31/3 in Hà Nội
    await publish(app, "Câu hỏi viễn thông tháng tư", "Trả lời hai.", field="vien_thong",
                  at=datetime(2026, 3, 31, 17, 0, tzinfo=UTC))  # 00:00 on 1/4 in Hà Nội
    html = await page(web, "/hoi-dap?field=vien_thong")
    assert "viễn thông tháng tư" in html and "bưu chính tháng ba" not in html
    assert '<option value="vien_thong" selected>' in html
    html = await page(web, "/hoi-dap?month=2026-03")
    assert "bưu chính tháng ba" in html and "viễn thông tháng tư" not in html
    assert '<option value="2026-04">04/2026</option>' in html
    html = await page(web, "/hoi-dap?month=2026-04&field=buu_chinh")
    assert "Chưa có câu hỏi nào phù hợp" in html
    html = await page(web, "/hoi-dap?month=2026-13&field=nope")
    assert "Bộ lọc không hợp lệ đã được bỏ qua." in html and "2 câu hỏi." in html


async def test_pages_of_ten_with_links_to_the_next_and_previous(app, web):
    for n in range(23):
        await publish(app, f"Câu hỏi số {n:02d} về bưu chính", f"Trả lời {n:02d}.",
                      at=START + timedelta(hours=n))
    first = await page(web, "/hoi-dap")
    assert first.count('<article class="qa card">') == 10 and "Câu hỏi số 22" in first
    assert "Trang 1/3" in first and 'rel="next" href="/hoi-dap?page=2"' in first
    third = await page(web, "/hoi-dap?page=3")
    assert third.count('<article class="qa card">') == 3 and "Câu hỏi số 00" in third
    assert 'rel="prev" href="/hoi-dap?page=2"' in third and 'rel="next"' not in third
    assert "Trang 3/3" in await page(web, "/hoi-dap?page=99")
    searched = await page(web, "/hoi-dap?q=b%C6%B0u+ch%C3%ADnh&month=2026-01&page=2")
    assert 'rel="prev" href="/hoi-dap?q=b%C6%B0u+ch%C3%ADnh&amp;month=2026-01&amp;page=1"' \
        in searched


async def test_a_permalink_has_its_title_and_canonical_link_and_unknown_ones_404(app, web):
    item = await publish(app, "Xin giấy phép bưu chính lần đầu cần hồ sơ gì?",
                         "Hồ sơ gồm:\nđơn đề nghị;\nbản sao giấy chứng nhận doanh nghiệp.")
    html = await page(web, f"/hoi-dap/{item}")
    assert ("<title>Xin giấy phép bưu chính lần đầu cần hồ sơ gì? – Hỏi - Đáp – Sở KH&amp;CN"
            "</title>") in html
    assert f'<link rel="canonical" href="/hoi-dap/{item}">' in html
    assert "<p>đơn đề nghị;</p>" in html and 'name="description"' in html
    hidden = [await publish(app, "Tố cáo cán bộ", "Đã xử lý.", kind=TicketType.TO_CAO),
              await publish(app, "Không đồng ý công khai", "Đã xử lý.", consent=False),
              await publish(app, "Chờ duyệt", "Đã xử lý.", status="proposed"),
              await publish(app, "Bị từ chối", "Đã xử lý.", status="rejected"),
              await publish(app, "Đã gỡ", "Đã xử lý.", status="withdrawn")]
    for path in [*(f"/hoi-dap/{n}" for n in hidden), "/hoi-dap/999", "/hoi-dap/abc",
                 "/hoi-dap/99999999999999999999", "/hoi-dap/%C2%B2"]:
        response = await web.get(path)
        assert response.status == 404 and response.content_type == "text/html", path
        assert "Không tìm thấy câu hỏi này" in await response.text()
    moved = await web.get("/hoi-dap/?q=b%C6%B0u", allow_redirects=False)
    assert moved.status == 301 and moved.headers["Location"] == "/hoi-dap?q=b%C6%B0u"
    listed = await page(web, "/hoi-dap")
    feed = await page(web, "/hoi-dap.atom")
    served = (await (await web.get("/hoi-dap.json")).json())["items"]
    for text in ("Tố cáo cán bộ", "Không đồng ý công khai", "Chờ duyệt", "Bị từ chối", "Đã gỡ"):
        assert text not in listed and text not in feed and text not in str(served)
    assert [i["id"] for i in served] == [item]


async def test_a_take_down_leaves_the_column_at_once_while_the_clock_stands_still(app, web):
    item = await publish(app, "Xin giấy phép bưu chính lần đầu cần hồ sơ gì?", "Hồ sơ gồm đơn.")
    assert "Xin giấy phép bưu chính" in await page(web, "/hoi-dap")
    async with app.uow() as work:  # the same moment on the clock: the cached list is stale
        await work.publications.save(1, status="withdrawn")
        await work.commit()
    assert "Xin giấy phép bưu chính" not in await page(web, "/hoi-dap")
    await page(web, f"/hoi-dap/{item}", status=404)


async def test_json_for_the_portal(app, web):
    item = await publish(app, "Xin giấy phép bưu chính lần đầu cần hồ sơ gì?", "Hồ sơ gồm đơn.")
    response = await web.get("/hoi-dap.json?field=buu_chinh")
    body = await response.json()
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # the portal's script reads it
    assert body["items"] == [{"id": item, "question": "Xin giấy phép bưu chính lần đầu cần hồ "
                              "sơ gì?", "answer": "Hồ sơ gồm đơn.", "field": "buu_chinh",
                              "field_name": "Bưu chính", "published_at": "2026-01-05T03:00:00Z",
                              "url": f"/hoi-dap/{item}"}]
    assert body["total"] == 1 and body["pages"] == 1 and body["months"] == ["2026-01"]
    assert body["fields"] == [{"id": "buu_chinh", "name": "Bưu chính"}]
    bad = await web.get("/hoi-dap.json?month=01-2026")
    assert bad.status == 400 and (await bad.json()) == {"error": "invalid filter"}


def parsed_feed(text: str) -> ET.Element:
    feed = ET.fromstring(text.encode())
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):  # RFC 4287 §4.1.1: required of a feed
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in feed.findall(f"{ATOM}entry"):  # §4.1.2
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        datetime.strptime(entry.findtext(f"{ATOM}updated"), "%Y-%m-%dT%H:%M:%SZ")
    return feed


async def test_an_atom_feed_with_links_to_the_permalinks(app, web):
    older = await publish(app, "Xin giấy phép bưu chính lần đầu?", "Hồ sơ gồm đơn.")
    newer = await publish(app, XSS_Q, XSS_A, at=START + timedelta(days=1))
    response = await web.get("/hoi-dap.atom")
    assert response.status == 200 and response.content_type == "application/atom+xml"
    feed = parsed_feed(await response.text())
    assert feed.findtext(f"{ATOM}updated") == "2026-01-06T03:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"/hoi-dap/{newer}", f"/hoi-dap/{older}"]
    assert entries[0].findtext(f"{ATOM}title") == XSS_Q  # escaped in XML, intact when read
    assert entries[0].findtext(f"{ATOM}content") == XSS_A
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)
    again = parsed_feed(await page(web, "/hoi-dap.atom?q=x&page=abc"))
    assert len(again.findall(f"{ATOM}entry")) == 2  # the same feed whatever the query


async def test_an_empty_column_is_still_a_valid_feed_and_a_polite_page(web):
    feed = parsed_feed(await page(web, "/hoi-dap.atom"))
    assert feed.findall(f"{ATOM}entry") == []
    assert "Chưa có câu hỏi nào phù hợp" in await page(web, "/hoi-dap")


async def test_with_public_url_links_and_ids_are_absolute(app):
    item = await publish(app, "Xin giấy phép bưu chính lần đầu?", "Hồ sơ gồm đơn.")
    routes = column_routes(app.uow, app.conversation.deps, "https://hoidap.example.gov.vn")
    http = build_http_app(routes, app.healthy, app.conversation.deps.metrics, OPTIONS)
    async with TestClient(await started(http)) as web:
        html = await page(web, f"/hoi-dap/{item}")
        assert (f'<link rel="canonical" href="https://hoidap.example.gov.vn/hoi-dap/{item}">'
                in html)
        feed = parsed_feed(await page(web, "/hoi-dap.atom"))
        assert feed.findtext(f"{ATOM}id") == "https://hoidap.example.gov.vn/hoi-dap"
        entry = feed.find(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}id") == f"https://hoidap.example.gov.vn/hoi-dap/{item}"
        body = await (await web.get("/hoi-dap.json")).json()
        assert body["items"][0]["url"] == f"https://hoidap.example.gov.vn/hoi-dap/{item}"


async def test_everything_typed_is_escaped(app, web):
    item = await publish(app, XSS_Q, XSS_A)
    for path in ("/hoi-dap", f"/hoi-dap/{item}",
                 "/hoi-dap?q=%3Cscript%3Ealert(2)%3C%2Fscript%3E%22%3E",
                 "/hoi-dap?q=%22%3E%3Cb%3E&field=%3Cx%3E&month=%3Cy%3E&page=%3Cz%3E"):
        html = await page(web, path)
        assert "<script" not in html and "<img src=x" not in html and "<b>" not in html, path
        assert "<x>" not in html and "<y>" not in html and "<z>" not in html, path
    html = await page(web, f"/hoi-dap/{item}")
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Trả lời &amp; hướng dẫn" in html
    searched = await page(web, "/hoi-dap?q=%22%3E%3Cb%3Ebuu+chinh")
    assert 'value="&quot;&gt;&lt;b&gt;buu chinh"' in searched
