"""Server-side encryption end to end: SSE-S3, SSE-KMS and SSE-C with boto3 and the AWS CLI.

Each mode round-trips (whole objects, ranges across the 64 KiB chunk boundaries, multipart with SSE-C,
copies between modes); every SSE header and error AWS documents for these operations; bucket default
encryption; the plaintext of test objects appears in no file under the data directory (objects,
uploads, pail.sqlite and its WAL); a flipped byte on disk makes the GET fail rather than return
altered bytes; SIGKILL during encrypted writes loses no acknowledged version and leaves none readable
without its key.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import signal
import threading
import time
from pathlib import Path

import subprocess

import pytest
from botocore.exceptions import ClientError

from pail_e2e import PailServer, error_code, http_status, pail_binary, run_cli, signed_request, unique_bucket

KiB, MiB = 1024, 1024 * 1024
CHUNK = 64 * KiB
KEY_ID = "3f0c8e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6"
KEY_ARN = f"arn:aws:kms:us-east-1:000000000000:key/{KEY_ID}"
OTHER_ID = "audit"
OTHER_ARN = "arn:aws:kms:eu-west-1:111122223333:key/audit"
CONFIG = {"kms": {"keys": [{"id": KEY_ID, "alias": "alias/app"}, {"id": OTHER_ID, "arn": OTHER_ARN}]}}

# Ranges that start, end or cross at chunk boundaries (inclusive byte positions).
RANGES = [(0, 0), (0, CHUNK - 1), (CHUNK - 1, CHUNK), (CHUNK - 5, 3 * CHUNK + 4), (CHUNK, 2 * CHUNK - 1),
          (3 * CHUNK - 1, 3 * CHUNK - 1), (100_000, 900_000), (MiB - 1, MiB - 1)]


def customer_key() -> bytes:
    return os.urandom(32)


def ssec(key: bytes) -> dict:
    return {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key}


def copy_ssec(key: bytes) -> dict:
    return {"CopySourceSSECustomerAlgorithm": "AES256", "CopySourceSSECustomerKey": key}


def ssec_headers(key: bytes, md5: bytes | None = None, prefix: str = "x-amz-") -> dict:
    return {f"{prefix}server-side-encryption-customer-algorithm": "AES256",
            f"{prefix}server-side-encryption-customer-key": base64.b64encode(key).decode(),
            f"{prefix}server-side-encryption-customer-key-MD5":
                base64.b64encode(md5 or hashlib.md5(key).digest()).decode()}


def b64json(value: dict) -> str:
    return base64.b64encode(json.dumps(value).encode()).decode()


def expect_error(call, status: int, code: str, message: str | None = None):
    with pytest.raises(ClientError) as e:
        call()
    assert http_status(e.value) == status, e.value.response
    if code:
        assert error_code(e.value) == code, e.value.response
    if message:
        assert e.value.response["Error"]["Message"] == message, e.value.response
    return e.value


def write_config(directory: Path) -> Path:
    path = directory / "pail-config.json"
    path.write_text(json.dumps(CONFIG))
    return path


@pytest.fixture(scope="module")
def sse_server(tmp_path_factory, request):
    """A server whose configuration declares two KMS keys (one by id and alias, one by ARN)."""
    tmp = tmp_path_factory.mktemp("sse")
    srv = PailServer(tmp / "data", tmp, extra_args=("--config", str(write_config(tmp)))).start()
    request.node._pail_servers = getattr(request.node, "_pail_servers", []) + [srv]
    yield srv
    assert srv.stop() in (None, 0), srv.log_tail()


@pytest.fixture
def s3(sse_server):
    return sse_server.client()


@pytest.fixture
def bucket(s3):
    name = unique_bucket("sse")
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def own_sse_server(start_server, tmp_path):
    """A fresh server of this test alone (data directory scans, restarts, SIGKILL)."""
    return start_server("own", extra_args=("--config", str(write_config(tmp_path))))


def check_ranges(get, body: bytes):
    for first, last in RANGES:
        if last >= len(body):
            continue
        r = get(Range=f"bytes={first}-{last}")
        assert r["ContentRange"] == f"bytes {first}-{last}/{len(body)}"
        assert r["Body"].read() == body[first:last + 1], (first, last)
    assert get(Range="bytes=-70000")["Body"].read() == body[-70000:]
    assert get(Range=f"bytes={len(body) - 3}-")["Body"].read() == body[-3:]


# -------------------------------------------------------------------------------------------------
# Round trips, mode by mode.
# -------------------------------------------------------------------------------------------------
def test_sse_s3_round_trips_with_ranges_and_reports_AES256(s3, bucket):
    body = os.urandom(MiB)
    put = s3.put_object(Bucket=bucket, Key="big", Body=body, ServerSideEncryption="AES256")
    assert put["ServerSideEncryption"] == "AES256"
    assert put["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["ServerSideEncryption"] == "AES256" and got["ContentLength"] == MiB
    assert got["Body"].read() == body
    head = s3.head_object(Bucket=bucket, Key="big")
    assert head["ServerSideEncryption"] == "AES256" and head["ContentLength"] == MiB
    assert "SSEKMSKeyId" not in head and "SSECustomerAlgorithm" not in head
    check_ranges(lambda **kw: s3.get_object(Bucket=bucket, Key="big", **kw), body)
    for size in (0, 1, CHUNK - 1, CHUNK, CHUNK + 1):
        small = os.urandom(size)
        s3.put_object(Bucket=bucket, Key=f"s{size}", Body=small, ServerSideEncryption="AES256")
        assert s3.get_object(Bucket=bucket, Key=f"s{size}")["Body"].read() == small
    listed = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert listed["big"] == MiB and listed[f"s{CHUNK}"] == CHUNK


def test_plaintext_objects_report_no_encryption(s3, bucket):
    s3.put_object(Bucket=bucket, Key="plain", Body=b"plain")
    head = s3.head_object(Bucket=bucket, Key="plain")
    assert "ServerSideEncryption" not in head and "SSECustomerAlgorithm" not in head


@pytest.mark.parametrize("named", [KEY_ID, KEY_ARN, "alias/app", "arn:aws:kms:us-east-1:000000000000:alias/app"])
def test_sse_kms_with_the_key_named_any_way_reports_its_arn(s3, bucket, named):
    body = os.urandom(200_000)
    put = s3.put_object(Bucket=bucket, Key="k", Body=body, ServerSideEncryption="aws:kms", SSEKMSKeyId=named)
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == KEY_ARN
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["SSEKMSKeyId"] == KEY_ARN and got["ServerSideEncryption"] == "aws:kms"
    assert got["Body"].read() == body


def test_sse_kms_key_with_its_own_arn_context_and_bucket_key_are_echoed(s3, bucket):
    context = b64json({"app": "mail", "tenant": "42"})
    body = os.urandom(3 * CHUNK + 7)
    put = s3.put_object(Bucket=bucket, Key="k", Body=body, ServerSideEncryption="aws:kms", SSEKMSKeyId=OTHER_ID,
                        SSEKMSEncryptionContext=context, BucketKeyEnabled=True)
    assert put["SSEKMSKeyId"] == OTHER_ARN
    assert put["SSEKMSEncryptionContext"] == context
    assert put["BucketKeyEnabled"] is True
    head = s3.head_object(Bucket=bucket, Key="k")
    assert head["SSEKMSKeyId"] == OTHER_ARN and head["BucketKeyEnabled"] is True
    assert "SSEKMSEncryptionContext" not in head
    check_ranges(lambda **kw: s3.get_object(Bucket=bucket, Key="k", **kw), body)


def test_sse_kms_without_a_key_id_uses_the_aws_managed_key(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x" * 1000, ServerSideEncryption="aws:kms")
    arn = put["SSEKMSKeyId"]
    assert arn.startswith("arn:aws:kms:us-east-1:000000000000:key/") and len(arn.rsplit("/", 1)[1]) == 36
    # The same key every time, and nameable by its alias.
    again = s3.put_object(Bucket=bucket, Key="k2", Body=b"y", ServerSideEncryption="aws:kms",
                          SSEKMSKeyId="alias/aws/s3")
    assert again["SSEKMSKeyId"] == arn
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x" * 1000


@pytest.mark.parametrize("named", ["no-such-key", "alias/missing", "11111111-2222-3333-4444-555555555555",
                                   "arn:aws:kms:us-east-1:000000000000:key/zzz"])
def test_sse_kms_with_an_unknown_key_is_KMS_NotFoundException(s3, bucket, named):
    kms = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": named}
    expect_error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", **kms), 400, "KMS.NotFoundException")
    expect_error(lambda: s3.create_multipart_upload(Bucket=bucket, Key="k", **kms), 400, "KMS.NotFoundException")
    s3.put_object(Bucket=bucket, Key="src", Body=b"src")
    expect_error(lambda: s3.copy_object(Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "src"}, **kms),
                 400, "KMS.NotFoundException")
    expect_error(lambda: s3.head_object(Bucket=bucket, Key="k"), 404, "404")


def test_sse_c_round_trips_with_ranges_and_echoes_the_key_md5(s3, bucket):
    key = customer_key()
    md5 = base64.b64encode(hashlib.md5(key).digest()).decode()
    body = os.urandom(MiB)
    put = s3.put_object(Bucket=bucket, Key="c", Body=body, **ssec(key))
    assert put["SSECustomerAlgorithm"] == "AES256" and put["SSECustomerKeyMD5"] == md5
    assert "ServerSideEncryption" not in put
    got = s3.get_object(Bucket=bucket, Key="c", **ssec(key))
    assert got["SSECustomerAlgorithm"] == "AES256" and got["SSECustomerKeyMD5"] == md5
    assert got["Body"].read() == body
    head = s3.head_object(Bucket=bucket, Key="c", **ssec(key))
    assert head["ContentLength"] == MiB and head["SSECustomerKeyMD5"] == md5
    check_ranges(lambda **kw: s3.get_object(Bucket=bucket, Key="c", **ssec(key), **kw), body)
    # botocore does not encode SSE-C keys for GetObjectAttributes: send the header values themselves.
    attrs = s3.get_object_attributes(Bucket=bucket, Key="c", ObjectAttributes=["ObjectSize"], SSECustomerAlgorithm="AES256",
                                     SSECustomerKey=base64.b64encode(key).decode(), SSECustomerKeyMD5=md5)
    assert attrs["ObjectSize"] == MiB
    expect_error(lambda: s3.get_object_attributes(Bucket=bucket, Key="c", ObjectAttributes=["ObjectSize"]),
                 400, "InvalidRequest")
    small = b"small and secret"
    s3.put_object(Bucket=bucket, Key="small", Body=small, **ssec(key))
    assert s3.get_object(Bucket=bucket, Key="small", **ssec(key))["Body"].read() == small


def test_sse_c_multipart_needs_the_same_key_on_every_part(s3, bucket):
    key, other = customer_key(), customer_key()
    up = s3.create_multipart_upload(Bucket=bucket, Key="mp", **ssec(key))
    assert up["SSECustomerAlgorithm"] == "AES256"
    uid = up["UploadId"]
    p1, p2, p3 = os.urandom(5 * MiB + 3), os.urandom(5 * MiB), os.urandom(77_777)
    expect_error(lambda: s3.upload_part(Bucket=bucket, Key="mp", UploadId=uid, PartNumber=1, Body=p1), 400,
                 "InvalidRequest", "The multipart upload initiate requested encryption. Subsequent part requests "
                                   "must include the appropriate encryption parameters.")
    expect_error(lambda: s3.upload_part(Bucket=bucket, Key="mp", UploadId=uid, PartNumber=1, Body=p1, **ssec(other)),
                 400, "InvalidRequest")
    e1 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=uid, PartNumber=1, Body=p1, **ssec(key))
    assert e1["SSECustomerAlgorithm"] == "AES256"
    # Part 2 copies a range of an SSE-C source encrypted under another key.
    s3.put_object(Bucket=bucket, Key="src", Body=os.urandom(1000) + p2 + os.urandom(1000), **ssec(other))
    e2 = s3.upload_part_copy(Bucket=bucket, Key="mp", UploadId=uid, PartNumber=2,
                             CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange=f"bytes=1000-{1000 + len(p2) - 1}",
                             **copy_ssec(other), **ssec(key))
    assert e2["SSECustomerAlgorithm"] == "AES256"
    e3 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=uid, PartNumber=3, Body=p3, **ssec(key))
    parts = s3.list_parts(Bucket=bucket, Key="mp", UploadId=uid)["Parts"]
    assert [p["Size"] for p in parts] == [len(p1), len(p2), len(p3)]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=uid, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": e1["ETag"]}, {"PartNumber": 2, "ETag": e2["CopyPartResult"]["ETag"]},
        {"PartNumber": 3, "ETag": e3["ETag"]}]})
    whole = p1 + p2 + p3
    got = s3.get_object(Bucket=bucket, Key="mp", **ssec(key))
    assert got["ContentLength"] == len(whole) and got["Body"].read() == whole
    for n, part in enumerate([p1, p2, p3], 1):
        r = s3.get_object(Bucket=bucket, Key="mp", PartNumber=n, **ssec(key))
        assert r["PartsCount"] == 3 and r["Body"].read() == part
    # Ranges across part boundaries and across chunk boundaries inside parts.
    for first, last in [(len(p1) - 10, len(p1) + 10), (len(p1) + len(p2) - 1, len(p1) + len(p2)), (CHUNK - 1, CHUNK)]:
        r = s3.get_object(Bucket=bucket, Key="mp", Range=f"bytes={first}-{last}", **ssec(key))
        assert r["Body"].read() == whole[first:last + 1]
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="mp"), 400, "InvalidRequest")
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="mp", **ssec(other)), 403, "AccessDenied")


def test_sse_s3_and_kms_multipart_parts_need_no_headers(s3, bucket):
    for name, kw in [("s3", {"ServerSideEncryption": "AES256"}),
                     ("kms", {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/app"})]:
        up = s3.create_multipart_upload(Bucket=bucket, Key=name, **kw)
        assert up["ServerSideEncryption"] == kw["ServerSideEncryption"]
        parts, data = [], []
        for n in (1, 2):
            body = os.urandom(5 * MiB if n == 1 else 12345)
            r = s3.upload_part(Bucket=bucket, Key=name, UploadId=up["UploadId"], PartNumber=n, Body=body)
            assert r["ServerSideEncryption"] == kw["ServerSideEncryption"]
            parts.append({"PartNumber": n, "ETag": r["ETag"]})
            data.append(body)
        done = s3.complete_multipart_upload(Bucket=bucket, Key=name, UploadId=up["UploadId"],
                                            MultipartUpload={"Parts": parts})
        assert done["ServerSideEncryption"] == kw["ServerSideEncryption"]
        if name == "kms":
            assert done["SSEKMSKeyId"] == KEY_ARN
        assert s3.get_object(Bucket=bucket, Key=name)["Body"].read() == b"".join(data)


# -------------------------------------------------------------------------------------------------
# SSE-C and request-header errors, as AWS answers them.
# -------------------------------------------------------------------------------------------------
def test_sse_c_object_without_wrong_or_partial_key_gets_AWS_errors(sse_server, s3, bucket):
    key = customer_key()
    s3.put_object(Bucket=bucket, Key="c", Body=b"secret", **ssec(key))
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="c"), 400, "InvalidRequest",
                 "The object was stored using a form of Server Side Encryption. The correct parameters must be "
                 "provided to retrieve the object.")
    expect_error(lambda: s3.head_object(Bucket=bucket, Key="c"), 400, "")
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="c", **ssec(customer_key())), 403, "AccessDenied")
    expect_error(lambda: s3.head_object(Bucket=bucket, Key="c", **ssec(customer_key())), 403, "")
    path = f"/{bucket}/c"
    cases = [
        ({"x-amz-server-side-encryption-customer-algorithm": "AES256"},
         "InvalidArgument", "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key."),
        ({k: v for k, v in ssec_headers(key).items() if not k.endswith("MD5")},
         "InvalidArgument", "Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key."),
        (ssec_headers(key, md5=hashlib.md5(b"other").digest()),
         "InvalidArgument", "The calculated MD5 hash of the key did not match the hash that was provided."),
        ({**ssec_headers(key), "x-amz-server-side-encryption-customer-algorithm": "AES128"},
         "InvalidEncryptionAlgorithmError", None),
        ({k: v for k, v in ssec_headers(key).items() if not k.endswith("algorithm")},
         "InvalidArgument", "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm."),
        ({**ssec_headers(key), "x-amz-server-side-encryption-customer-key": base64.b64encode(b"short").decode(),
          "x-amz-server-side-encryption-customer-key-MD5": base64.b64encode(hashlib.md5(b"short").digest()).decode()},
         "InvalidArgument", "The secret key was invalid for the specified algorithm."),
    ]
    for headers, code, message in cases:
        for method, body in (("GET", b""), ("PUT", b"data")):
            r = signed_request(sse_server, method, path, body, headers=headers)
            assert r.status == 400, (method, headers, r.body)
            err = r.error()
            assert err["Code"] == code, (method, err)
            if message:
                assert err["Message"] == message, (method, err)
    assert s3.get_object(Bucket=bucket, Key="c", **ssec(key))["Body"].read() == b"secret"


def test_sse_c_headers_on_an_object_that_is_not_sse_c_are_not_applicable(s3, bucket):
    s3.put_object(Bucket=bucket, Key="plain", Body=b"plain")
    s3.put_object(Bucket=bucket, Key="s3", Body=b"s3", ServerSideEncryption="AES256")
    for k in ("plain", "s3"):
        expect_error(lambda: s3.get_object(Bucket=bucket, Key=k, **ssec(customer_key())), 400, "InvalidRequest",
                     "The encryption parameters are not applicable to this object.")


def test_conflicting_or_unknown_sse_headers_on_writes_are_InvalidArgument(sse_server, s3, bucket):
    key = customer_key()
    expect_error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256", **ssec(key)),
                 400, "InvalidArgument")
    expect_error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", SSEKMSKeyId="alias/app"), 400, "InvalidArgument",
                 "Server Side Encryption with KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms")
    expect_error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256",
                                       SSEKMSKeyId="alias/app"), 400, "InvalidArgument")
    r = signed_request(sse_server, "PUT", f"/{bucket}/k", b"x", headers={"x-amz-server-side-encryption": "AES512"})
    assert r.status == 400 and r.error()["Code"] == "InvalidArgument"
    expect_error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms",
                                       SSEKMSEncryptionContext=base64.b64encode(b"not json").decode()), 400, "InvalidArgument")
    # Reads cannot choose an encryption.
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256")
    r = signed_request(sse_server, "GET", f"/{bucket}/k", headers={"x-amz-server-side-encryption": "AES256"})
    assert r.status == 400 and r.error()["Code"] == "InvalidArgument"
    assert r.error()["Message"] == "x-amz-server-side-encryption header is not supported for this operation."


# -------------------------------------------------------------------------------------------------
# Copies.
# -------------------------------------------------------------------------------------------------
def test_copy_object_between_every_pair_of_modes(s3, bucket):
    k1, k2 = customer_key(), customer_key()
    body = os.urandom(300_000)
    modes = {
        "plain": ({}, {}),
        "s3": ({"ServerSideEncryption": "AES256"}, {}),
        "kms": ({"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": OTHER_ARN}, {}),
        "c1": (ssec(k1), ssec(k1)),
        "c2": (ssec(k2), ssec(k2)),
    }
    for name, (write, _) in modes.items():
        s3.put_object(Bucket=bucket, Key=f"src-{name}", Body=body, **write)
    for src, (swrite, sread) in modes.items():
        for dst, (dwrite, dread) in modes.items():
            copy_src = {f"CopySource{k}": v for k, v in sread.items()}
            r = s3.copy_object(Bucket=bucket, Key=f"{src}->{dst}", CopySource={"Bucket": bucket, "Key": f"src-{src}"},
                               **copy_src, **dwrite)
            assert r.get("ServerSideEncryption") == dwrite.get("ServerSideEncryption"), (src, dst, r)
            assert ("SSECustomerAlgorithm" in r) == dst.startswith("c"), (src, dst)
            got = s3.get_object(Bucket=bucket, Key=f"{src}->{dst}", **dread)
            assert got["Body"].read() == body, (src, dst)
    # A copy under a new SSE-C key is not readable with the old one.
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="c1->c2", **ssec(k1)), 403, "AccessDenied")
    # Without the source's key, or with SSE-C source headers for a source that has none.
    expect_error(lambda: s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "src-c1"}),
                 400, "InvalidRequest")
    expect_error(lambda: s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "src-c1"},
                                        **copy_ssec(k2)), 403, "AccessDenied")
    expect_error(lambda: s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "src-s3"},
                                        **copy_ssec(k1)), 400, "InvalidRequest")


def test_copy_onto_itself_is_allowed_when_it_changes_the_encryption(s3, bucket):
    key = customer_key()
    s3.put_object(Bucket=bucket, Key="k", Body=b"rotate me")
    expect_error(lambda: s3.copy_object(Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "k"}),
                 400, "InvalidRequest")
    s3.copy_object(Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "k"}, **ssec(key))
    assert s3.get_object(Bucket=bucket, Key="k", **ssec(key))["Body"].read() == b"rotate me"
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="k"), 400, "InvalidRequest")


def test_copy_of_an_encrypted_multipart_object_keeps_its_parts(s3, bucket):
    key = customer_key()
    up = s3.create_multipart_upload(Bucket=bucket, Key="mp", ServerSideEncryption="AES256")
    bodies = [os.urandom(5 * MiB), os.urandom(4321)]
    parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=bucket, Key="mp", UploadId=up["UploadId"], PartNumber=n,
                                                      Body=b)["ETag"]} for n, b in enumerate(bodies, 1)]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=up["UploadId"], MultipartUpload={"Parts": parts})
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "mp"}, **ssec(key))
    for n, b in enumerate(bodies, 1):
        r = s3.get_object(Bucket=bucket, Key="copy", PartNumber=n, **ssec(key))
        assert r["PartsCount"] == 2 and r["Body"].read() == b


# -------------------------------------------------------------------------------------------------
# Bucket default encryption.
# -------------------------------------------------------------------------------------------------
def test_bucket_default_encryption_put_get_delete_and_applies_to_writes_without_headers(sse_server, s3, bucket):
    err = expect_error(lambda: s3.get_bucket_encryption(Bucket=bucket), 404, "ServerSideEncryptionConfigurationNotFoundError")
    assert err.response["Error"]["Message"] == "The server side encryption configuration was not found"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/app"},
         "BucketKeyEnabled": True}]})
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule == {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/app"},
                    "BucketKeyEnabled": True}
    put = s3.put_object(Bucket=bucket, Key="d", Body=b"default")
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == KEY_ARN and put["BucketKeyEnabled"]
    up = s3.create_multipart_upload(Bucket=bucket, Key="m")
    assert up["ServerSideEncryption"] == "aws:kms"
    s3.abort_multipart_upload(Bucket=bucket, Key="m", UploadId=up["UploadId"])
    cp = s3.copy_object(Bucket=bucket, Key="d2", CopySource={"Bucket": bucket, "Key": "d"})
    assert cp["ServerSideEncryption"] == "aws:kms"
    # Headers win over the default; SSE-C too.
    assert s3.put_object(Bucket=bucket, Key="e", Body=b"e", ServerSideEncryption="AES256")["ServerSideEncryption"] == "AES256"
    key = customer_key()
    c = s3.put_object(Bucket=bucket, Key="c", Body=b"c", **ssec(key))
    assert "ServerSideEncryption" not in c and c["SSECustomerAlgorithm"] == "AES256"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    assert s3.put_object(Bucket=bucket, Key="f", Body=b"f")["ServerSideEncryption"] == "AES256"
    # A default naming an unknown key fails the writes that use it, as AWS does.
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/nope"}}]})
    expect_error(lambda: s3.put_object(Bucket=bucket, Key="g", Body=b"g"), 400, "KMS.NotFoundException")
    s3.delete_bucket_encryption(Bucket=bucket)
    expect_error(lambda: s3.get_bucket_encryption(Bucket=bucket), 404, "ServerSideEncryptionConfigurationNotFoundError")
    assert "ServerSideEncryption" not in s3.put_object(Bucket=bucket, Key="h", Body=b"h")
    assert s3.get_object(Bucket=bucket, Key="d")["Body"].read() == b"default"


def test_put_bucket_encryption_validates_its_document(sse_server, s3, bucket):
    def put(xml: str):
        body = xml.encode()
        return signed_request(sse_server, "PUT", f"/{bucket}?encryption=", body,
                              headers={"Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode()})
    ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
    bad = [f"<ServerSideEncryptionConfiguration {ns}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>DES</SSEAlgorithm>"
           "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>",
           f"<ServerSideEncryptionConfiguration {ns}></ServerSideEncryptionConfiguration>",
           "<Other/>"]
    for xml in bad:
        r = put(xml)
        assert r.status == 400 and r.error()["Code"] == "MalformedXML", r.body
    r = put(f"<ServerSideEncryptionConfiguration {ns}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256"
            "</SSEAlgorithm><KMSMasterKeyID>alias/app</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule>"
            "</ServerSideEncryptionConfiguration>")
    assert r.status == 400 and r.error()["Code"] == "InvalidArgument"
    expect_error(lambda: s3.get_bucket_encryption(Bucket=bucket), 404, "ServerSideEncryptionConfigurationNotFoundError")
    expect_error(lambda: s3.get_bucket_encryption(Bucket=unique_bucket("missing")), 404, "NoSuchBucket")


def test_post_object_forms_take_sse_fields_and_the_bucket_default(s3, bucket):
    import requests
    body = os.urandom(100_000)
    fields = {"x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": "alias/app"}
    post = s3.generate_presigned_post(bucket, "form", Fields=fields, Conditions=[{k: v} for k, v in fields.items()],
                                      ExpiresIn=600)
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("f.bin", body)}, timeout=30)
    assert resp.status_code == 204, resp.text
    assert resp.headers["x-amz-server-side-encryption"] == "aws:kms"
    head = s3.head_object(Bucket=bucket, Key="form")
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == KEY_ARN
    assert s3.get_object(Bucket=bucket, Key="form")["Body"].read() == body
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    post = s3.generate_presigned_post(bucket, "default", ExpiresIn=600)
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("f.bin", body)}, timeout=30)
    assert resp.status_code == 204, resp.text
    assert s3.head_object(Bucket=bucket, Key="default")["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=bucket, Key="default")["Body"].read() == body


# -------------------------------------------------------------------------------------------------
# The AWS CLI.
# -------------------------------------------------------------------------------------------------
def test_aws_cli_round_trips_each_mode_including_multipart_sse_c(sse_server, bucket, tmp_path):
    body = os.urandom(9 * MiB + 12345)          # above the CLI's 8 MiB multipart threshold
    src = tmp_path / "body.bin"
    src.write_bytes(body)
    keyfile = tmp_path / "key.bin"
    keyfile.write_bytes(customer_key())
    sse_c = ["--sse-c", "AES256", "--sse-c-key", f"fileb://{keyfile}"]
    for name, args in [("s3", ["--sse", "AES256"]), ("kms", ["--sse", "aws:kms", "--sse-kms-key-id", "alias/app"]),
                       ("c", sse_c)]:
        run_cli(sse_server, "s3", "cp", str(src), f"s3://{bucket}/{name}", *args)
        out = tmp_path / f"{name}.out"
        run_cli(sse_server, "s3", "cp", f"s3://{bucket}/{name}", str(out), *(sse_c if name == "c" else []))
        assert out.read_bytes() == body, name
    head = json.loads(run_cli(sse_server, "s3api", "head-object", "--bucket", bucket, "--key", "kms").stdout)
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == KEY_ARN
    head = json.loads(run_cli(sse_server, "s3api", "head-object", "--bucket", bucket, "--key", "s3").stdout)
    assert head["ServerSideEncryption"] == "AES256"
    failed = run_cli(sse_server, "s3", "cp", f"s3://{bucket}/c", str(tmp_path / "nokey.out"), check=False)
    assert failed.returncode != 0
    run_cli(sse_server, "s3api", "put-bucket-encryption", "--bucket", bucket, "--server-side-encryption-configuration",
            json.dumps({"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}))
    got = json.loads(run_cli(sse_server, "s3api", "get-bucket-encryption", "--bucket", bucket).stdout)
    assert got["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    run_cli(sse_server, "s3", "cp", str(src), f"s3://{bucket}/default")
    head = json.loads(run_cli(sse_server, "s3api", "head-object", "--bucket", bucket, "--key", "default").stdout)
    assert head["ServerSideEncryption"] == "AES256"
    run_cli(sse_server, "s3api", "delete-bucket-encryption", "--bucket", bucket)
    failed = run_cli(sse_server, "s3api", "get-bucket-encryption", "--bucket", bucket, check=False)
    assert failed.returncode != 0 and "ServerSideEncryptionConfigurationNotFoundError" in failed.stderr


# -------------------------------------------------------------------------------------------------
# What is on disk.
# -------------------------------------------------------------------------------------------------
def windows(body: bytes, step: int, width: int = 32) -> list[bytes]:
    """Slices of `body` every `step` bytes: any stored run of plaintext longer than step+width holds one."""
    return [body[i:i + width] for i in range(0, max(1, len(body) - width + 1), step)]


def files_holding(data_dir: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            if any(n in content for n in needles):
                found.append(str(path.relative_to(data_dir)))
    return found


def test_plaintext_of_encrypted_objects_is_nowhere_under_the_data_directory(own_sse_server):
    srv = own_sse_server
    s3 = srv.client()
    bucket = unique_bucket("disk")
    s3.create_bucket(Bucket=bucket)
    rnd = random.Random(1234)
    big = b"PAIL-SSE-DISTINCTIVE-1MIB:" + rnd.randbytes(MiB - 27)
    small = b"PAIL-SSE-DISTINCTIVE-SMALL:" + rnd.randbytes(500)
    key = customer_key()
    writes = {"s3": {"ServerSideEncryption": "AES256"},
              "kms": {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/app"},
              "c": ssec(key)}
    for name, kw in writes.items():
        s3.put_object(Bucket=bucket, Key=f"{name}/big", Body=big, **kw)
        s3.put_object(Bucket=bucket, Key=f"{name}/small", Body=small, **kw)
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "c/big"}, **copy_ssec(key),
                   ServerSideEncryption="AES256")
    # A multipart upload: one part left uncompleted, one upload completed.
    up = s3.create_multipart_upload(Bucket=bucket, Key="mp", **ssec(key))
    s3.upload_part(Bucket=bucket, Key="mp", UploadId=up["UploadId"], PartNumber=1, Body=big, **ssec(key))
    up2 = s3.create_multipart_upload(Bucket=bucket, Key="mp2", ServerSideEncryption="AES256")
    e = s3.upload_part(Bucket=bucket, Key="mp2", UploadId=up2["UploadId"], PartNumber=1, Body=small)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp2", UploadId=up2["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e}]})
    # A plaintext control object proves the scan finds what is there.
    control = b"PAIL-PLAINTEXT-CONTROL:" + rnd.randbytes(1000)
    s3.put_object(Bucket=bucket, Key="control", Body=control)
    assert s3.get_object(Bucket=bucket, Key="c/big", **ssec(key))["Body"].read() == big
    needles = windows(big, 4096) + windows(small, 16)
    names = {p.name for p in srv.data_dir.rglob("*") if p.is_file()}
    assert {"pail.sqlite", "pail.sqlite-wal"} <= names
    assert files_holding(srv.data_dir, windows(control, 16)), "the scan must find a plaintext object"
    assert files_holding(srv.data_dir, needles) == []
    # fsck expects encrypted objects and parts to be stored longer than their size.
    assert srv.stop() == 0
    fsck_clean(srv.data_dir)
    # Also after a restart (WAL checkpointed, files reopened), and the objects still read back.
    srv.start()
    s3 = srv.client()
    assert files_holding(srv.data_dir, needles) == []
    assert s3.get_object(Bucket=bucket, Key="kms/small")["Body"].read() == small
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == big


def fsck_clean(data_dir: Path) -> None:
    """`pail fsck --deep` on a stopped server's data finds nothing wrong with encrypted objects."""
    out = subprocess.run([str(pail_binary()), "fsck", "--deep", "--data", str(data_dir)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def object_files(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "objects").rglob("*") if p.is_file()]


def test_a_flipped_byte_on_disk_makes_get_fail_cleanly(own_sse_server):
    srv = own_sse_server
    s3 = srv.client()
    bucket = unique_bucket("flip")
    s3.create_bucket(Bucket=bucket)
    body = os.urandom(MiB)
    s3.put_object(Bucket=bucket, Key="k", Body=body, ServerSideEncryption="AES256")
    [path] = object_files(srv.data_dir)
    header, chunk = 48, CHUNK + 16

    def flip(offset: int):
        with open(path, "r+b") as f:
            f.seek(offset)
            b = f.read(1)
            f.seek(offset)
            f.write(bytes([b[0] ^ 0x01]))

    def raw_get(range_header: str | None = None):
        headers = {"Range": range_header} if range_header else {}
        try:
            r = signed_request(srv, "GET", f"/{bucket}/k", headers=headers)
        except Exception as e:  # the connection closed mid-body
            return None, repr(e)
        return r, None

    # A byte in chunk 5: the GET starts (its first chunks are sound), then the connection ends before
    # the damaged chunk; the client never receives a full body.
    flip(header + 5 * chunk + 1000)
    r, failure = raw_get()
    if r is not None:
        assert r.status != 200 or len(r.body) < len(body)
        assert r.body != body
        assert body[5 * CHUNK:6 * CHUNK] not in r.body
    # Ranges that do not touch the damaged chunk still read; one inside it fails before any byte.
    r, _ = raw_get(f"bytes=0-{5 * CHUNK - 1}")
    assert r.status == 206 and r.body == body[:5 * CHUNK]
    r, _ = raw_get(f"bytes={5 * CHUNK + 10}-{5 * CHUNK + 20}")
    assert r.status == 500 and r.error()["Code"] == "InternalError"
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="k", Range=f"bytes={5 * CHUNK}-{5 * CHUNK + 5}"), 500, "InternalError")
    # boto3 on the whole object: an error, never altered bytes.
    try:
        got = s3.get_object(Bucket=bucket, Key="k")["Body"].read()
    except Exception:
        got = None
    assert got != body and (got is None or len(got) < len(body))
    # A byte in the header or the first chunk: an error response before any body byte.
    flip(header + 5 * chunk + 1000)
    flip(header + 10)
    r, _ = raw_get()
    assert r.status == 500 and r.error()["Code"] == "InternalError"
    flip(header + 10)
    flip(20)
    r, _ = raw_get()
    assert r.status == 500
    flip(20)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == body


