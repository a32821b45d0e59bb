"""S3-compatible object storage for tests: moto's S3 server on 127.0.0.1 (reachable from a
subprocess too), and buckets on it as STORAGE_BACKEND=s3 names them (config.settings.base)."""

import socket
from contextlib import contextmanager

import boto3

CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "eu-west-2"}


@contextmanager
def s3_server():
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def make_bucket(endpoint: str, name: str):
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]}
    )
    return client


def storage_settings(endpoint: str, bucket: str) -> dict:
    """The default storage's entry in STORAGES for the bucket."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            **CREDENTIALS,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def storage_env(endpoint: str, bucket: str) -> dict[str, str]:
    """The same bucket as a deployment's environment names it."""
    return {
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": CREDENTIALS["region_name"],
        "AWS_ACCESS_KEY_ID": CREDENTIALS["access_key"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["secret_key"],
    }
