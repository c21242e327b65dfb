"""DeleteObjects: 1000 keys, quiet mode, missing keys, and the 1000-key limit."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status


def fill(s3, bucket, keys):
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=b"d"), keys))


def listed_keys(s3, bucket):
    return [c["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for c in p.get("Contents", [])]


def test_delete_objects_with_1000_keys_deletes_all_and_reports_each(s3, bucket):
    keys = [f"many/{i:04d}" for i in range(1000)]
    fill(s3, bucket, keys + ["keep"])
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    assert sorted(d["Key"] for d in resp["Deleted"]) == keys
    assert not resp.get("Errors")
    assert listed_keys(s3, bucket) == ["keep"]


def test_delete_objects_quiet_reports_no_deleted_entries(s3, bucket):
    keys = [f"q/{i}" for i in range(20)]
    fill(s3, bucket, keys)
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True})
    assert not resp.get("Deleted")
    assert not resp.get("Errors")
    assert listed_keys(s3, bucket) == []


def test_delete_objects_missing_keys_count_as_deleted(s3, bucket):
    s3.put_object(Bucket=bucket, Key="present", Body=b"x")
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "present"}, {"Key": "absent"}]})
    assert sorted(d["Key"] for d in resp["Deleted"]) == ["absent", "present"]
    assert not resp.get("Errors")


def test_delete_objects_with_1001_keys_returns_MalformedXML_and_deletes_nothing(s3, bucket):
    keys = [f"over/{i:04d}" for i in range(1001)]
    fill(s3, bucket, keys[:5])
    with pytest.raises(ClientError) as e:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    assert error_code(e.value) == "MalformedXML"
    assert http_status(e.value) == 400
    assert listed_keys(s3, bucket) == keys[:5]


def test_delete_objects_with_awkward_keys_deletes_them(s3, bucket):
    keys = ["a b", "c+d", "e&f<g>", "unicode-ü", "x/../y"]
    fill(s3, bucket, keys)
    resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    assert sorted(d["Key"] for d in resp["Deleted"]) == sorted(keys)
    assert listed_keys(s3, bucket) == []
