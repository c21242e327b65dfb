"""Objects: put/get/head/delete, system and user metadata, Content-MD5, checksums, overrides."""
import datetime
import hashlib
import os

import pytest
from botocore.exceptions import ClientError

from pail_e2e import checksum_b64, error_code, http_status, md5_b64, md5_hex

ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]


def assert_absent(s3, bucket, key):
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key=key)
    assert http_status(e.value) == 404


def test_checksum_helper_matches_published_vectors():
    # protocol.md: CRC32("hello world") = DUoRhQ==; check values of "123456789".
    assert checksum_b64("CRC32", b"hello world") == "DUoRhQ=="
    assert checksum_b64("CRC32C", b"123456789") == "4waSgw=="  # 0xe3069283
    assert checksum_b64("CRC64NVME", b"123456789") == "rosUhgp5mIg="  # 0xae8b14860a799888


def test_put_then_get_returns_same_bytes_and_md5_etag(s3, bucket):
    data = os.urandom(100_000)
    put = s3.put_object(Bucket=bucket, Key="obj", Body=data)
    assert put["ETag"] == f'"{md5_hex(data)}"'
    got = s3.get_object(Bucket=bucket, Key="obj")
    assert got["Body"].read() == data
    assert got["ETag"] == put["ETag"]
    assert got["ContentLength"] == len(data)


def test_put_empty_object_then_get_returns_empty_body(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    assert put["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentLength"] == 0


def test_head_object_reports_length_etag_and_last_modified(s3, bucket):
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
    s3.put_object(Bucket=bucket, Key="h", Body=b"hello")
    head = s3.head_object(Bucket=bucket, Key="h")
    after = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5)
    assert head["ContentLength"] == 5
    assert head["ETag"] == f'"{md5_hex(b"hello")}"'
    assert before <= head["LastModified"] <= after


def test_put_with_system_and_user_metadata_returns_them_on_get_and_head(s3, bucket):
    expires = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    s3.put_object(Bucket=bucket, Key="meta", Body=b"payload", ContentType="text/x-pail; charset=utf-8",
                  ContentEncoding="gzip", ContentDisposition='attachment; filename="a b.txt"',
                  ContentLanguage="de-CH", CacheControl="max-age=60, private", Expires=expires,
                  Metadata={"color": "blue", "multi-word-name": "Value With Spaces"})
    for resp in (s3.head_object(Bucket=bucket, Key="meta"), s3.get_object(Bucket=bucket, Key="meta")):
        assert resp["ContentType"] == "text/x-pail; charset=utf-8"
        assert resp["ContentEncoding"] == "gzip"
        assert resp["ContentDisposition"] == 'attachment; filename="a b.txt"'
        assert resp["ContentLanguage"] == "de-CH"
        assert resp["CacheControl"] == "max-age=60, private"
        assert resp["Expires"] == expires
        assert resp["Metadata"] == {"color": "blue", "multi-word-name": "Value With Spaces"}


def test_put_without_content_type_defaults_to_binary_octet_stream(s3, bucket):
    s3.put_object(Bucket=bucket, Key="noct", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="noct")["ContentType"] in ("binary/octet-stream",
                                                                      "application/octet-stream")


def test_overwrite_replaces_content_and_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ow", Body=b"first", Metadata={"v": "1"}, ContentType="text/a")
    s3.put_object(Bucket=bucket, Key="ow", Body=b"second!", Metadata={"w": "2"})
    got = s3.get_object(Bucket=bucket, Key="ow")
    assert got["Body"].read() == b"second!"
    assert got["Metadata"] == {"w": "2"}
    assert got["ContentType"] != "text/a"


def test_put_with_correct_content_md5_succeeds(s3, bucket):
    data = b"md5 checked body"
    resp = s3.put_object(Bucket=bucket, Key="md5ok", Body=data, ContentMD5=md5_b64(data))
    assert resp["ETag"] == f'"{md5_hex(data)}"'


def test_put_with_mismatched_content_md5_returns_BadDigest_and_stores_nothing(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="md5bad", Body=b"the body", ContentMD5=md5_b64(b"another body"))
    assert error_code(e.value) == "BadDigest"
    assert http_status(e.value) == 400
    assert_absent(s3, bucket, "md5bad")


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_put_with_checksum_algorithm_stores_and_returns_checksum(s3, bucket, algorithm):
    data = os.urandom(70_000)
    expected = checksum_b64(algorithm, data)
    key = f"ck-{algorithm}"
    put = s3.put_object(Bucket=bucket, Key=key, Body=data, ChecksumAlgorithm=algorithm)
    assert put.get(f"Checksum{algorithm}") == expected
    head = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    assert head.get(f"Checksum{algorithm}") == expected
    got = s3.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    assert got.get(f"Checksum{algorithm}") == expected
    assert got["Body"].read() == data  # botocore also verifies the body against the header here


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_put_with_wrong_checksum_value_returns_BadDigest_and_stores_nothing(s3, bucket, algorithm):
    data = b"checksummed body"
    wrong = checksum_b64(algorithm, b"something else")
    key = f"bad-{algorithm}"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key=key, Body=data, **{f"Checksum{algorithm}": wrong})
    assert error_code(e.value) == "BadDigest"
    assert http_status(e.value) == 400
    assert_absent(s3, bucket, key)


def test_get_without_checksum_mode_omits_checksum_headers(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="nock", Body=b"abc", ChecksumAlgorithm="SHA256")
    # boto3 >= 1.36 sends x-amz-checksum-mode: ENABLED on its own unless told not to.
    plain = server.client(response_checksum_validation="when_required")
    got = plain.get_object(Bucket=bucket, Key="nock")
    assert "ChecksumSHA256" not in got


def test_get_missing_key_returns_NoSuchKey_404_and_head_returns_404(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="nope")
    assert error_code(e.value) == "NoSuchKey"
    assert http_status(e.value) == 404
    assert_absent(s3, bucket, "nope")


def test_delete_object_removes_it_and_deleting_missing_key_returns_204(s3, bucket):
    s3.put_object(Bucket=bucket, Key="del", Body=b"x")
    assert http_status(s3.delete_object(Bucket=bucket, Key="del")) == 204
    assert_absent(s3, bucket, "del")
    assert http_status(s3.delete_object(Bucket=bucket, Key="del")) == 204


def test_get_with_response_overrides_sets_those_headers(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ovr", Body=b"data", ContentType="text/plain")
    expires = datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    got = s3.get_object(Bucket=bucket, Key="ovr", ResponseContentType="application/x-override",
                        ResponseContentDisposition="inline; filename=o.bin",
                        ResponseCacheControl="no-cache", ResponseContentLanguage="fr",
                        ResponseContentEncoding="identity", ResponseExpires=expires)
    assert got["ContentType"] == "application/x-override"
    assert got["ContentDisposition"] == "inline; filename=o.bin"
    assert got["CacheControl"] == "no-cache"
    assert got["ContentLanguage"] == "fr"
    assert got["ContentEncoding"] == "identity"
    assert got["Expires"] == expires
    assert got["Body"].read() == b"data"
    # the override is per response, not stored
    assert s3.head_object(Bucket=bucket, Key="ovr")["ContentType"] == "text/plain"


def test_put_object_of_one_mib_with_sha256_checksum_round_trips(s3, bucket):
    data = os.urandom(1 << 20)
    s3.put_object(Bucket=bucket, Key="mib", Body=data, ChecksumAlgorithm="SHA256")
    got = s3.get_object(Bucket=bucket, Key="mib", ChecksumMode="ENABLED")
    assert hashlib.sha256(got["Body"].read()).digest() == hashlib.sha256(data).digest()
