"""A local S3 API on loopback (moto's server mode) for the tests of object storage.

One server for the whole run, started on a free port; each test gets a bucket of its own,
private as a production bucket is, and the site's default storage pointed at it exactly as
the DJANGO_S3_* variables would (khartoum.settings).
"""

import uuid

import pytest

from khartoum.settings import s3_storage

ACCESS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        pytest.skip("moto[server] is not installed (requirements-dev.txt installs it)")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **ACCESS)


@pytest.fixture
def s3_bucket(settings, s3_endpoint, s3_client):
    """The site's uploads go to a new private bucket; returns its name."""
    name = f"khartoum-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            name,
            endpoint_url=s3_endpoint,
            region_name="us-east-1",
            access_key=ACCESS["aws_access_key_id"],
            secret_key=ACCESS["aws_secret_access_key"],
        ),
    }
    return name


def object_names(s3_client, bucket):
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))
