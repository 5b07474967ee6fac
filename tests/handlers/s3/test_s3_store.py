"""The agency's files in an S3-compatible bucket (a stand-in server on loopback that checks
every request's signature): the same references as on disk, written once, read back."""

import hashlib

import pytest

from handlers.file_store import FileStore
from handlers.s3.client import parse_location
from handlers.storage import StorageError
from tests.handlers.s3.conftest import s3_store

SCAN = b"%PDF-1.7 a scanned don " * 1000


async def test_an_upload_is_kept_in_the_bucket_under_the_reference_the_disk_would_give(
        s3, store, tmp_path):
    writer = store.writer()
    for start in range(0, len(SCAN), 4096):
        writer.write(SCAN[start:start + 4096])
    ref, digest = await writer.save("pdf")
    writer.discard()
    assert digest == hashlib.sha256(SCAN).hexdigest() and writer.size == len(SCAN)
    assert ref == FileStore(tmp_path).keep(SCAN, "pdf")[0]
    assert s3.objects == {("pakn", f"hoso/files/{digest[:2]}/{digest}.pdf"): SCAN}
    assert await store.read(ref) == SCAN


async def test_the_same_file_twice_is_written_once(s3, store):
    first = await store.save(b"\x89PNG a photo", "png")
    second = await store.save(b"\x89PNG a photo", "png")
    assert first == second
    assert [method for method, _ in s3.requests] == ["HEAD", "PUT", "HEAD"]


async def test_a_file_not_in_the_bucket_is_missing_and_another_channels_file_is_not_ours(store):
    with pytest.raises(FileNotFoundError):
        await store.read("stored:" + "a" * 64 + ".jpg")
    with pytest.raises(ValueError):
        await store.read("AgACAgIAAxkBAAIB")


async def test_a_wrong_secret_is_refused_with_s3s_code_and_the_secret_is_not_told(s3):
    store = s3_store(s3, secret="not-the-secret-key")
    with pytest.raises(StorageError) as refused:
        await store.save(b"%PDF-1.7", "pdf")
    with pytest.raises(StorageError, match="SignatureDoesNotMatch"):
        await store.client.get("x")
    await store.close()
    assert "403" in str(refused.value) and "not-the-secret-key" not in str(refused.value)
    assert s3.objects == {}


async def test_the_bucket_is_checked_at_startup(s3, store):
    await store.check()
    missing = s3_store(s3, bucket="khac")
    with pytest.raises(FileNotFoundError):
        await missing.check()
    await missing.close()


async def test_a_storage_that_does_not_answer_is_a_storage_error():
    from handlers.s3.client import S3Client
    from handlers.s3.store import S3FileStore

    location = parse_location("s3://pakn?endpoint=http://127.0.0.1:9&region=hn")
    store = S3FileStore(S3Client(location, "a", "b"))
    with pytest.raises(StorageError, match="no answer"):
        await store.check()
    await store.close()


def test_the_storage_url_names_bucket_prefix_endpoint_and_region():
    location = parse_location("s3://hoso/pakn/files?endpoint=https://s3.example.vn/&region=hn")
    assert (location.bucket, location.prefix, location.endpoint, location.region) == (
        "hoso", "pakn/files", "https://s3.example.vn", "hn")
    assert parse_location("s3://hoso").endpoint == "https://s3.us-east-1.amazonaws.com"
    for wrong in ("https://s3.example.vn/hoso", "s3://hoso?endpont=x", "s3://h?endpoint=ftp://x",
                  "s3://key:secret@hoso"):
        with pytest.raises(ValueError):
            parse_location(wrong)
