"""Small gaps real clients hit: ListBuckets paging, max-keys=0, non-ASCII metadata, Content-Encoding."""
import base64
import os
import http.client

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, quote_key, sign_headers, unique_bucket


def test_list_buckets_pages_with_max_buckets_and_continuation_token(start_server):
    srv = start_server("paging")
    c = srv.client()
    names = sorted(unique_bucket(f"pg{i}") for i in range(7))
    for n in names:
        c.create_bucket(Bucket=n)
    seen, token = [], None
    while True:
        kw = {"MaxBuckets": 3}
        if token:
            kw["ContinuationToken"] = token
        page = c.list_buckets(**kw)
        assert len(page["Buckets"]) <= 3
        seen += [b["Name"] for b in page["Buckets"]]
        token = page.get("ContinuationToken")
        if not token:
            break
    assert seen == names
    assert all(b["BucketRegion"] == "us-east-1" for b in c.list_buckets()["Buckets"])


def test_list_buckets_prefix_and_region_filters(start_server):
    srv = start_server("filters")
    c = srv.client()
    a, b = unique_bucket("alpha"), unique_bucket("beta")
    c.create_bucket(Bucket=a)
    c.create_bucket(Bucket=b)
    page = c.list_buckets(Prefix="alpha")
    assert [x["Name"] for x in page["Buckets"]] == [a]
    assert page["Prefix"] == "alpha"
    assert c.list_buckets(BucketRegion="eu-west-1")["Buckets"] == []


def test_list_buckets_max_buckets_out_of_range_is_InvalidArgument(s3):
    with pytest.raises(ClientError) as e:
        s3.list_buckets(MaxBuckets=10001)
    assert error_code(e.value) == "InvalidArgument"
    assert http_status(e.value) == 400


def test_max_keys_zero_lists_nothing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"1")
    for resp in (s3.list_objects_v2(Bucket=bucket, MaxKeys=0), s3.list_objects(Bucket=bucket, MaxKeys=0)):
        assert resp.get("Contents", []) == []
        assert resp["MaxKeys"] == 0
    assert s3.list_objects_v2(Bucket=bucket, MaxKeys=0)["KeyCount"] == 0
    assert s3.list_object_versions(Bucket=bucket, MaxKeys=0).get("Versions", []) == []


def _put_raw(server, bucket, key, headers: dict[str, bytes]):
    target = f"/{bucket}/{quote_key(key)}"
    sign = {k: v.decode("latin-1") for k, v in headers.items()}
    send, _, _ = sign_headers(server, "PUT", target, sign, payload_hash="UNSIGNED-PAYLOAD")
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.putrequest("PUT", target, skip_host=True, skip_accept_encoding=True)
        for k, v in send.items():
            conn.putheader(k, headers.get(k, v.encode("latin-1")) if isinstance(v, str) else v)
        conn.putheader("Content-Length", "1")
        conn.endheaders()
        conn.send(b"x")
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def test_non_ascii_metadata_is_returned_rfc2047_encoded_as_aws_does(server, s3, bucket):
    server.require_process()
    # Sent as an RFC 2047 encoded word (what SDKs send for non-ASCII): stored decoded, returned encoded.
    word = "=?UTF-8?B?" + base64.b64encode("Grüße 日本".encode()).decode() + "?="
    assert _put_raw(server, bucket, "encoded", {"x-amz-meta-greeting": word.encode()}) == 200
    got = s3.head_object(Bucket=bucket, Key="encoded")["ResponseMetadata"]["HTTPHeaders"]["x-amz-meta-greeting"]
    assert got.startswith("=?UTF-8?B?") and got.endswith("?=")
    assert base64.b64decode(got[10:-2]).decode() == "Grüße 日本"
    # ASCII values come back exactly as sent.
    s3.put_object(Bucket=bucket, Key="ascii", Body=b"x", Metadata={"plain": "hello world"})
    assert s3.head_object(Bucket=bucket, Key="ascii")["Metadata"] == {"plain": "hello world"}


