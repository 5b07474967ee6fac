"""The browser harness: pakn's real HTTP server on loopback (a temporary SQLite database and
file storage, the bundled FAQ and org.yaml, a fixed clock) in a thread of its own, a test
portal page on another site (`localhost` against pakn's `127.0.0.1`, so the widget runs as a
third-party frame) under a strict CSP that embeds the widget with its one script tag, and
headless Chromium from Debian driven by Selenium (/usr/bin/chromium, /usr/bin/chromedriver:
Selenium Manager downloads nothing). One server and one browser per test module.

Without Chromium, chromedriver or selenium the tests skip with the reason, unless
PAKN_REQUIRE_BROWSER=1 (CI), when they fail. `scripts/install-browsers` installs them and
axe-core. PAKN_SCREENSHOTS=1 writes docs/screenshots/<step>-<width>x<height>.png."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app.bootstrap import App, build_app
from bot.app.settings import Settings
from bot.app.web_chat import web_chat_routes
from db.migrate import upgrade
from handlers.http import HttpOptions, build_http_app
from handlers.serving import Serving, serve
from tests.conftest import FixedClock

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REQUIRED = os.environ.get("PAKN_REQUIRE_BROWSER") == "1"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
PHONE, DESKTOP = (390, 844), (1280, 800)
WAIT = 10.0  # seconds a step may take before the test fails
# A Tuesday morning in Hà Nội, as in tests/conftest.py.
MOMENT = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)

PORTAL_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin điện tử tỉnh Mẫu</title></head>
<body><header><h1>Cổng thông tin điện tử tỉnh Mẫu</h1></header>
<main><p>Tin tức, thủ tục hành chính, văn bản chỉ đạo điều hành.</p>
<p><a href="/portal.html">Trang chủ</a></p></main>
<script src="{pakn}/widget.js" defer></script>
</body></html>"""


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        return (f"browser tests need Debian's chromium and chromium-driver ({', '.join(missing)} "
                f"missing): run scripts/install-browsers")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "browser tests need selenium: pip install -e '.[dev]'"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = unavailable()
    for item in items:
        if "tests/browser" not in str(item.path):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=reason))


def selenium_names() -> tuple[Any, Any]:
    """Selenium's `By` and `Keys` for a test module, which skips (fails under
    PAKN_REQUIRE_BROWSER=1) when selenium is not installed."""
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
    except ImportError:
        if REQUIRED:
            pytest.fail("PAKN_REQUIRE_BROWSER=1 but selenium is not installed", pytrace=False)
        pytest.skip("browser tests need selenium: pip install -e '.[dev]'",
                    allow_module_level=True)
    return By, Keys


def _required() -> None:
    """Under PAKN_REQUIRE_BROWSER=1 a missing browser fails the test instead of skipping."""
    reason = unavailable()
    if reason:
        pytest.fail(f"PAKN_REQUIRE_BROWSER=1: {reason}", pytrace=False)


@dataclass
class Site:
    """pakn and the test portal, both listening on loopback."""

    pakn: str  # e.g. http://127.0.0.1:41234
    portal: str  # e.g. http://localhost:41235, another site
    app: App
    storage: Path
    loop: asyncio.AbstractEventLoop

    @property
    def portal_page(self) -> str:
        return f"{self.portal}/portal.html"

    def run(self, coroutine: Any) -> Any:
        """Runs a coroutine on the server's loop (e.g. to read the database) and waits."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(WAIT)


def _portal_app(pakn: dict[str, str]) -> web.Application:
    """The test portal; `pakn["url"]` is filled in once pakn listens (its frame-ancestors
    names the portal, so the portal listens first)."""
    async def page(_request: web.Request) -> web.Response:
        url = pakn["url"]
        # The portal's own CSP, as README asks of it: only pakn's origin added.
        policy = (f"default-src 'self'; script-src 'self' {url}; frame-src {url}; "
                  f"style-src 'self'; img-src 'self'; object-src 'none'")
        return web.Response(text=PORTAL_PAGE.format(pakn=url), content_type="text/html",
                            headers={"Content-Security-Policy": policy})

    app = web.Application()
    app.add_routes([web.get("/portal.html", page)])
    return app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _start(tmp: Path) -> tuple[Site, list[Any]]:
    database = tmp / "pakn.db"
    await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{database}")
    pakn: dict[str, str] = {}
    portal_runner = web.AppRunner(_portal_app(pakn), access_log=None)
    await portal_runner.setup()
    await web.TCPSite(portal_runner, "127.0.0.1", 0).start()
    portal = f"http://localhost:{portal_runner.addresses[0][1]}"
    port = _free_port()  # known before start: follow links name it (WEB_PUBLIC_URL)
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{database}",
                        storage_dir=tmp / "files", http_frame_ancestors=f"'self' {portal}",
                        web_public_url=f"http://127.0.0.1:{port}")
    app = await build_app(settings, clock=FixedClock(MOMENT), migrate=False)
    options = HttpOptions(frame_ancestors=settings.http_frame_ancestors)
    http = build_http_app(web_chat_routes(settings, app.conversation, app.uow), app.healthy,
                          app.conversation.deps.metrics, options)
    serving: Serving = await serve(http, "127.0.0.1", port, options)
    pakn["url"] = f"http://127.0.0.1:{serving.port}"
    site = Site(pakn["url"], portal, app, tmp / "files", asyncio.get_running_loop())
    return site, [serving, portal_runner]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """pakn and the portal, served from a thread's event loop for the whole module."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    tmp = tmp_path_factory.mktemp("browser")
    started, running = asyncio.run_coroutine_threadsafe(_start(tmp), loop).result(60)

    async def stop() -> None:
        for item in running:
            await item.cleanup()
        await started.app.close()

    try:
        yield started
    finally:
        asyncio.run_coroutine_threadsafe(stop(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def new_browser(size: tuple[int, int] = DESKTOP) -> Any:
    """A headless Chromium with a fresh profile (its own cookies and storage)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--lang=vi", f"--window-size={size[0]},{size[1]}",
                     "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_window_size(*size)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser per module; tests that need fresh cookies call `new_browser()`."""
    _required()
    driver = new_browser()
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, condition: Callable[[Any], Any], timeout: float = WAIT) -> Any:
    """What `condition` returns once it is truthy; fails the test after `timeout` seconds."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def screenshot(driver: Any, step: str) -> None:
    """With PAKN_SCREENSHOTS=1: the page at phone and desktop sizes, as
    docs/screenshots/<step>-390x844.png and -1280x800.png (the window size is restored)."""
    if os.environ.get("PAKN_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = driver.get_window_size()
    for width, height in (PHONE, DESKTOP):
        driver.set_window_size(width, height)
        driver.execute_script("return new Promise(r => requestAnimationFrame(() => r()))")
        driver.save_screenshot(str(SCREENSHOTS / f"{step}-{width}x{height}.png"))
    driver.set_window_size(before["width"], before["height"])


def axe_violations(driver: Any, serious: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's serious and critical violations on the current page or frame, one line each
    (rule, impact, the first element); axe-core comes from npm (package.json)."""
    if not AXE.exists():
        if REQUIRED:
            pytest.fail(f"{AXE} is missing: run scripts/install-browsers (npm ci)")
        pytest.skip(f"{AXE} is missing: run scripts/install-browsers (npm ci)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(done, e => done({error: String(e)}));")
    if "error" in result:
        raise AssertionError(f"axe-core failed: {result['error']}")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
            for v in result["violations"] if v["impact"] in serious]
