import pytest

from handlers.s3.client import S3Client, parse_location
from handlers.s3.store import S3FileStore
from tests.fakes.s3_server import ACCESS_KEY, SECRET_KEY, FakeS3


@pytest.fixture
def s3():
    server = FakeS3().start()
    yield server
    server.stop()


def s3_store(server: FakeS3, bucket: str = "pakn", secret: str = SECRET_KEY) -> S3FileStore:
    location = parse_location(f"s3://{bucket}/hoso/files?endpoint={server.base}&region=hn")
    return S3FileStore(S3Client(location, ACCESS_KEY, secret))


@pytest.fixture
async def store(s3):
    store = s3_store(s3)
    yield store
    await store.close()