def test_content_encoding_is_returned_exactly_as_sent(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gz", Body=b"x", ContentEncoding="gzip, br")
    assert s3.head_object(Bucket=bucket, Key="gz")["ContentEncoding"] == "gzip, br"
    s3.put_object(Bucket=bucket, Key="id", Body=b"x", ContentEncoding="identity")
    assert s3.get_object(Bucket=bucket, Key="id")["ContentEncoding"] == "identity"


def _crc32_upload(s3, bucket, key):
    up = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    part = s3.upload_part(Bucket=bucket, Key=key, UploadId=up["UploadId"], PartNumber=1, Body=b"hello world",
                          ChecksumAlgorithm="CRC32")
    return up["UploadId"], {"PartNumber": 1, "ETag": part["ETag"], "ChecksumCRC32": part["ChecksumCRC32"]}


def test_complete_multipart_whole_checksum_wrong_is_BadDigest_malformed_is_InvalidRequest(s3, bucket):
    import zlib
    upload_id, part = _crc32_upload(s3, bucket, "mp")
    wrong = base64.b64encode((zlib.crc32(b"other") & 0xffffffff).to_bytes(4, "big")).decode()
    for value, code in ((wrong, "BadDigest"), ("not-base64!", "InvalidRequest")):
        with pytest.raises(ClientError) as e:
            s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload_id, ChecksumCRC32=value,
                                         ChecksumType="FULL_OBJECT", MultipartUpload={"Parts": [part]})
        assert error_code(e.value) == code
    right = base64.b64encode((zlib.crc32(b"hello world") & 0xffffffff).to_bytes(4, "big")).decode()
    done = s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload_id, ChecksumCRC32=right,
                                        ChecksumType="FULL_OBJECT", MultipartUpload={"Parts": [part]})
    assert done["ChecksumCRC32"] == right and done["ChecksumType"] == "FULL_OBJECT"
    attrs = s3.get_object_attributes(Bucket=bucket, Key="mp", ObjectAttributes=["Checksum", "ObjectParts"])
    assert attrs["Checksum"]["ChecksumCRC32"] == right
    assert attrs["Checksum"]["ChecksumType"] == "FULL_OBJECT"
    assert attrs["ObjectParts"]["TotalPartsCount"] == 1


def test_part_number_reads_parts_and_refuses_out_of_range(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    first, second = os.urandom(5 * 1024 * 1024), b"tail-bytes"
    p1 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=up, PartNumber=1, Body=first)["ETag"]
    p2 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=up, PartNumber=2, Body=second)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=up, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": p1}, {"PartNumber": 2, "ETag": p2}]})
    got = s3.get_object(Bucket=bucket, Key="mp", PartNumber=2)
    assert got["Body"].read() == second and got["PartsCount"] == 2
    assert got["ContentRange"] == f"bytes {len(first)}-{len(first) + len(second) - 1}/{len(first) + len(second)}"
    assert s3.head_object(Bucket=bucket, Key="mp", PartNumber=1)["ContentLength"] == len(first)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="mp", PartNumber=3)
    assert error_code(e.value) == "InvalidPartNumber" and http_status(e.value) == 416
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="mp", PartNumber=1, Range="bytes=0-1")
    assert error_code(e.value) == "InvalidRequest"
    # An object that is not multipart is one part.
    s3.put_object(Bucket=bucket, Key="single", Body=b"whole")
    one = s3.get_object(Bucket=bucket, Key="single", PartNumber=1)
    assert one["Body"].read() == b"whole" and one["PartsCount"] == 1


def test_if_match_put_that_loses_a_race_is_409_ConditionalRequestConflict(server, s3, bucket):
    """The If-Match held when the PUT began; another writer replaced the object while its body was
    still arriving. AWS: 409 ConditionalRequestConflict (retry), not 412."""
    import socket
    import time
    server.require_process()
    etag = s3.put_object(Bucket=bucket, Key="race", Body=b"v1")["ETag"]
    body = b"x" * 200_000
    target = f"/{bucket}/race"
    headers, _, _ = sign_headers(server, "PUT", target, {"If-Match": etag, "Content-Length": str(len(body))},
                                 payload_hash="UNSIGNED-PAYLOAD")
    head = f"PUT {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    sock = socket.create_connection((server.host, server.port), timeout=30)
    try:
        sock.sendall(head.encode() + body[:1000])
        time.sleep(0.5)                                    # the server has checked If-Match by now
        s3.put_object(Bucket=bucket, Key="race", Body=b"the other writer")
        sock.sendall(body[1000:])
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 409"), reply[:300]
        deadline = time.time() + 5
        while b"</Error>" not in reply and time.time() < deadline:
            reply += sock.recv(65536)
        assert b"ConditionalRequestConflict" in reply
    finally:
        sock.close()
    assert s3.get_object(Bucket=bucket, Key="race")["Body"].read() == b"the other writer"
