"""CopyObject: metadata directives, conditions on the source, across buckets, awkward keys."""
import datetime

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, md5_hex, unique_bucket

HOUR = datetime.timedelta(hours=1)
BODY = b"copy source body"


@pytest.fixture
def src(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="src dir/é+%.txt", Body=BODY, ContentType="text/x-src",
                        CacheControl="max-age=5", Metadata={"origin": "source"})
    head = s3.head_object(Bucket=bucket, Key="src dir/é+%.txt")
    return {"Bucket": bucket, "Key": "src dir/é+%.txt", "etag": put["ETag"], "mtime": head["LastModified"]}


def source(src):
    return {"Bucket": src["Bucket"], "Key": src["Key"]}


def test_copy_with_default_directive_copies_body_and_metadata(s3, src):
    resp = s3.copy_object(Bucket=src["Bucket"], Key="dst", CopySource=source(src))
    assert resp["CopyObjectResult"]["ETag"] == f'"{md5_hex(BODY)}"'
    assert resp["CopyObjectResult"]["LastModified"] is not None
    got = s3.get_object(Bucket=src["Bucket"], Key="dst")
    assert got["Body"].read() == BODY
    assert got["ContentType"] == "text/x-src"
    assert got["CacheControl"] == "max-age=5"
    assert got["Metadata"] == {"origin": "source"}


def test_copy_with_replace_directive_sets_new_metadata(s3, src):
    s3.copy_object(Bucket=src["Bucket"], Key="dst", CopySource=source(src), MetadataDirective="REPLACE",
                   ContentType="application/x-new", Metadata={"fresh": "yes"})
    head = s3.head_object(Bucket=src["Bucket"], Key="dst")
    assert head["ContentType"] == "application/x-new"
    assert head["Metadata"] == {"fresh": "yes"}
    assert "CacheControl" not in head
    assert s3.get_object(Bucket=src["Bucket"], Key="dst")["Body"].read() == BODY


def test_copy_onto_itself_with_replace_updates_metadata(s3, src):
    s3.copy_object(Bucket=src["Bucket"], Key=src["Key"], CopySource=source(src), MetadataDirective="REPLACE",
                   Metadata={"origin": "rewritten"})
    got = s3.get_object(Bucket=src["Bucket"], Key=src["Key"])
    assert got["Metadata"] == {"origin": "rewritten"}
    assert got["Body"].read() == BODY


def test_copy_to_another_bucket_copies_body(s3, src):
    other = unique_bucket("copydst")
    s3.create_bucket(Bucket=other)
    s3.copy_object(Bucket=other, Key="copied", CopySource=source(src))
    assert s3.get_object(Bucket=other, Key="copied")["Body"].read() == BODY
    # the source stays
    assert s3.get_object(Bucket=src["Bucket"], Key=src["Key"])["Body"].read() == BODY


def test_copy_from_missing_key_returns_NoSuchKey(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "missing"})
    assert error_code(e.value) == "NoSuchKey"
    assert http_status(e.value) == 404


@pytest.mark.parametrize("condition", [
    "if_match_other", "if_none_match_current", "if_modified_since_future", "if_unmodified_since_past"])
def test_copy_with_failing_source_condition_returns_412_and_writes_nothing(s3, src, condition):
    kw = {
        "if_match_other": {"CopySourceIfMatch": '"0123456789abcdef0123456789abcdef"'},
        "if_none_match_current": {"CopySourceIfNoneMatch": src["etag"]},
        "if_modified_since_future": {"CopySourceIfModifiedSince": src["mtime"] + HOUR},
        "if_unmodified_since_past": {"CopySourceIfUnmodifiedSince": src["mtime"] - HOUR},
    }[condition]
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=src["Bucket"], Key="dst", CopySource=source(src), **kw)
    assert http_status(e.value) == 412
    assert error_code(e.value) == "PreconditionFailed"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=src["Bucket"], Key="dst")
    assert http_status(e.value) == 404


@pytest.mark.parametrize("condition", [
    "if_match_current", "if_none_match_other", "if_modified_since_past", "if_unmodified_since_future"])
def test_copy_with_passing_source_condition_copies(s3, src, condition):
    kw = {
        "if_match_current": {"CopySourceIfMatch": src["etag"]},
        "if_none_match_other": {"CopySourceIfNoneMatch": '"0123456789abcdef0123456789abcdef"'},
        "if_modified_since_past": {"CopySourceIfModifiedSince": src["mtime"] - HOUR},
        "if_unmodified_since_future": {"CopySourceIfUnmodifiedSince": src["mtime"] + HOUR},
    }[condition]
    s3.copy_object(Bucket=src["Bucket"], Key="dst", CopySource=source(src), **kw)
    assert s3.get_object(Bucket=src["Bucket"], Key="dst")["Body"].read() == BODY
