"""Payload modes: hex, UNSIGNED-PAYLOAD, and aws-chunked (signed, signed with trailer, unsigned with
trailer), framed by Content-Length or by HTTP chunked transfer coding; bad chunk signatures and bad
trailer checksums are refused and store nothing."""
import datetime
import hashlib
import os

import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from pail_e2e import (STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER, ChunkSigner,
                      RawS3SigV4, checksum_b64, encode_signed_chunks, http_status, signed_request,
                      streaming_put)

AWS_AK = "AKIAIOSFODNN7EXAMPLE"
AWS_SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_encoder_reproduces_aws_chunked_upload_example():
    # https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html, "Example: PUT Object".
    signer = ChunkSigner(AWS_SK, "20130524T000000Z", "us-east-1",
                         "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
    body = encode_signed_chunks(signer, [b"a" * 65536, b"a" * 1024])
    assert body.startswith(b"10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n")
    assert b"400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" in body
    assert body.endswith(b"0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n")


def test_signer_reproduces_aws_seed_signature(monkeypatch):
    # Same example: the seed signature over the request headers.
    import botocore.auth
    monkeypatch.setattr(botocore.auth, "get_current_datetime",
                        lambda *a, **k: datetime.datetime(2013, 5, 24, 0, 0, 0))
    req = AWSRequest(method="PUT", url="https://s3.amazonaws.com/examplebucket/chunkObject.txt", headers={
        "Host": "s3.amazonaws.com", "x-amz-storage-class": "REDUCED_REDUNDANCY",
        "Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": "66560", "Content-Length": "66824",
        "X-Amz-Content-SHA256": STREAMING_SIGNED})
    signer = RawS3SigV4(Credentials(AWS_AK, AWS_SK), "s3", "us-east-1")
    signer.add_auth(req)
    assert signer.signature_value == "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"


def data_of(n, seed=0):
    return hashlib.shake_256(f"{seed}".encode()).digest(n)


def assert_stored(s3, bucket, key, data, algorithm=None):
    got = s3.get_object(Bucket=bucket, Key=key, **({"ChecksumMode": "ENABLED"} if algorithm else {}))
    assert got["Body"].read() == data
    assert got["ContentLength"] == len(data)
    # aws-chunked is a transfer detail: it must not be stored as the object's Content-Encoding.
    assert "aws-chunked" not in (got.get("ContentEncoding") or "")
    if algorithm:
        assert got.get(f"Checksum{algorithm}") == checksum_b64(algorithm, data)


def assert_absent(s3, bucket, key):
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key=key)
    assert http_status(e.value) == 404


def test_put_with_hex_payload_hash_succeeds(server, s3, bucket):
    data = data_of(10_000)
    resp = signed_request(server, "PUT", f"/{bucket}/hex", data)
    assert resp.status == 200, resp.body
    assert_stored(s3, bucket, "hex", data)


def test_put_with_unsigned_payload_succeeds(server, s3, bucket):
    data = data_of(10_000, 1)
    resp = signed_request(server, "PUT", f"/{bucket}/unsigned", data, payload_hash="UNSIGNED-PAYLOAD")
    assert resp.status == 200, resp.body
    assert_stored(s3, bucket, "unsigned", data)


@pytest.mark.parametrize("transfer_chunked", [False, True], ids=["content-length", "transfer-encoding"])
def test_put_streaming_unsigned_trailer_crc32_stores_object_and_checksum(server, s3, bucket, transfer_chunked):
    data = data_of(200_000, 2)
    key = f"ut-{transfer_chunked}"
    resp = streaming_put(server, f"/{bucket}/{key}", data, mode=STREAMING_UNSIGNED_TRAILER,
                         trailer_algorithm="CRC32", transfer_chunked=transfer_chunked)
    assert resp.status == 200, resp.body
    assert resp.headers.get("x-amz-checksum-crc32") in (None, checksum_b64("CRC32", data))
    assert_stored(s3, bucket, key, data, "CRC32")


def test_put_streaming_unsigned_trailer_with_wrong_crc32_returns_BadDigest_and_stores_nothing(server, s3, bucket):
    data = data_of(50_000, 3)
    resp = streaming_put(server, f"/{bucket}/ut-bad", data, mode=STREAMING_UNSIGNED_TRAILER,
                         trailer_algorithm="CRC32", trailer_value=checksum_b64("CRC32", b"other"))
    assert resp.status == 400
    assert resp.error()["Code"] == "BadDigest"
    assert_absent(s3, bucket, "ut-bad")