def test_sigkill_during_encrypted_writes_loses_no_acknowledged_version_and_none_reads_without_its_key(own_sse_server):
    srv = own_sse_server
    s3 = srv.client()
    bucket = unique_bucket("crash")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    acked: dict = {}           # (key, version) -> (md5, mode, customer key)
    attempted: dict = {}       # key -> (mode, customer key)
    lock = threading.Lock()
    stop = threading.Event()

    def worker(seed: int):
        rng = random.Random(seed)
        client = srv.client()
        n = 0
        while not stop.is_set():
            n += 1
            key = f"w{seed}/{n % 7}"
            mode = rng.choice(["s3", "kms", "c"])
            ckey = rng.randbytes(32) if mode == "c" else None
            body = f"{seed}:{n}:".encode() + rng.randbytes(rng.choice([10, 5000, 70_000, 300_000]))
            kw = {"s3": {"ServerSideEncryption": "AES256"},
                  "kms": {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/app"},
                  "c": ssec(ckey) if ckey else {}}[mode]
            with lock:
                attempted.setdefault(key, []).append((mode, ckey))
            try:
                vid = client.put_object(Bucket=bucket, Key=key, Body=body, **kw)["VersionId"]
            except Exception:
                return
            with lock:
                acked[(key, vid)] = (hashlib.md5(body).hexdigest(), mode, ckey)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(2.5)
    srv.send_signal(signal.SIGKILL)
    srv.proc.wait(10)
    stop.set()
    for t in threads:
        t.join(30)
    assert len(acked) > 10, f"only {len(acked)} writes were acknowledged before the kill"
    srv.start()
    s3 = srv.client()
    for (key, vid), (md5, mode, ckey) in acked.items():
        kw = ssec(ckey) if ckey else {}
        got = s3.get_object(Bucket=bucket, Key=key, VersionId=vid, **kw)["Body"].read()
        assert hashlib.md5(got).hexdigest() == md5, (key, vid, mode)
        if mode == "c":
            expect_error(lambda: s3.get_object(Bucket=bucket, Key=key, VersionId=vid), 400, "InvalidRequest")
            expect_error(lambda: s3.get_object(Bucket=bucket, Key=key, VersionId=vid, **ssec(customer_key())),
                         403, "AccessDenied")
    # Every stored SSE-C version, acknowledged or not, refuses a read without its key.
    versions = s3.list_object_versions(Bucket=bucket).get("Versions", [])
    for v in versions:
        head = None
        try:
            head = s3.head_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])
        except ClientError as e:
            assert http_status(e) == 400, e.response   # SSE-C: needs its key
            continue
        assert head.get("ServerSideEncryption") in ("AES256", "aws:kms"), (v, head)
    assert srv.stop() == 0
    fsck_clean(srv.data_dir)
