"""STORAGE_URL: citizens' files kept in an S3-compatible bucket (a stand-in on loopback that
checks every signature) instead of STORAGE_DIR, and a bucket that cannot be used stopping the
start with one line that names it and never its keys."""

from __future__ import annotations

import hashlib

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app.bootstrap import StartupError, build_app
from bot.app.settings import SettingsError, load_settings
from bot.app.web_chat import web_chat_routes
from bot.core.messages import Attachment
from handlers.http import build_http_app
from tests.conftest import make_settings
from tests.fakes.s3_server import ACCESS_KEY, SECRET_KEY, FakeS3
from tests.handlers.test_webchat_uploads import PDF, PNG, up_to_the_files, upload


@pytest.fixture
def s3():
    server = FakeS3().start()
    yield server
    server.stop()


def in_bucket(server: FakeS3, bucket: str = "pakn", secret: str = SECRET_KEY,
              tmp_path=None) -> dict[str, object]:
    return {"storage_url": f"s3://{bucket}/hoso?endpoint={server.base}&region=hn",
            "storage_access_key": ACCESS_KEY, "storage_secret_key": secret,
            **({"storage_dir": tmp_path / "files"} if tmp_path else {})}


@pytest.fixture
def app_settings(s3, tmp_path) -> dict[str, object]:
    return in_bucket(s3, tmp_path=tmp_path)


async def test_web_uploads_go_to_the_bucket_and_are_read_back_from_it(s3, app, tmp_path):
    http = build_http_app(web_chat_routes(app.settings, app.conversation, app.uow, app.storage),
                          app.healthy, app.conversation.deps.metrics)
    async with TestClient(TestServer(http, host="127.0.0.1")) as client:
        await up_to_the_files(client)
        for content, name in ((PNG, "den-hong.png"), (PDF, "don.pdf"), (PNG, "lai-lan-nua.png")):
            status, _ = await upload(client, content, name)
            assert status == 200
    png, pdf = hashlib.sha256(PNG).hexdigest(), hashlib.sha256(PDF).hexdigest()
    assert sorted(s3.objects) == sorted([("pakn", f"hoso/{png[:2]}/{png}.png"),
                                         ("pakn", f"hoso/{pdf[:2]}/{pdf}.pdf")])
    assert [method for method, _ in s3.requests].count("PUT") == 2  # the same photo: once
    assert not (tmp_path / "files").exists()
    read = app.conversation.deps.read_file
    assert await read(Attachment("document", f"stored:{pdf}.pdf")) == PDF
    assert await read(Attachment("document", "stored:" + "0" * 64 + ".pdf")) is None


@pytest.mark.parametrize(("bucket", "secret", "reason"), [
    ("pakn", "a-wrong-secret-key", "HEAD answered 403"),
    ("khac", SECRET_KEY, "no bucket khac"),
])
async def test_a_bucket_that_cannot_be_used_stops_the_start_in_one_line(
        s3, database_url, bucket, secret, reason):
    with pytest.raises(StartupError) as stopped:
        await build_app(make_settings(database_url, **in_bucket(s3, bucket, secret)),
                        migrate=False)
    line = str(stopped.value)
    assert line == (f"cannot use the file storage s3://{bucket}/hoso at {s3.base} "
                    f"(STORAGE_URL): {reason}")
    assert secret not in line and ACCESS_KEY not in line


async def test_a_storage_that_does_not_answer_stops_the_start(database_url):
    url = "s3://pakn?endpoint=http://127.0.0.1:9&region=hn"
    with pytest.raises(StartupError, match=r"^cannot use the file storage s3://pakn at "
                                           r"http://127.0.0.1:9 \(STORAGE_URL\): HEAD: no answer"):
        await build_app(make_settings(database_url, storage_url=url, storage_access_key="a",
                                      storage_secret_key="b"), migrate=False)


def test_storage_url_needs_its_keys_and_never_shows_them(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STORAGE_URL", "s3://pakn/hoso?endpoint=https://s3.example.vn&region=hn")
    with pytest.raises(SettingsError, match="STORAGE_ACCESS_KEY and STORAGE_SECRET_KEY are "
                                            "required with STORAGE_URL"):
        load_settings()
    monkeypatch.setenv("STORAGE_ACCESS_KEY", "access-key-id")
    monkeypatch.setenv("STORAGE_SECRET_KEY", "a-secret-key-value")
    settings = load_settings()
    assert "a-secret-key-value" not in repr(settings) and "access-key-id" not in repr(settings)
    monkeypatch.setenv("STORAGE_URL", "s3://id:secret@pakn")
    with pytest.raises(SettingsError, match=r"^STORAGE_URL: must not carry credentials"):
        load_settings()
