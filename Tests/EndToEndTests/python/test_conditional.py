"""Conditional reads (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) and writes."""
import datetime

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def obj(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="cond", Body=b"conditional body")
    head = s3.head_object(Bucket=bucket, Key="cond")
    return {"Bucket": bucket, "Key": "cond", "etag": put["ETag"], "mtime": head["LastModified"]}


def get(s3, obj, **kw):
    return s3.get_object(Bucket=obj["Bucket"], Key=obj["Key"], **kw)


def expect_status(call, status, code=None):
    with pytest.raises(ClientError) as e:
        call()
    assert http_status(e.value) == status, e.value.response
    if code is not None:
        assert error_code(e.value) == code
    return e.value


def test_get_if_match_with_current_etag_returns_200(s3, obj):
    assert get(s3, obj, IfMatch=obj["etag"])["Body"].read() == b"conditional body"


def test_get_if_match_with_other_etag_returns_412_PreconditionFailed(s3, obj):
    expect_status(lambda: get(s3, obj, IfMatch='"0123456789abcdef0123456789abcdef"'), 412, "PreconditionFailed")


def test_get_if_none_match_with_current_etag_returns_304(s3, obj):
    expect_status(lambda: get(s3, obj, IfNoneMatch=obj["etag"]), 304)


def test_head_if_none_match_with_current_etag_returns_304(s3, obj):
    expect_status(lambda: s3.head_object(Bucket=obj["Bucket"], Key=obj["Key"], IfNoneMatch=obj["etag"]), 304)


def test_get_if_none_match_with_other_etag_returns_200(s3, obj):
    assert http_status(get(s3, obj, IfNoneMatch='"ffffffffffffffffffffffffffffffff"')) == 200


def test_get_if_modified_since_before_mtime_returns_200(s3, obj):
    assert http_status(get(s3, obj, IfModifiedSince=obj["mtime"] - HOUR)) == 200


def test_get_if_modified_since_after_mtime_returns_304(s3, obj):
    expect_status(lambda: get(s3, obj, IfModifiedSince=obj["mtime"] + HOUR), 304)


def test_get_if_unmodified_since_before_mtime_returns_412(s3, obj):
    expect_status(lambda: get(s3, obj, IfUnmodifiedSince=obj["mtime"] - HOUR), 412, "PreconditionFailed")


def test_get_if_unmodified_since_after_mtime_returns_200(s3, obj):
    assert http_status(get(s3, obj, IfUnmodifiedSince=obj["mtime"] + HOUR)) == 200


def test_get_if_match_true_and_if_unmodified_since_false_returns_200(s3, obj):
    # RFC 7232 / S3: If-Match that passes makes If-Unmodified-Since irrelevant.
    assert http_status(get(s3, obj, IfMatch=obj["etag"], IfUnmodifiedSince=obj["mtime"] - HOUR)) == 200


def test_get_if_none_match_false_and_if_modified_since_true_returns_304(s3, obj):
    expect_status(lambda: get(s3, obj, IfNoneMatch=obj["etag"], IfModifiedSince=obj["mtime"] - HOUR), 304)


def test_head_if_match_with_other_etag_returns_412(s3, obj):
    expect_status(lambda: s3.head_object(Bucket=obj["Bucket"], Key=obj["Key"],
                                         IfMatch='"0123456789abcdef0123456789abcdef"'), 412)


def test_put_if_none_match_star_on_new_key_succeeds(s3, bucket):
    assert http_status(s3.put_object(Bucket=bucket, Key="fresh", Body=b"1", IfNoneMatch="*")) == 200
    assert s3.get_object(Bucket=bucket, Key="fresh")["Body"].read() == b"1"


def test_put_if_none_match_star_on_existing_key_returns_412_and_keeps_content(s3, obj):
    expect_status(lambda: s3.put_object(Bucket=obj["Bucket"], Key=obj["Key"], Body=b"overwrite",
                                        IfNoneMatch="*"), 412, "PreconditionFailed")
    assert get(s3, obj)["Body"].read() == b"conditional body"


def test_put_if_match_with_other_etag_returns_412_and_keeps_content(s3, obj):
    expect_status(lambda: s3.put_object(Bucket=obj["Bucket"], Key=obj["Key"], Body=b"overwrite",
                                        IfMatch='"0123456789abcdef0123456789abcdef"'), 412, "PreconditionFailed")
    assert get(s3, obj)["Body"].read() == b"conditional body"


def test_put_if_match_with_current_etag_overwrites(s3, obj):
    s3.put_object(Bucket=obj["Bucket"], Key=obj["Key"], Body=b"v2", IfMatch=obj["etag"])
    assert get(s3, obj)["Body"].read() == b"v2"