@pytest.mark.parametrize("transfer_chunked", [False, True], ids=["content-length", "transfer-encoding"])
def test_put_streaming_signed_chunks_stores_object(server, s3, bucket, transfer_chunked):
    data = data_of(64 * 1024 * 2 + 100, 4)  # two full 64 KiB chunks and a short one
    key = f"sc-{transfer_chunked}"
    resp = streaming_put(server, f"/{bucket}/{key}", data, mode=STREAMING_SIGNED, transfer_chunked=transfer_chunked)
    assert resp.status == 200, resp.body
    assert resp.headers.get("etag") == f'"{hashlib.md5(data).hexdigest()}"'
    assert_stored(s3, bucket, key, data)


def test_put_streaming_signed_chunks_with_metadata_keeps_metadata(server, s3, bucket):
    data = data_of(9000, 5)
    resp = streaming_put(server, f"/{bucket}/sc-meta", data, mode=STREAMING_SIGNED, chunk_size=8192,
                         headers={"Content-Type": "text/x-chunked", "X-Amz-Meta-Flavour": "chunky"})
    assert resp.status == 200, resp.body
    head = s3.head_object(Bucket=bucket, Key="sc-meta")
    assert head["ContentType"] == "text/x-chunked"
    assert head["Metadata"] == {"flavour": "chunky"}


@pytest.mark.parametrize("bad_chunk", [0, 1, 2], ids=["first", "second", "final"])
def test_put_streaming_signed_chunk_with_wrong_signature_returns_403_and_stores_nothing(server, s3, bucket, bad_chunk):
    data = data_of(64 * 1024 + 10, 6)
    key = f"sc-bad-{bad_chunk}"
    resp = streaming_put(server, f"/{bucket}/{key}", data, mode=STREAMING_SIGNED, corrupt_chunk=bad_chunk)
    assert resp.status == 403
    assert resp.error()["Code"] == "SignatureDoesNotMatch"
    assert_absent(s3, bucket, key)


def test_put_streaming_signed_chunks_with_tampered_data_returns_403_and_stores_nothing(server, s3, bucket):
    data = data_of(20_000, 7)
    # Sign the real data, then send a body whose first chunk's bytes were altered.
    from pail_e2e import sign_headers, raw_request, split_chunks
    send, signer, req = sign_headers(server, "PUT", f"/{bucket}/tampered", {
        "Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": str(len(data))},
        payload_hash=STREAMING_SIGNED)
    body = encode_signed_chunks(ChunkSigner(server.secret_key, req.context["timestamp"], server.region,
                                            signer.signature_value), split_chunks(data, 8192))
    i = body.index(b"\r\n") + 2
    body = body[:i] + bytes([body[i] ^ 1]) + body[i + 1:]
    send["Content-Length"] = str(len(body))
    status, headers, rbody = raw_request(server, "PUT", f"/{bucket}/tampered", body, headers=send)
    assert status == 403, rbody
    assert_absent(s3, bucket, "tampered")


@pytest.mark.parametrize("transfer_chunked", [False, True], ids=["content-length", "transfer-encoding"])
def test_put_streaming_signed_chunks_with_signed_trailer_stores_object_and_checksum(server, s3, bucket, transfer_chunked):
    data = data_of(100_000, 8)
    key = f"st-{transfer_chunked}"
    resp = streaming_put(server, f"/{bucket}/{key}", data, mode=STREAMING_SIGNED_TRAILER,
                         trailer_algorithm="CRC32", transfer_chunked=transfer_chunked)
    assert resp.status == 200, resp.body
    assert_stored(s3, bucket, key, data, "CRC32")


def test_put_streaming_signed_trailer_with_wrong_crc32_returns_BadDigest_and_stores_nothing(server, s3, bucket):
    data = data_of(30_000, 9)
    resp = streaming_put(server, f"/{bucket}/st-bad", data, mode=STREAMING_SIGNED_TRAILER,
                         trailer_algorithm="CRC32", trailer_value=checksum_b64("CRC32", b"other"))
    assert resp.status == 400
    assert resp.error()["Code"] == "BadDigest"
    assert_absent(s3, bucket, "st-bad")


def test_put_streaming_with_decoded_length_mismatch_is_refused(server, s3, bucket):
    data = data_of(10_000, 10)
    resp = streaming_put(server, f"/{bucket}/len-bad", data, mode=STREAMING_SIGNED,
                         headers={"X-Amz-Decoded-Content-Length": str(len(data) + 5)})
    assert 400 <= resp.status < 500
    assert_absent(s3, bucket, "len-bad")
