"""The pages over real HTTP on loopback: the chat at / and in the portal's frame carry the
agency from ORG_FILE and the catalog's texts (English on request), the loader carries its
texts, the follow page its form; only the shared files and the emblem are served as static."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app.organisation_file import OrganisationFileError, load_organisation
from bot.app.runtime import http_options
from bot.app.web_chat import web_chat_routes
from handlers.http import build_http_app


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"http_frame_ancestors": "'self' https://portal.example.gov.vn"}


@pytest.fixture
async def client(app):
    http = build_http_app(web_chat_routes(app.settings, app.conversation, app.uow), app.healthy,
                          app.conversation.deps.metrics, http_options(app.settings))
    async with TestClient(TestServer(http, host="127.0.0.1")) as test_client:
        yield test_client


async def test_the_page_and_the_frame_show_the_agency_in_vietnamese_or_english(client, app):
    org = app.conversation.deps.org
    for path in ("/", "/widget"):
        page = await (await client.get(path)).text()
        assert org.name in page and org.hotline in page and org.reception_hours in page
        assert 'lang="vi"' in page and "Nhập câu hỏi" in page and "/static/emblem.svg" in page
        assert 'data-max-text="4000"' in page
    english = await (await client.get("/widget?lang=en")).text()
    assert 'lang="en"' in english and "Type your question" in english
    frame = await client.get("/widget")
    assert "frame-ancestors 'self' https://portal.example.gov.vn" in frame.headers[
        "Content-Security-Policy"]


async def test_the_loader_carries_its_texts_and_the_follow_page_its_form(client):
    loader = await client.get("/widget.js")
    script = await loader.text()
    assert loader.content_type == "text/javascript"
    assert '"open": "Hỏi - Đáp trực tuyến"' in script and "PAKN_STRINGS" not in script
    english = await (await client.get("/widget.js?lang=en")).text()
    assert '"open": "Ask us online"' in english
    follow = await (await client.get("/tra-cuu")).text()
    assert 'id="digits"' in follow and "/static/follow.js" in follow


@pytest.mark.parametrize("app_settings", [{}, {"web_public_url": "https://hoidap.gov.vn"}])
async def test_the_follow_page_tells_of_a_follow_link_only_when_the_chat_gives_one(client, app):
    links = bool(app.settings.web_public_url)
    page = await (await client.get("/tra-cuu")).text()
    english = await (await client.get("/tra-cuu?lang=en")).text()
    assert ("liên kết theo dõi" in page) is links
    assert ("follow link" in english) is links
    assert "khung trò chuyện" in page


async def test_only_the_shared_files_and_the_emblem_are_static(client):
    for name in ("pakn.css", "chat.js", "follow.js", "emblem.svg"):
        response = await client.get(f"/static/{name}")
        assert response.status == 200, name
    for name in ("chat.html", "widget.js", "..%2F..%2Fpyproject.toml", "emblem.png"):
        assert (await client.get(f"/static/{name}")).status == 404, name


def test_an_org_file_names_an_existing_emblem(tmp_path: Path):
    bundled = Path(load_organisation().emblem or "")
    assert bundled.name == "emblem.svg" and bundled.is_file()
    source = (Path(__file__).parents[2] / "bot" / "data" / "org.yaml").read_text(
        encoding="utf-8")
    (tmp_path / "org.yaml").write_text(source.replace('emblem: "emblem.svg"',
                                                      'emblem: "logo.gif"'), encoding="utf-8")
    with pytest.raises(OrganisationFileError, match=r"emblem 'logo\.gif'"):
        load_organisation(tmp_path / "org.yaml")
