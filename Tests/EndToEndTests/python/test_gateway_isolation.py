"""Gateway mode's own behaviour in front of a real Ceph RGW: bucket prefixes isolate gateways that
share one cluster, names are mapped back in every answer, an unreachable or silent upstream is a 503
that says so, upstream connections are kept alive and reused, and checksum trailers can be forwarded to
an upstream that stores them (here a local-mode Pail, as RGW 16.2 cannot).
"""
import json
import socket
import subprocess
import threading
import time

import pytest
from botocore.exceptions import ClientError

import gateway_support
from pail_e2e import (STREAMING_UNSIGNED_TRAILER, PailServer, checksum_b64, error_code, http_status,
                      streaming_put, unique_bucket)


@pytest.fixture(scope="module")
def rgw_direct(rgw):
    return gateway_support.direct(rgw)


def test_bucket_prefix_isolates_two_gateways_sharing_one_rgw(gateway_factory, rgw_direct):
    one, two = gateway_factory("one", prefix="exp-one-"), gateway_factory("two", prefix="exp-two-")
    a, b = one.client(), two.client()
    name = unique_bucket("shared")
    a.create_bucket(Bucket=name)
    b.create_bucket(Bucket=name)  # the same name, another bucket upstream
    a.put_object(Bucket=name, Key="k", Body=b"from one")
    b.put_object(Bucket=name, Key="k", Body=b"from two")
    assert a.get_object(Bucket=name, Key="k")["Body"].read() == b"from one"
    assert b.get_object(Bucket=name, Key="k")["Body"].read() == b"from two"
    only_one = unique_bucket("only")
    a.create_bucket(Bucket=only_one)
    assert only_one in [x["Name"] for x in a.list_buckets()["Buckets"]]
    assert only_one not in [x["Name"] for x in b.list_buckets()["Buckets"]]
    with pytest.raises(ClientError) as e:
        b.head_bucket(Bucket=only_one)
    assert http_status(e.value) == 404
    # Each gateway lists only its own buckets, without the prefix; RGW holds them all, prefixed.
    assert all(not x["Name"].startswith("exp-") for x in a.list_buckets()["Buckets"])
    upstream = {x["Name"] for x in rgw_direct.client().list_buckets()["Buckets"]}
    assert {"exp-one-" + name, "exp-two-" + name, "exp-one-" + only_one} <= upstream
    assert "exp-two-" + only_one not in upstream


def test_names_in_answers_are_mapped_back_through_the_prefix(gateway, rgw_direct):
    s3 = gateway.client()
    bucket = unique_bucket("names")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=f"{gateway.upstream_prefix}key", Body=b"x")  # keys keep the prefix text
    assert s3.list_objects_v2(Bucket=bucket)["Name"] == bucket
    assert s3.list_objects(Bucket=bucket)["Name"] == bucket
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [f"{gateway.upstream_prefix}key"]
    up = s3.create_multipart_upload(Bucket=bucket, Key="m")
    assert up["Bucket"] == bucket
    assert s3.list_multipart_uploads(Bucket=bucket)["Bucket"] == bucket
    assert s3.list_parts(Bucket=bucket, Key="m", UploadId=up["UploadId"])["Bucket"] == bucket
    s3.abort_multipart_upload(Bucket=bucket, Key="m", UploadId=up["UploadId"])
    src = unique_bucket("src")
    s3.create_bucket(Bucket=src)
    s3.put_object(Bucket=src, Key="a b", Body=b"copied across buckets")
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": src, "Key": "a b"})
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == b"copied across buckets"
    direct = rgw_direct.client()
    assert direct.get_object(Bucket=gateway.upstream_prefix + bucket, Key="copy")["Body"].read() == b"copied across buckets"


def test_unreachable_upstream_is_a_503_that_says_so(tmp_path):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    srv = PailServer(tmp_path / "data", tmp_path, extra_args=(
        "--upstream", f"http://127.0.0.1:{port}", "--upstream-access-key", "k", "--upstream-secret-key", "s")).start()
    try:
        with pytest.raises(ClientError) as e:
            srv.client().list_buckets()
        assert http_status(e.value) == 503
        assert error_code(e.value) == "ServiceUnavailable"
        message = e.value.response["Error"]["Message"]
        assert f"127.0.0.1:{port}" in message and "unreachable" in message
    finally:
        srv.stop()


def test_silent_upstream_hits_the_read_timeout_as_a_503(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    threading.Thread(target=lambda: [held.append(listener.accept()) for _ in range(4)], daemon=True).start()
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"upstream": {
        "url": f"http://127.0.0.1:{listener.getsockname()[1]}", "accessKey": "k", "secretKey": "s",
        "connectTimeout": 1, "readTimeout": 1}}))
    srv = PailServer(tmp_path / "data", tmp_path, extra_args=("--config", str(config))).start()
    try:
        t0 = time.monotonic()
        with pytest.raises(ClientError) as e:
            srv.client().list_buckets()
        assert 0.9 <= time.monotonic() - t0 < 10
        assert http_status(e.value) == 503
        assert "did not answer in time" in e.value.response["Error"]["Message"]
    finally:
        srv.stop()
        listener.close()


def test_upstream_connections_are_kept_alive_and_reused(gateway, rgw):
    s3 = gateway.client()
    bucket = unique_bucket("pool")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    for _ in range(40):
        s3.get_object(Bucket=bucket, Key="k")["Body"].read()
    rgw_port = rgw.rgw_port
    out = subprocess.run(["ss", "-tnp", "state", "established", f"( dport = :{rgw_port} )"],
                         capture_output=True, text=True).stdout
    ours = [line for line in out.splitlines() if f"pid={gateway.proc.pid}," in line]
    assert 1 <= len(ours) <= 4, out


def test_checksum_trailers_forwarded_to_an_upstream_that_stores_them(tmp_path):
    # Pail in local mode is the upstream here: it stores the checksum a trailer carries, as AWS does.
    upstream = PailServer(tmp_path / "up", tmp_path, access_key="upkey", secret_key="upsecret").start()
    try:
        gw = PailServer(tmp_path / "gw", tmp_path, extra_args=(
            "--upstream", upstream.endpoint, "--upstream-access-key", "upkey", "--upstream-secret-key", "upsecret",
            "--upstream-trailers", "forward")).start()
        try:
            s3 = gw.client()
            bucket = unique_bucket("trail")
            s3.create_bucket(Bucket=bucket)
            data = b"checksum in the trailer" * 1000
            resp = streaming_put(gw, f"/{bucket}/k", data, mode=STREAMING_UNSIGNED_TRAILER, trailer_algorithm="CRC32")
            assert resp.status == 200, resp.body
            got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
            assert got["Body"].read() == data
            assert got["ChecksumCRC32"] == checksum_b64("CRC32", data)
            direct = upstream.client().head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
            assert direct["ChecksumCRC32"] == checksum_b64("CRC32", data)
            bad = streaming_put(gw, f"/{bucket}/bad", data, mode=STREAMING_UNSIGNED_TRAILER, trailer_algorithm="CRC32",
                                trailer_value=checksum_b64("CRC32", b"other"))
            assert bad.status == 400 and bad.error()["Code"] == "BadDigest"
            with pytest.raises(ClientError):
                upstream.client().head_object(Bucket=bucket, Key="bad")
        finally:
            gw.stop()
    finally:
        upstream.stop()
