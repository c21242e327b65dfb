"""Pail as a pytest fixture: copy this file into your tests' conftest.py (or import it from there).

It needs only the `pail` binary: on PATH, or named by PAIL_BIN. One server runs for the whole test
session, on a free port, with a temporary data directory that is removed when the session ends:

    def test_upload(s3):
        s3.create_bucket(Bucket="photos")
        s3.put_object(Bucket="photos", Key="cat.jpg", Body=b"...")

`pail serve --ready-file F` writes F (JSON: endpoint, accessKey, secretKey, region, ...) once it
listens, all at once, so the fixture waits for the file instead of guessing a port or parsing output.
`--ephemeral` makes the data directory and removes it when the server gets SIGTERM.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import boto3
import pytest


@pytest.fixture(scope="session")
def pail():
    """The running server: a dict with endpoint, accessKey, secretKey, region, dataDirectory, pid."""
    scratch = Path(tempfile.mkdtemp(prefix="pail-fixture-"))
    ready = scratch / "ready.json"
    proc = subprocess.Popen([os.environ.get("PAIL_BIN", "pail"), "serve", "--address", "127.0.0.1:0",
                             "--ephemeral", "--durability", "none", "--imds-address", "off",
                             "--ready-file", str(ready)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            if proc.poll() is not None:
                raise RuntimeError(f"pail exited with status {proc.returncode} before it was ready")
            if time.monotonic() > deadline:
                raise RuntimeError("pail was not ready within 30 s")
            time.sleep(0.05)
        yield json.loads(ready.read_text())
    finally:
        proc.send_signal(signal.SIGTERM)   # pail finishes in-flight requests, removes its data, exits 0
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture
def s3(pail):
    """A boto3 S3 client signed with the server's root credentials."""
    return boto3.client("s3", endpoint_url=pail["endpoint"], aws_access_key_id=pail["accessKey"],
                        aws_secret_access_key=pail["secretKey"], region_name=pail["region"])
